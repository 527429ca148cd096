-- Jobs. The queryable fields are columns; the rest of the job (inputs, outputs, parameters, effective sandbox,
-- policy decision, reproducibility) is one JSON document, rewritten only under a state check (see JobStore).
CREATE TABLE jobs (
    seq          BIGINT AUTO_INCREMENT PRIMARY KEY,
    id           VARCHAR(40)  NOT NULL UNIQUE,
    owner_id     VARCHAR(40)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    service_name VARCHAR(200),
    engine       VARCHAR(100),
    created_at   TIMESTAMP    NOT NULL,
    doc          CLOB         NOT NULL
);
CREATE INDEX jobs_owner ON jobs(owner_id, seq);
CREATE INDEX jobs_state ON jobs(state);

CREATE TABLE job_tags (
    job_id VARCHAR(40)  NOT NULL,
    tag    VARCHAR(100) NOT NULL,
    val    VARCHAR(400) NOT NULL,
    PRIMARY KEY (job_id, tag)
);

CREATE TABLE job_events (
    job_id VARCHAR(40) NOT NULL,
    seq    BIGINT      NOT NULL,
    at     TIMESTAMP   NOT NULL,
    type   VARCHAR(40) NOT NULL,
    data   CLOB        NOT NULL,
    PRIMARY KEY (job_id, seq)
);
