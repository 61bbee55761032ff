-- Workshop registrations (with an ordered waitlist), print jobs for kiosks, and kiosks' printer health.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    session_start TEXT NOT NULL,
    session_title TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    idempotency_key TEXT,
    first_name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    no_phone INTEGER NOT NULL DEFAULT 0,
    phone_key TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'attended', 'noshow')),
    promoted INTEGER NOT NULL DEFAULT 0,
    notified INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kiosk_id, idempotency_key)
);
CREATE INDEX registrations_session ON registrations (session_id, status, id);
CREATE INDEX registrations_phone ON registrations (phone, status);
CREATE INDEX registrations_start ON registrations (session_start);

CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'printing', 'done', 'failed')),
    error TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    claimed_at TEXT,
    finished_at TEXT
);
CREATE INDEX print_jobs_kiosk ON print_jobs (kiosk_id, status, id);

CREATE TABLE kiosk_health (
    kiosk_id TEXT PRIMARY KEY,
    printer_uri TEXT NOT NULL DEFAULT '',
    online INTEGER,
    paper TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    last_error_at TEXT,
    reported_at TEXT NOT NULL
);
