-- Indexes so that the hub's cost does not grow with its history (issue 14): the last finished requests
-- (wait estimate, on every kiosk call), the rows still holding a name or needs (the purge: only those,
-- never the whole history), and a kiosk by its token digest. Statistics: 0008.
CREATE INDEX help_requests_done ON help_requests (status, finished_at);
CREATE INDEX help_requests_personal ON help_requests (created_at) WHERE first_name != '' OR needs != '[]';
CREATE INDEX kiosks_token ON kiosks (token_hash, id);
