-- Published service versions (immutable once published; deprecation only hides them) and publishing builds.
CREATE TABLE service_versions (
    name          VARCHAR(64)  NOT NULL,
    version       VARCHAR(128) NOT NULL,
    digest        VARCHAR(71)  NOT NULL,
    image         VARCHAR(400) NOT NULL,
    config_digest VARCHAR(71)  NOT NULL,
    labels        CLOB         NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    publisher     VARCHAR(40)  NOT NULL,
    published_at  TIMESTAMP    NOT NULL,
    deprecated_at TIMESTAMP,
    PRIMARY KEY (name, version)
);
CREATE INDEX service_versions_digest ON service_versions(digest);

CREATE TABLE service_builds (
    id         VARCHAR(40) PRIMARY KEY,
    owner_id   VARCHAR(40) NOT NULL,
    created_at TIMESTAMP   NOT NULL,
    doc        CLOB        NOT NULL
);
