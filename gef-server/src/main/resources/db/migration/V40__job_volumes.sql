-- Which volumes a job reads or writes, as rows: "is this volume used by a job that has not ended?" (asked before
-- a volume is deleted) becomes an index lookup instead of a LIKE scan of every active job's JSON document.
-- Rows are added whenever a job's stored version names a volume (JobStore) and kept after the job ends.
CREATE TABLE job_volumes (
    job_id    VARCHAR(40) NOT NULL,
    volume_id VARCHAR(80) NOT NULL,
    PRIMARY KEY (job_id, volume_id)
);
CREATE INDEX job_volumes_volume ON job_volumes(volume_id);

-- Jobs not ended at upgrade time: take their volume ids from the document once (only these matter for "in use").
INSERT INTO job_volumes(job_id, volume_id)
    SELECT DISTINCT j.id, REGEXP_SUBSTR(j.doc, '"volumeId":"([^"]+)"', 1, r.X, '', 1)
    FROM jobs j, SYSTEM_RANGE(1, 64) r
    WHERE j.state IN ('QUEUED', 'INITIALIZING', 'RUNNING')
      AND REGEXP_SUBSTR(j.doc, '"volumeId":"([^"]+)"', 1, r.X, '', 1) IS NOT NULL;
