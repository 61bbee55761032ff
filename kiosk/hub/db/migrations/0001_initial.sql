-- Accounts, kiosks, the help queue, daily ticket counters, the SSE event log and dashboard sessions.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('advisor', 'staff', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE kiosks (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE help_requests (
    id INTEGER PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    idempotency_key TEXT,
    day TEXT NOT NULL,
    ticket TEXT NOT NULL,
    topic TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    called_at TEXT,
    started_at TEXT,
    finished_at TEXT,
    UNIQUE (kiosk_id, idempotency_key)
);

CREATE TABLE ticket_counters (
    day TEXT NOT NULL,
    prefix TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (day, prefix)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
