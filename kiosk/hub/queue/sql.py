"""SQL of help requests and of the SSE event log: functions taking the `Store`, used by the help desk and the
event broker.

Thread-safety: every function goes through the store's re-entrant lock (see `Store`).
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.help_requests import Status
from kiosk.hub.db.store import DEFAULT_SITE, Store, iso, parse_iso

_STAMP_COLUMNS = frozenset({"called_at", "started_at", "finished_at"})
# Columns `update_status` may also set (values always bound with "?").
_CHANGE_COLUMNS = frozenset({"site_id", "priority", "assigned_to", "advisor"})


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


def find_by_key(store: Store, kiosk_id: str, key: str) -> HelpRequestRow | None:
    """The request this kiosk already made with this idempotency key, or None."""
    row = store.row(
        f"{_SELECT_REQUESTS} WHERE kiosk_id = ? AND idempotency_key = ?",
        (kiosk_id, key),
    )
    return _request(row) if row else None


def next_ticket_number(store: Store, day: str, prefix: str) -> int:
    """Take the next ticket number of ``day`` for ``prefix`` (1, 2, 3… each day)."""
    with store.transaction() as c:
        row = c.execute(
            "INSERT INTO ticket_counters (day, prefix, last) VALUES (?, ?, 1) "
            "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
            (day, prefix),
        ).fetchone()
        return int(row[0])


def insert_help_request(
    store: Store,
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
    with store.transaction() as c:
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
        found = help_request(store, cur.lastrowid)
        assert found is not None
        return found


def help_request(store: Store, request_id: int) -> HelpRequestRow | None:
    """One request by id, or None."""
    row = store.row(f"{_SELECT_REQUESTS} WHERE id = ?", (request_id,))
    return _request(row) if row else None


def help_requests(
    store: Store, statuses: Iterable[Status] | None = None, limit: int = 200, site_id: str | None = None
) -> list[HelpRequestRow]:
    """Requests in arrival order (oldest first), of one site when given; the most recent ``limit``.

    Filtered lists read each status backwards along its (status, id) or (site_id, status, id) index and
    merge the newest ``limit``: SQLite never sorts a site's whole history or its whole queue.
    """
    if statuses is None and site_id is None:
        newest = store.rows(f"{_SELECT_REQUESTS} ORDER BY id DESC LIMIT ?", (limit,))
        return [_request(r) for r in reversed(newest)]
    wanted = sorted({s.value for s in (Status if statuses is None else statuses)})
    where = "status = ?" if site_id is None else "site_id = ? AND status = ?"
    sql = f"{_SELECT_REQUESTS} WHERE {where} ORDER BY id DESC LIMIT ?"  # noqa: S608 (placeholders only)
    with store.reads_together():  # the reads together (both locks are re-entrant)
        runs = [
            store.rows(sql, (status, limit) if site_id is None else (site_id, status, limit))
            for status in wanted
        ]
    newest = heapq.nlargest(limit, itertools.chain.from_iterable(runs), key=lambda r: r[0])
    return [_request(r) for r in reversed(newest)]


def waiting(store: Store, site_id: str | None = None) -> list[tuple[int, str, bool]]:
    """Every waiting request (of one site when given) as (id, site_id, priority), in arrival order."""
    sql = "SELECT id, site_id, priority FROM help_requests WHERE status = ?"
    params: list[object] = [Status.WAITING.value]
    if site_id is not None:
        sql += " AND site_id = ?"
        params.append(site_id)
    return [(int(r[0]), str(r[1]), bool(r[2])) for r in store.rows(sql + " ORDER BY id", params)]


def waiting_count(store: Store, site_id: str) -> int:
    """How many requests wait at ``site_id`` (an index-only count: help_requests_site)."""
    row = store.row(
        "SELECT COUNT(*) FROM help_requests WHERE site_id = ? AND status = ?",
        (site_id, Status.WAITING.value),
    )
    return int(row[0]) if row else 0


def waiting_window(
    store: Store, site_id: str, first_id: int, last_id: int, span: int
) -> tuple[int, list[tuple[int, bool]]]:
    """A stretch of a site's waiting line, in arrival order: (how many waiting requests arrived before
    ``first_id``, then as (id, priority) the ``span`` last of those, every waiting request from
    ``first_id`` to ``last_id``, and the ``span`` first after ``last_id``). The count is index-only
    (site_id, status, id); the rest reads the stretch and 2 × ``span`` rows, whatever the queue."""
    waiting = Status.WAITING.value
    with store.reads_together():  # the reads together (both locks are re-entrant)
        before = store.row(
            "SELECT COUNT(*) FROM help_requests WHERE site_id = ? AND status = ? AND id < ?",
            (site_id, waiting, first_id),
        )
        previous = store.rows(
            "SELECT id, priority FROM help_requests WHERE site_id = ? AND status = ? AND id < ? "
            "ORDER BY id DESC LIMIT ?",
            (site_id, waiting, first_id, span),
        )
        stretch = store.rows(
            "SELECT id, priority FROM help_requests WHERE site_id = ? AND status = ? "
            "AND id BETWEEN ? AND ? ORDER BY id",
            (site_id, waiting, first_id, last_id),
        )
        following = store.rows(
            "SELECT id, priority FROM help_requests WHERE site_id = ? AND status = ? AND id > ? "
            "ORDER BY id LIMIT ?",
            (site_id, waiting, last_id, span),
        )
    rows = [*reversed(previous), *stretch, *following]
    return int(before[0]) if before else 0, [(int(r[0]), bool(r[1])) for r in rows]


def update_status(
    store: Store,
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
    with store.transaction() as c:
        sql = f"UPDATE help_requests SET {', '.join(sets)} WHERE id = ?"  # noqa: S608 (fixed columns)
        c.execute(sql, [*params, request_id])
        found = help_request(store, request_id)
        assert found is not None
        return found


def recent_service_minutes(store: Store, limit: int = 20) -> list[float]:
    """Minutes from start to end of the ``limit`` most recent completed requests (read backwards from
    the (status, finished_at) index: the cost does not grow with the history)."""
    rows = store.rows(
        "SELECT started_at, finished_at FROM help_requests WHERE status = ? AND "
        "started_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
        (Status.DONE.value, limit),
    )
    return [(parse_iso(end) - parse_iso(start)).total_seconds() / 60 for start, end in rows]


# SSE event log


def add_event(store: Store, kind: str, data: str, now: datetime) -> Event:
    """Append an event; its id is larger than every earlier one, even after a purge."""
    with store.transaction() as c:
        cur = c.execute(
            "INSERT INTO events (kind, data, created_at) VALUES (?, ?, ?)", (kind, data, iso(now))
        )
        assert cur.lastrowid is not None
        return Event(cur.lastrowid, kind, data)


def events_after(store: Store, event_id: int, limit: int = 1000) -> list[Event]:
    """Events with an id above ``event_id``, oldest first, at most ``limit``."""
    return [
        Event(*r)
        for r in store.rows(
            "SELECT id, kind, data FROM events WHERE id > ? ORDER BY id LIMIT ?", (event_id, limit)
        )
    ]


def last_event_id(store: Store) -> int:
    """The id of the newest event ever stored (0 when none)."""
    row = store.row("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
    return int(row[0]) if row else 0


def oldest_event_id(store: Store) -> int | None:
    """The id of the oldest event still kept, or None when the log is empty."""
    row = store.row("SELECT MIN(id) FROM events")
    return int(row[0]) if row and row[0] is not None else None


def purge(
    store: Store, *, personal_before: datetime, events_before: datetime, open_before: datetime | None = None
) -> tuple[int, int]:
    """Erase names and needs of requests closed before ``personal_before`` and of requests made before
    ``open_before`` (default ``personal_before``) whatever their state; drop older events.

    Returns:
        (requests anonymised, events deleted).
    """
    made_before = iso(open_before or personal_before)
    with store.transaction() as c:
        anonymised = c.execute(
            "UPDATE help_requests SET first_name = '', needs = '[]' "
            "WHERE COALESCE(finished_at, created_at) < ? "
            "AND (finished_at IS NOT NULL OR created_at < ?) "
            "AND (first_name != '' OR needs != '[]')",
            (iso(personal_before), made_before),
        ).rowcount
        deleted = c.execute("DELETE FROM events WHERE created_at < ?", (iso(events_before),)).rowcount
        return anonymised, deleted
