"""The kiosk's offline outbox: requests made while the hub was unreachable, kept in SQLite until delivered.

Each item carries the idempotency key it was first sent with, so delivering it again after a lost answer
creates nothing twice on the hub. Personal data (a first name) stays only while the item is undelivered:
once delivered or refused, its payload is wiped and only the non-personal result (request id, ticket) stays.

Thread-safety: every method opens its own short-lived SQLite connection, so an Outbox may be shared by
threads and processes (WAL mode, one writer at a time, a busy timeout).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    last_error TEXT NOT NULL DEFAULT '',
    result_id TEXT NOT NULL DEFAULT '',
    result_ticket TEXT NOT NULL DEFAULT '',
    finished_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, seq);
"""


@dataclass(frozen=True)
class OutboxItem:
    """One stored request.

    Attributes:
        kind: what to send ("help_request").
        payload: the JSON body to send (``{}`` once delivered or failed).
        idempotency_key: the key the hub deduplicates on.
        created_at: when the resident made the request (aware, UTC).
        attempts: delivery attempts that met an unreachable hub.
        state: pending, delivered or failed.
        result_id, result_ticket: the hub's request id and ticket once delivered ("" before).
    """

    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    created_at: datetime
    attempts: int
    state: str
    result_id: str = ""
    result_ticket: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Outbox:
    """A SQLite file of requests waiting for the hub. Safe to use from several threads (see module doc)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(mode=0o600, exist_ok=True)  # first names wait here: readable by the kiosk user only
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA secure_delete = ON")  # wiped payloads are overwritten on disk, not just freed
            with db:  # one transaction, committed on success
                yield db

    def add(self, kind: str, payload: dict[str, Any], idempotency_key: str) -> bool:
        """Keep a request for later. Returns False when this key is already stored (nothing changes)."""
        with self._connect() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO outbox (kind, payload, idempotency_key, created_at)"
                " VALUES (?, ?, ?, ?)",
                (kind, json.dumps(payload, ensure_ascii=False), idempotency_key, _now()),
            )
            added = cur.rowcount == 1
        if added:
            log.info("outbox: kept %s %s for later delivery", kind, idempotency_key)
        return added

    def pending(self) -> list[OutboxItem]:
        """Undelivered items, oldest first (the order they must reach the hub in)."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM outbox WHERE state = ? ORDER BY seq", (PENDING,)).fetchall()
        return [self._item(row) for row in rows]

    def get(self, idempotency_key: str) -> OutboxItem | None:
        """The item with this key, whatever its state, or None."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM outbox WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
        return self._item(row) if row else None

    def count_pending(self) -> int:
        """How many items wait for delivery."""
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM outbox WHERE state = ?", (PENDING,)).fetchone()[0])

    def record_attempt(self, idempotency_key: str, error: str) -> None:
        """Note a delivery attempt that met an unreachable hub (the item stays pending)."""
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE idempotency_key = ?",
                (error[:500], idempotency_key),
            )

    def mark_delivered(self, idempotency_key: str, *, result_id: str = "", result_ticket: str = "") -> None:
        """The hub has it: wipe the payload (first name, needs) and keep only the hub's id and ticket."""
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET state = ?, payload = '{}', last_error = '', result_id = ?,"
                " result_ticket = ?, finished_at = ? WHERE idempotency_key = ? AND state = ?",
                (DELIVERED, result_id, result_ticket, _now(), idempotency_key, PENDING),
            )

    def mark_failed(self, idempotency_key: str, error: str) -> None:
        """The hub refused it for good: never retried; the payload is wiped too."""
        with self._connect() as db:
            db.execute(
                "UPDATE outbox SET state = ?, payload = '{}', last_error = ?, finished_at = ?"
                " WHERE idempotency_key = ? AND state = ?",
                (FAILED, error[:500], _now(), idempotency_key, PENDING),
            )

    def purge(self, older_than: timedelta) -> int:
        """Delete delivered and failed rows finished more than ``older_than`` ago. Returns how many."""
        limit = (datetime.now(UTC) - older_than).isoformat()
        with self._connect() as db:
            cur = db.execute(
                "DELETE FROM outbox WHERE state != ? AND finished_at != '' AND finished_at < ?",
                (PENDING, limit),
            )
            return cur.rowcount

    @staticmethod
    def _item(row: sqlite3.Row) -> OutboxItem:
        return OutboxItem(
            kind=row["kind"],
            payload=json.loads(row["payload"]),
            idempotency_key=row["idempotency_key"],
            created_at=datetime.fromisoformat(row["created_at"]),
            attempts=row["attempts"],
            state=row["state"],
            result_id=row["result_id"],
            result_ticket=row["result_ticket"],
        )
