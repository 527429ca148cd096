-- A user's job list filtered by service (the owner is always a filter for non-admins) walks this index and stops
-- after the page; with only (owner, seq) and (service, seq) H2 read every job of the service and sorted them. (The
-- owner and state filter walks V20's (state, owner, seq), see JobStore.order.)
CREATE INDEX jobs_owner_service_seq ON jobs(owner_id, service_name, seq);
