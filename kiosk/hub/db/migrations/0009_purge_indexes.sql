-- Indexes for the retention timer (issue 10), so that its pass every ten minutes reads only the rows it
-- erases: print jobs never finished (by age) and finished ones still holding a slip, expired sessions.
CREATE INDEX print_jobs_unfinished ON print_jobs (created_at) WHERE finished_at IS NULL;
CREATE INDEX print_jobs_with_slip ON print_jobs (finished_at) WHERE payload != '{}';
CREATE INDEX sessions_expiry ON sessions (expires_at);
