-- Pipelines (issue #20). The request document is stored as given; each step is a row whose state and job id move
-- under a state check, so after a crash the runner continues from the rows alone.
CREATE TABLE pipelines (
    seq          BIGINT AUTO_INCREMENT PRIMARY KEY,
    id           VARCHAR(40)   NOT NULL UNIQUE,
    owner_id     VARCHAR(40)   NOT NULL,
    owner_name   VARCHAR(200)  NOT NULL,
    owner_roles  VARCHAR(200)  NOT NULL,
    name         VARCHAR(200)  NOT NULL,
    state        VARCHAR(20)   NOT NULL,
    cancel_asked BOOLEAN       DEFAULT FALSE NOT NULL,
    replay_of    VARCHAR(40),
    error        VARCHAR(2000),
    created_at   TIMESTAMP     NOT NULL,
    ended_at     TIMESTAMP,
    doc          CLOB          NOT NULL
);
CREATE INDEX pipelines_owner ON pipelines(owner_id, seq);
CREATE INDEX pipelines_state ON pipelines(state);

CREATE TABLE pipeline_steps (
    pipeline_id  VARCHAR(40)   NOT NULL,
    name         VARCHAR(40)   NOT NULL,
    ord          INT           NOT NULL,
    state        VARCHAR(20)   NOT NULL,
    depends_on   VARCHAR(2000) NOT NULL,
    attempt      INT           DEFAULT 0 NOT NULL,
    job_id       VARCHAR(40),
    replay_of    VARCHAR(40),
    message      VARCHAR(2000),
    PRIMARY KEY (pipeline_id, name)
);

-- The signed statement of a finished pipeline, listing its steps' statements.
CREATE TABLE pipeline_provenance (
    pipeline_id VARCHAR(40) PRIMARY KEY,
    envelope    CLOB        NOT NULL,
    created_at  TIMESTAMP   NOT NULL
);
