"""SQL of workshop registrations: functions taking the `Store` (each one transaction, joining the caller's),
and the row they return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.agenda import Session
from kiosk.hub.db.store import Store, iso

_COLUMNS = (
    "id, session_id, session_start, session_title, kiosk_id, first_name, phone, no_phone, status, "
    "promoted, notified, created_at, phone_key"
)


@dataclass(frozen=True)
class Registration:
    """One registration as stored; ``position`` is its 1-based rank on the waitlist (None otherwise)."""

    id: int
    session_id: str
    session_start: str
    session_title: str
    kiosk_id: str
    first_name: str
    phone: str
    no_phone: bool
    status: str
    promoted: bool
    notified: bool
    created_at: str
    phone_key: str
    position: int | None = None


def _row(values: tuple, position: int | None = None) -> Registration:
    v = list(values)
    return Registration(
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        bool(v[7]),
        v[8],
        bool(v[9]),
        bool(v[10]),
        v[11],
        v[12],
        position,
    )


def _positioned(store: Store, values: tuple) -> Registration:
    row = _row(values)
    if row.status != "waitlisted":
        return row
    with store.transaction() as c:
        ahead = c.execute(
            "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'waitlisted' AND id <= ?",
            (row.session_id, row.id),
        ).fetchone()[0]
    return _row(values, int(ahead))


def seats_taken(store: Store, session_ids: list[str], holding: Iterable[str]) -> dict[str, int]:
    """Registrations per session id whose status is one of ``holding`` (three statuses)."""
    if not session_ids:
        return {}
    marks = ",".join("?" * len(session_ids))
    sql = (
        "SELECT session_id, COUNT(*) FROM registrations WHERE session_id IN "  # noqa: S608
        f"({marks}) AND status IN (?, ?, ?) GROUP BY session_id"
    )
    with store.transaction() as c:
        return dict(c.execute(sql, (*session_ids, *holding)).fetchall())


def by_idempotency_key(store: Store, kiosk_id: str, idempotency_key: str) -> Registration | None:
    """The registration a kiosk already sent with this key, with its waitlist position."""
    with store.transaction() as c:
        found = c.execute(
            f"SELECT {_COLUMNS} FROM registrations WHERE kiosk_id = ? AND idempotency_key = ?",  # noqa: S608
            (kiosk_id, idempotency_key),
        ).fetchone()
    return _positioned(store, found) if found is not None else None


def insert_registration(
    store: Store,
    session: Session,
    *,
    kiosk_id: str,
    idempotency_key: str | None,
    first_name: str,
    phone: str,
    status: str,
    phone_key: str,
    now: datetime,
) -> Registration:
    stamp = iso(now)
    with store.transaction() as c:
        cursor = c.execute(
            "INSERT INTO registrations (session_id, session_start, session_title, kiosk_id, "
            "idempotency_key, first_name, phone, no_phone, status, created_at, updated_at, phone_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session.id,
                iso(session.start),
                session.title,
                kiosk_id,
                idempotency_key,
                first_name,
                phone,
                int(not phone),
                status,
                stamp,
                stamp,
                phone_key,
            ),
        )
        row = registration(store, int(cursor.lastrowid or 0))
    assert row is not None
    return row


def registration(store: Store, registration_id: int) -> Registration | None:
    """One registration, with its waitlist position."""
    with store.transaction() as c:
        found = c.execute(
            f"SELECT {_COLUMNS} FROM registrations WHERE id = ?",  # noqa: S608
            (registration_id,),
        ).fetchone()
    return _positioned(store, found) if found else None


def of_session(store: Store, session_id: str) -> list[Registration]:
    """Every registration of a session in arrival order, waitlisted ones with their position."""
    with store.transaction() as c:
        rows = c.execute(
            f"SELECT {_COLUMNS} FROM registrations WHERE session_id = ? ORDER BY id",  # noqa: S608
            (session_id,),
        ).fetchall()
    result, rank = [], 0
    for values in rows:
        if values[8] == "waitlisted":
            rank += 1
            result.append(_row(values, rank))
        else:
            result.append(_row(values))
    return result


def no_show_count(store: Store, phone_key: str, since: datetime) -> int:
    """Absences of this phone at workshops since ``since``."""
    with store.transaction() as c:
        return int(
            c.execute(
                "SELECT COUNT(*) FROM registrations WHERE phone_key = ? AND status = 'noshow' "
                "AND session_start >= ?",
                (phone_key, iso(since)),
            ).fetchone()[0]
        )


def set_notified(store: Store, registration_id: int, now: datetime) -> None:
    with store.transaction() as c:
        c.execute(
            "UPDATE registrations SET notified = 1, updated_at = ? WHERE id = ?", (iso(now), registration_id)
        )


def set_status(store: Store, registration_id: int, status: str, now: datetime) -> None:
    with store.transaction() as c:
        c.execute(
            "UPDATE registrations SET status = ?, updated_at = ? WHERE id = ?",
            (status, iso(now), registration_id),
        )


def promote_first(store: Store, session_id: str, now: datetime) -> int | None:
    """Give the first waitlisted registration of a session the seat (``promoted``, not yet told); its id."""
    with store.transaction() as c:
        first = c.execute(
            "SELECT id FROM registrations WHERE session_id = ? AND status = 'waitlisted' ORDER BY id LIMIT 1",
            (session_id,),
        ).fetchone()
        if first is None:
            return None
        c.execute(
            "UPDATE registrations SET status = 'confirmed', promoted = 1, notified = 0, "
            "updated_at = ? WHERE id = ?",
            (iso(now), first[0]),
        )
        return int(first[0])


def erase_personal_data(store: Store, before: datetime) -> int:
    """Blank first names and phones of workshops that started before ``before``; how many rows."""
    with store.transaction() as c:
        return int(
            c.execute(
                "UPDATE registrations SET first_name = '', phone = '' "
                "WHERE session_start < ? AND (first_name != '' OR phone != '')",
                (iso(before),),
            ).rowcount
        )
