-- Anonymous learning statistics: one row per lesson run and one per step seen (no names, no typed text).
CREATE TABLE learning_runs (
    id INTEGER PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    run_key TEXT NOT NULL,
    day TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    lesson_title TEXT NOT NULL,
    completed INTEGER NOT NULL,
    stopped_at TEXT,
    seconds REAL NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (kiosk_id, run_key)
);
CREATE INDEX learning_runs_lesson ON learning_runs (lesson_id, day);

CREATE TABLE learning_steps (
    run_id INTEGER NOT NULL REFERENCES learning_runs (id) ON DELETE CASCADE,
    step_index INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    step_title TEXT NOT NULL,
    seconds REAL NOT NULL,
    wrong INTEGER NOT NULL,
    hints INTEGER NOT NULL,
    done INTEGER NOT NULL,
    dont_know INTEGER NOT NULL,
    PRIMARY KEY (run_id, step_index)
);
