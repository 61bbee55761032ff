"""The hub's SQLite store: one connection in WAL mode, numbered migrations, and every SQL statement.

Thread-safety: a Store is shared by all threads. Every method takes the store's re-entrant lock, so
there is one writer at a time; `transaction()` groups several calls into one atomic write.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.domain.help_requests import Status

log = logging.getLogger(__name__)

DB_NAME = "hub.sqlite3"  # in Config.data_dir
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_STAMP_COLUMNS = frozenset({"called_at", "started_at", "finished_at"})
# Columns `update_status` may also set (values always bound with "?").
_CHANGE_COLUMNS = frozenset({"site_id", "priority", "assigned_to", "advisor"})
DEFAULT_SITE = "main"


def iso(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second: ``2026-11-26T15:04:05Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """The aware datetime of an `iso()` string."""
    return datetime.fromisoformat(text)


def migrations() -> list[tuple[int, Path]]:
    """The migration files as (version, path), in the order they apply."""
    found = []
    for path in MIGRATIONS_DIR.iterdir():
        match = _MIGRATION_RE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    versions = [v for v, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1, 2, 3… without gaps, found {versions}")
    return found


LATEST_VERSION = len(migrations())


@dataclass(frozen=True)
class UserRow:
    """An advisor/staff/admin account."""

    id: int
    name: str
    role: str
    password_hash: str
    site_id: str = DEFAULT_SITE


@dataclass(frozen=True)
class HelpRequestRow:
    """One help request as stored (timestamps are `iso()` strings or None)."""

    id: int
    kiosk_id: str
    idempotency_key: str | None
    day: str
    ticket: str
    topic: str
    first_name: str
    needs: tuple[str, ...]
    status: Status
    created_at: str
    called_at: str | None
    started_at: str | None
    finished_at: str | None
    recall_count: int
    site_id: str = DEFAULT_SITE
    priority: bool = False
    lesson_id: str | None = None
    step_id: str | None = None
    assigned_to: str | None = None
    advisor: str | None = None
    redirect_count: int = 0


@dataclass(frozen=True)
class Event:
    """One entry of the SSE event log; ``data`` is the JSON text sent as-is."""

    id: int
    kind: str
    data: str


_REQUEST_COLUMNS = (
    "id, kiosk_id, idempotency_key, day, ticket, topic, first_name, needs, status, "
    "created_at, called_at, started_at, finished_at, recall_count, site_id, priority, lesson_id, step_id, "
    "assigned_to, advisor, redirect_count"
)


# Values always go through "?" placeholders; f-strings below only join these constant fragments.
_SELECT_REQUESTS = f"SELECT {_REQUEST_COLUMNS} FROM help_requests"  # noqa: S608


def _request(row: tuple) -> HelpRequestRow:
    values = list(row)
    values[7] = tuple(json.loads(values[7]))
    values[8] = Status(values[8])
    values[15] = bool(values[15])
    return HelpRequestRow(*values)


class Store:
    """The hub database. Create one per process; `close()` it at shutdown."""

    def __init__(self, path: Path, *, target_version: int | None = None) -> None:
        """Open (creating if needed) and migrate the database at ``path``.

        Args:
            path: the SQLite file; its folder is created with mode 0700 when missing.
            target_version: stop migrating at this version (tests build older databases with it).
        """
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        new = not path.exists()
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5.0)
        if new:
            os.chmod(path, 0o600)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._migrate(LATEST_VERSION if target_version is None else target_version)

    def close(self) -> None:
        """Close the connection. Later calls fail."""
        with self._lock:
            self._conn.close()

    @property
    def version(self) -> int:
        """The schema version (PRAGMA user_version)."""
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int) -> None:
        current = self.version
        if current > LATEST_VERSION:
            raise RuntimeError(
                f"{self.path}: schema version {current} is newer than this program "
                f"({LATEST_VERSION}); upgrade the program"
            )
        for version, file in migrations():
            if current < version <= target:
                sql = file.read_text(encoding="utf-8")
                try:
                    self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
                    )
                except sqlite3.Error:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                log.info("hub database migrated to version %d (%s)", version, file.name)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write (BEGIN IMMEDIATE … COMMIT); nested calls join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    def _one(self, sql: str, params: Iterable[object] = ()) -> tuple | None:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchone()

    def _all(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    def row(self, sql: str, params: Iterable[object] = ()) -> tuple | None:
        """One row of a read query (for the hub's other SQL modules); values go through "?"."""
        return self._one(sql, params)

    def rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        """Every row of a read query (for the hub's other SQL modules); values go through "?"."""
        return self._all(sql, params)

    # Accounts and kiosks

    def save_user(
        self, name: str, role: str, password_hash: str, now: datetime, site_id: str | None = None
    ) -> bool:
        """Create the account, or reset its role and password (closing its sessions, enabling it again).

        ``site_id`` (default: the main site; unchanged on a reset when None) is the queue it sees first.

        Returns:
            True when the account is new.
        """
        with self.transaction() as c:
            row = c.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                c.execute(
                    "INSERT INTO users (name, role, password_hash, created_at, site_id) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, role, password_hash, iso(now), site_id or DEFAULT_SITE),
                )
                return True
            c.execute(
                "UPDATE users SET role = ?, password_hash = ?, disabled_at = NULL, "
                "site_id = COALESCE(?, site_id) WHERE id = ?",
                (role, password_hash, site_id, row[0]),
            )
            c.execute("DELETE FROM sessions WHERE user_id = ?", (row[0],))
            return False

    def user_by_name(self, name: str) -> UserRow | None:
        """The enabled account called ``name``, or None."""
        row = self._one(
            "SELECT id, name, role, password_hash, site_id FROM users WHERE name = ? AND disabled_at IS NULL",
            (name,),
        )
        return UserRow(*row) if row else None

    def save_kiosk(self, kiosk_id: str, token_hash: str, now: datetime, site_id: str | None = None) -> bool:
        """Create the kiosk or replace its token hash (a revoked kiosk works again).

        ``site_id``: the site it stands in (main site for a new kiosk when None; unchanged when None).
        Returns True when the kiosk is new.
        """
        with self.transaction() as c:
            new = c.execute("SELECT 1 FROM kiosks WHERE id = ?", (kiosk_id,)).fetchone() is None
            c.execute(
                "INSERT INTO kiosks (id, token_hash, created_at, site_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL, "
                "site_id = COALESCE(?, kiosks.site_id)",
                (kiosk_id, token_hash, iso(now), site_id or DEFAULT_SITE, site_id),
            )
            return new

    def kiosk_token_hashes(self) -> list[tuple[str, str]]:
        """Every kiosk not revoked, as (id, sha256 hex of its token)."""
        return [
            (r[0], r[1])
            for r in self._all("SELECT id, token_hash FROM kiosks WHERE revoked_at IS NULL ORDER BY id")
        ]

    def kiosk_site(self, kiosk_id: str) -> str:
        """The site a kiosk stands in (the main site when unknown)."""
        row = self._one("SELECT site_id FROM kiosks WHERE id = ?", (kiosk_id,))
        return str(row[0]) if row else DEFAULT_SITE

    # Dashboard sessions

    def add_session(
        self, token_hash: str, user_id: int, csrf_token: str, now: datetime, expires: datetime
    ) -> None:
        """Record a new dashboard session."""
        with self.transaction() as c:
            c.execute("DELETE FROM sessions WHERE expires_at <= ?", (iso(now),))
            c.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (token_hash, user_id, csrf_token, iso(now), iso(expires)),
            )

    def session_user(self, token_hash: str, now: datetime) -> tuple[UserRow, str] | None:
        """The (account, CSRF token) of a live session, or None when unknown or expired."""
        row = self._one(
            "SELECT u.id, u.name, u.role, u.password_hash, u.site_id, s.csrf_token FROM sessions s "
            "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? "
            "AND u.disabled_at IS NULL",
            (token_hash, iso(now)),
        )
        return (UserRow(*row[:5]), row[5]) if row else None

    def delete_session(self, token_hash: str) -> None:
        """End a session (logout)."""
        with self.transaction() as c:
            c.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    # Help requests

    def find_by_key(self, kiosk_id: str, key: str) -> HelpRequestRow | None:
        """The request this kiosk already made with this idempotency key, or None."""
        row = self._one(
            f"{_SELECT_REQUESTS} WHERE kiosk_id = ? AND idempotency_key = ?",
            (kiosk_id, key),
        )
        return _request(row) if row else None

    def next_ticket_number(self, day: str, prefix: str) -> int:
        """Take the next ticket number of ``day`` for ``prefix`` (1, 2, 3… each day)."""
        with self.transaction() as c:
            row = c.execute(
                "INSERT INTO ticket_counters (day, prefix, last) VALUES (?, ?, 1) "
                "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
                (day, prefix),
            ).fetchone()
            return int(row[0])

    def insert_help_request(
        self,
        *,
        kiosk_id: str,
        idempotency_key: str | None,
        day: str,
        ticket: str,
        topic: str,
        first_name: str,
        needs: tuple[str, ...],
        now: datetime,
        site_id: str = DEFAULT_SITE,
        lesson_id: str | None = None,
        step_id: str | None = None,
    ) -> HelpRequestRow:
        """Store a new waiting request and return it."""
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO help_requests (kiosk_id, idempotency_key, day, ticket, topic, first_name, "
                "needs, status, created_at, site_id, lesson_id, step_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kiosk_id,
                    idempotency_key,
                    day,
                    ticket,
                    topic,
                    first_name,
                    json.dumps(list(needs)),
                    Status.WAITING.value,
                    iso(now),
                    site_id,
                    lesson_id,
                    step_id,
                ),
            )
            assert cur.lastrowid is not None
            found = self.help_request(cur.lastrowid)
            assert found is not None
            return found

    def help_request(self, request_id: int) -> HelpRequestRow | None:
        """One request by id, or None."""
        row = self._one(f"{_SELECT_REQUESTS} WHERE id = ?", (request_id,))
        return _request(row) if row else None

    def help_requests(
        self, statuses: Iterable[Status] | None = None, limit: int = 200, site_id: str | None = None
    ) -> list[HelpRequestRow]:
        """Requests in arrival order (oldest first), of one site when given; the most recent ``limit``."""
        conditions: list[str] = []
        params: list[object] = []
        if statuses is not None:
            wanted = sorted({s.value for s in statuses})
            conditions.append(f"status IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
        if site_id is not None:
            conditions.append("site_id = ?")
            params.append(site_id)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._all(
            f"SELECT * FROM ({_SELECT_REQUESTS} {where} "  # noqa: S608 (placeholders only)
            "ORDER BY id DESC LIMIT ?) ORDER BY id",
            [*params, limit],
        )
        return [_request(r) for r in rows]

    def waiting_ids(self) -> list[int]:
        """Ids of waiting requests in arrival order (all sites)."""
        return [request_id for request_id, _site, _priority in self.waiting()]

    def waiting(self) -> list[tuple[int, str, bool]]:
        """Every waiting request as (id, site_id, priority), in arrival order."""
        return [
            (int(r[0]), str(r[1]), bool(r[2]))
            for r in self._all(
                "SELECT id, site_id, priority FROM help_requests WHERE status = ? ORDER BY id",
                (Status.WAITING.value,),
            )
        ]

    def update_status(
        self,
        request_id: int,
        status: Status,
        now: datetime,
        *,
        stamp: str | None = None,
        recall: bool = False,
        redirect: bool = False,
        changes: dict[str, object] | None = None,
    ) -> HelpRequestRow:
        """Set a request's status, stamping ``stamp`` (a *_at column) with ``now``; returns the new row.

        ``changes`` sets more columns (site_id, priority, assigned_to, advisor); ``redirect`` counts one.
        """
        sets: list[str] = ["status = ?"]
        params: list[object] = [status.value]
        for column, value in (changes or {}).items():
            if column not in _CHANGE_COLUMNS:
                raise ValueError(column)
            sets.append(f"{column} = ?")
            params.append(value)
        if redirect:
            sets.append("redirect_count = redirect_count + 1")
        if stamp is not None:
            if stamp not in _STAMP_COLUMNS:
                raise ValueError(stamp)
            sets.append(f"{stamp} = ?")
            params.append(iso(now))
        if recall:
            sets.append("recall_count = recall_count + 1")
        with self.transaction() as c:
            sql = f"UPDATE help_requests SET {', '.join(sets)} WHERE id = ?"  # noqa: S608 (fixed columns)
            c.execute(sql, [*params, request_id])
            found = self.help_request(request_id)
            assert found is not None
            return found

    def recent_service_minutes(self, limit: int = 20) -> list[float]:
        """Minutes from start to end of the ``limit`` most recent completed requests."""
        rows = self._all(
            "SELECT started_at, finished_at FROM help_requests WHERE status = ? AND "
            "started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
            (Status.DONE.value, limit),
        )
        return [(parse_iso(end) - parse_iso(start)).total_seconds() / 60 for start, end in rows]

    # SSE event log

    def add_event(self, kind: str, data: str, now: datetime) -> Event:
        """Append an event; its id is larger than every earlier one, even after a purge."""
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO events (kind, data, created_at) VALUES (?, ?, ?)", (kind, data, iso(now))
            )
            assert cur.lastrowid is not None
            return Event(cur.lastrowid, kind, data)

    def events_after(self, event_id: int, limit: int = 1000) -> list[Event]:
        """Events with an id above ``event_id``, oldest first, at most ``limit``."""
        return [
            Event(*r)
            for r in self._all(
                "SELECT id, kind, data FROM events WHERE id > ? ORDER BY id LIMIT ?", (event_id, limit)
            )
        ]

    def last_event_id(self) -> int:
        """The id of the newest event ever stored (0 when none)."""
        row = self._one("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        return int(row[0]) if row else 0

    def oldest_event_id(self) -> int | None:
        """The id of the oldest event still kept, or None when the log is empty."""
        row = self._one("SELECT MIN(id) FROM events")
        return int(row[0]) if row and row[0] is not None else None

    def purge(
        self, *, personal_before: datetime, events_before: datetime, open_before: datetime | None = None
    ) -> tuple[int, int]:
        """Erase names and needs of requests closed before ``personal_before`` and of requests made before
        ``open_before`` (default ``personal_before``) whatever their state; drop older events.

        Returns:
            (requests anonymised, events deleted).
        """
        made_before = iso(open_before or personal_before)
        with self.transaction() as c:
            anonymised = c.execute(
                "UPDATE help_requests SET first_name = '', needs = '[]' "
                "WHERE COALESCE(finished_at, created_at) < ? "
                "AND (finished_at IS NOT NULL OR created_at < ?) "
                "AND (first_name != '' OR needs != '[]')",
                (iso(personal_before), made_before),
            ).rowcount
            deleted = c.execute("DELETE FROM events WHERE created_at < ?", (iso(events_before),)).rowcount
            return anonymised, deleted
