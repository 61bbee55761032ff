"""SQL of print jobs and of kiosks' health reports: functions taking the `Store` (each one transaction),
and the rows they return."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.hub.db.store import Store, iso

_SELF_COLUMNS = ("version", "uptime_s", "screen", "clock")
_HEALTH_COLUMNS = ", ".join(
    (
        "kiosk_id",
        "printer_uri",
        "online",
        "paper",
        "last_error",
        "last_error_at",
        "reported_at",
        *_SELF_COLUMNS,
    )
)
_JOB_COLUMNS = "id, kiosk_id, kind, payload, status, error, created_by, created_at, claimed_at, finished_at"


@dataclass(frozen=True)
class PrintJob:
    """One job; ``payload`` is the decoded JSON object."""

    id: int
    kiosk_id: str
    kind: str
    payload: dict[str, Any]
    status: str
    error: str
    created_by: str
    created_at: str
    claimed_at: str | None
    finished_at: str | None


@dataclass(frozen=True)
class KioskHealth:
    """What a kiosk last said about its printer (``online``/``paper`` None when it cannot tell) and itself
    (``version``, ``uptime_s``, ``screen`` on/off/attract, ``clock`` ok/wrong: None when never said)."""

    kiosk_id: str
    printer_uri: str
    online: bool | None
    paper: str | None
    last_error: str
    last_error_at: str | None
    reported_at: str
    version: str | None = None
    uptime_s: int | None = None
    screen: str | None = None
    clock: str | None = None


@dataclass(frozen=True)
class KioskSelf:
    """What a kiosk says of itself in a health report; None fields keep what it said before."""

    version: str | None = None
    uptime_s: int | None = None
    screen: str | None = None
    clock: str | None = None


def _job(values: tuple) -> PrintJob:
    v = list(values)
    v[3] = json.loads(v[3])
    return PrintJob(*v)


def insert_job(
    store: Store, kiosk_id: str, kind: str, payload: dict[str, Any], created_by: str, now: datetime
) -> PrintJob | None:
    """A new pending job for ``kiosk_id``; None when no such kiosk is in service."""
    with store.transaction() as c:
        kiosk = c.execute("SELECT 1 FROM kiosks WHERE id = ? AND revoked_at IS NULL", (kiosk_id,))
        if kiosk.fetchone() is None:
            return None
        cursor = c.execute(
            "INSERT INTO print_jobs (kiosk_id, kind, payload, status, created_by, created_at) "
            "VALUES (?, ?, ?, 'pending', ?, ?)",
            (kiosk_id, kind, json.dumps(payload, ensure_ascii=False), created_by, iso(now)),
        )
        return job(store, int(cursor.lastrowid or 0))


def job(store: Store, job_id: int) -> PrintJob | None:
    with store.transaction() as c:
        row = c.execute(f"SELECT {_JOB_COLUMNS} FROM print_jobs WHERE id = ?", (job_id,)).fetchone()  # noqa: S608
    return _job(row) if row else None


def recent_jobs(store: Store, limit: int) -> list[PrintJob]:
    """The newest jobs first."""
    with store.transaction() as c:
        rows = c.execute(
            f"SELECT {_JOB_COLUMNS} FROM print_jobs ORDER BY id DESC LIMIT ?",  # noqa: S608
            (limit,),
        ).fetchall()
    return [_job(r) for r in rows]


def claim_job(store: Store, kiosk_id: str, now: datetime, claimed_before: datetime) -> PrintJob | None:
    """The oldest job for this kiosk that is pending (or claimed before ``claimed_before``), now
    ``printing``."""
    with store.transaction() as c:
        row = c.execute(
            "SELECT id FROM print_jobs WHERE kiosk_id = ? AND (status = 'pending' OR "
            "(status = 'printing' AND claimed_at < ?)) ORDER BY id LIMIT 1",
            (kiosk_id, iso(claimed_before)),
        ).fetchone()
        if row is None:
            return None
        c.execute(
            "UPDATE print_jobs SET status = 'printing', claimed_at = ? WHERE id = ?", (iso(now), row[0])
        )
        return job(store, int(row[0]))


def finish_job(store: Store, job_id: int, kiosk_id: str, *, ok: bool, error: str, now: datetime) -> bool:
    """Record the kiosk's result; False when the job is not this kiosk's."""
    with store.transaction() as c:
        changed = c.execute(
            "UPDATE print_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND kiosk_id = ?",
            ("done" if ok else "failed", "" if ok else error[:300], iso(now), job_id, kiosk_id),
        ).rowcount
    return bool(changed)


def retry_job(store: Store, job_id: int) -> None:
    """A failed (or stuck) job back to pending."""
    with store.transaction() as c:
        c.execute(
            "UPDATE print_jobs SET status = 'pending', error = '', claimed_at = NULL, finished_at = NULL "
            "WHERE id = ? AND status != 'done'",
            (job_id,),
        )


def purge_jobs(
    store: Store, now: datetime, *, finished_before: datetime, stale_before: datetime, error: str
) -> int:
    """Erase the payloads of jobs finished before ``finished_before``; jobs never finished and made before
    ``stale_before`` are marked failed with ``error`` and erased too."""
    with store.transaction() as c:
        expired = c.execute(
            "UPDATE print_jobs SET payload = '{}', status = 'failed', error = ?, finished_at = ? "
            "WHERE finished_at IS NULL AND created_at < ?",
            (error, iso(now), iso(stale_before)),
        ).rowcount
        erased = c.execute(
            "UPDATE print_jobs SET payload = '{}' WHERE finished_at < ? AND payload != '{}'",
            (iso(finished_before),),
        ).rowcount
    return int(expired + erased)


def save_health(
    store: Store,
    kiosk_id: str,
    *,
    printer_uri: str,
    online: bool | None,
    paper: str | None,
    last_error: str,
    now: datetime,
    itself: KioskSelf,
) -> None:
    """Store a kiosk's report; an empty ``last_error`` keeps the previous one's time, and what ``itself``
    leaves None keeps its previous value."""
    keep = ", ".join(f"{k} = COALESCE(excluded.{k}, kiosk_health.{k})" for k in _SELF_COLUMNS)
    with store.transaction() as c:
        c.execute(
            f"INSERT INTO kiosk_health ({_HEALTH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "  # noqa: S608 (constant columns)
            "ON CONFLICT (kiosk_id) DO UPDATE SET "
            "printer_uri = excluded.printer_uri, online = excluded.online, paper = excluded.paper, "
            "last_error = excluded.last_error, last_error_at = CASE WHEN excluded.last_error != '' "
            "AND excluded.last_error != kiosk_health.last_error THEN excluded.last_error_at "
            f"ELSE kiosk_health.last_error_at END, reported_at = excluded.reported_at, {keep}",
            (
                kiosk_id,
                printer_uri,
                None if online is None else int(online),
                paper,
                last_error[:300],
                iso(now) if last_error else None,
                iso(now),
                itself.version,
                itself.uptime_s,
                itself.screen,
                itself.clock,
            ),
        )


def health(store: Store) -> list[KioskHealth]:
    """Every kiosk's last report, by kiosk id."""
    with store.transaction() as c:
        query = f"SELECT {_HEALTH_COLUMNS} FROM kiosk_health ORDER BY kiosk_id"  # noqa: S608 (constants)
        rows = c.execute(query).fetchall()
    return [KioskHealth(r[0], r[1], None if r[2] is None else bool(r[2]), *r[3:]) for r in rows]
