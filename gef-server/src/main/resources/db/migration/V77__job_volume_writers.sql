-- "Is this volume being written?" (asked for every input of every submission) read every job that ever named the
-- volume, readers included, and each one's document: with 10,000 jobs reading one input volume that query was half
-- of the server's CPU at full load (JFR, bench/run's 10,000-job phase, 2026-12-03). A row now says whether its
-- job writes the volume (an output), and the question reads only writers through their own index.
ALTER TABLE job_volumes ADD COLUMN writes BOOLEAN DEFAULT FALSE NOT NULL;
-- Rows written before this version do not say: a job not ended yet counts as a possible writer (the caller still
-- checks the job's outputs); ended jobs never write again.
UPDATE job_volumes SET writes = TRUE
    WHERE job_id IN (SELECT id FROM jobs WHERE state IN ('QUEUED', 'INITIALIZING', 'RUNNING'));
CREATE INDEX job_volumes_writer ON job_volumes(volume_id, writes);
