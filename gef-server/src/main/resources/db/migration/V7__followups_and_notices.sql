-- The work a job's end triggers (signing its provenance), recorded in the same transaction as the terminal state
-- and deleted when done: a crash or a failure between the two leaves the row, which is retried (JobFollowUps).
CREATE TABLE job_followups (
    job_id     VARCHAR(40)   PRIMARY KEY,
    attempts   INT           NOT NULL DEFAULT 0,
    due_at     TIMESTAMP     NOT NULL,
    last_error VARCHAR(1000)
);
-- Jobs that ended before follow-ups existed and have no statement: sign them now (a job that never ran is skipped).
INSERT INTO job_followups(job_id, due_at)
    SELECT id, CURRENT_TIMESTAMP FROM jobs
    WHERE state IN ('COMPLETE', 'EXECUTOR_ERROR', 'SYSTEM_ERROR', 'CANCELED')
      AND id NOT IN (SELECT job_id FROM provenance);

-- Things admins must hear about that no request asked for (a container found running without a job record).
CREATE TABLE notices (
    seq     BIGINT AUTO_INCREMENT PRIMARY KEY,
    at      TIMESTAMP     NOT NULL,
    kind    VARCHAR(60)   NOT NULL,
    message VARCHAR(2000) NOT NULL,
    data    CLOB          NOT NULL
);
