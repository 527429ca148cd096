-- The signed provenance (DSSE envelope) of each job that ran.
CREATE TABLE provenance (
    job_id     VARCHAR(40) PRIMARY KEY,
    envelope   CLOB        NOT NULL,
    created_at TIMESTAMP   NOT NULL
);
