-- The job list pages newest first by seq (keyset cursor), optionally filtered by state or service; the queue takes
-- the oldest QUEUED row. With (filter, seq) indexes each page reads only the rows it returns, at any table size.
CREATE INDEX jobs_state_seq ON jobs(state, seq);
CREATE INDEX jobs_service_seq ON jobs(service_name, seq);
DROP INDEX jobs_state;
