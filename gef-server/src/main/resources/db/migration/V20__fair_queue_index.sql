-- The fair queue asks for each user's oldest queued job and counts each user's running jobs (issue #15).
CREATE INDEX jobs_state_owner ON jobs(state, owner_id, seq);
