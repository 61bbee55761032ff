-- How many times a called person was called again, and indexes for the queue and purge queries.
ALTER TABLE help_requests ADD COLUMN recall_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX help_requests_status ON help_requests (status, id);
CREATE INDEX help_requests_finished ON help_requests (finished_at);
CREATE INDEX events_created ON events (created_at);
