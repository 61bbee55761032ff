-- Queue console: sites, kiosks and accounts per site, revocable kiosks, priority / lesson / redirect
-- columns on help requests, per-site pause (« absent jusqu'à 15 h »), anonymous CRA lines, audit log.
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    closing_time TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
INSERT INTO sites (id, name, created_at) VALUES ('main', '', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

ALTER TABLE kiosks ADD COLUMN site_id TEXT NOT NULL DEFAULT 'main';
ALTER TABLE kiosks ADD COLUMN revoked_at TEXT;
ALTER TABLE users ADD COLUMN site_id TEXT NOT NULL DEFAULT 'main';
ALTER TABLE users ADD COLUMN disabled_at TEXT;

ALTER TABLE help_requests ADD COLUMN site_id TEXT NOT NULL DEFAULT 'main';
ALTER TABLE help_requests ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE help_requests ADD COLUMN lesson_id TEXT;
ALTER TABLE help_requests ADD COLUMN step_id TEXT;
ALTER TABLE help_requests ADD COLUMN assigned_to TEXT;
ALTER TABLE help_requests ADD COLUMN advisor TEXT;
ALTER TABLE help_requests ADD COLUMN redirect_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX help_requests_site ON help_requests (site_id, status, id);
CREATE INDEX help_requests_created ON help_requests (created_at);

CREATE TABLE queue_states (
    site_id TEXT PRIMARY KEY,
    paused INTEGER NOT NULL DEFAULT 0,
    away_until TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    request_id INTEGER UNIQUE REFERENCES help_requests (id) ON DELETE SET NULL,
    site_id TEXT NOT NULL,
    advisor TEXT NOT NULL,
    day TEXT NOT NULL,
    duration_min INTEGER NOT NULL,
    theme TEXT NOT NULL,
    place_type TEXT NOT NULL DEFAULT 'lieu_activite',
    place TEXT NOT NULL,
    equipment TEXT NOT NULL DEFAULT '[]',
    autonomy TEXT NOT NULL DEFAULT '',
    redirection TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    confirmed_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX activities_day ON activities (day);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
