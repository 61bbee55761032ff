"""Workshop registrations in the hub: seats, the ordered waitlist, promotion, attendance, no-shows, purge.

Seats come from the agenda (a workshop's free seats as the calendar says) minus the registrations the
hub holds. Two kiosks racing for the last seat are serialised by the store's one-writer transaction
(BEGIN IMMEDIATE), so exactly one is confirmed. Personal data (first name, phone) is erased
``[hub] retention_days`` after the workshop's day; a keyed digest of the phone stays for the no-show
rule. Thread-safety: safe from any thread (every write is one store transaction).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.agenda_source import agenda_between
from kiosk.config import Config
from kiosk.domain.agenda import Session
from kiosk.domain.registration import HOLDS_SEAT, NO_SHOW_WINDOW_DAYS, must_confirm, new_status
from kiosk.hub.db.store import Store, iso

log = logging.getLogger(__name__)

LOOKUP_BEFORE, LOOKUP_AFTER = timedelta(days=1), timedelta(days=200)
ACTIONS = ("cancel", "attended", "noshow", "notified", "waitlist")
_COLUMNS = (
    "id, session_id, session_start, session_title, kiosk_id, first_name, phone, no_phone, status, "
    "promoted, notified, created_at, phone_key"
)


class RegistrationError(Exception):
    """A registration that cannot be made: ``code`` is unknown_session, not_registrable or started."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


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


class Registrations:
    """The hub's registrations. One per app."""

    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.zone = ZoneInfo(config.site.timezone)
        self._key = self._load_key()

    def _load_key(self) -> bytes:
        path = self.config.data_dir / "registrations.key"
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            key = secrets.token_bytes(32)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_text(key.hex(), encoding="ascii")
            path.chmod(0o600)
            return key

    def phone_key(self, phone: str) -> str:
        """A keyed digest of a phone number (for the no-show rule after the number is erased)."""
        return hmac.new(self._key, phone.encode(), hashlib.sha256).hexdigest() if phone else ""

    # -- sessions ---------------------------------------------------------------------------------
    def sessions(self, start: datetime, end: datetime) -> list[Session]:
        """Agenda sessions starting in [start, end], workshops with the hub's registrations deducted."""
        agenda = agenda_between(self.config, start, end)
        return self.with_seats(agenda.sessions)

    def with_seats(self, sessions: list[Session]) -> list[Session]:
        """The same sessions, each workshop's seats_left minus the seats registrations hold."""
        ids = [s.id for s in sessions if s.registrable and s.id]
        taken = self.taken(ids)
        return [
            s.with_seats_left((s.seats_left or 0) - taken.get(s.id, 0)) if s.registrable else s
            for s in sessions
        ]

    def taken(self, session_ids: list[str]) -> dict[str, int]:
        """Seats held per session id."""
        if not session_ids:
            return {}
        marks = ",".join("?" * len(session_ids))
        holds = tuple(HOLDS_SEAT)
        sql = (
            "SELECT session_id, COUNT(*) FROM registrations WHERE session_id IN "  # noqa: S608
            f"({marks}) AND status IN (?, ?, ?) GROUP BY session_id"
        )
        with self.store.transaction() as c:
            return dict(c.execute(sql, (*session_ids, *holds)).fetchall())

    def find_session(self, session_id: str, now: datetime) -> Session | None:
        """The session with this id among those from yesterday to 200 days ahead."""
        for session in agenda_between(self.config, now - LOOKUP_BEFORE, now + LOOKUP_AFTER).sessions:
            if session.id == session_id:
                return session
        return None

    # -- registering ------------------------------------------------------------------------------
    def register(
        self,
        *,
        kiosk_id: str,
        session_id: str,
        first_name: str,
        phone: str,
        idempotency_key: str | None,
        now: datetime,
    ) -> tuple[Registration, Session, bool]:
        """Register for a workshop: a seat when one is free, else the end of the waitlist.

        Returns:
            (registration with its position, the session with seats left after it, created?) —
            created is False when the kiosk already sent this idempotency key.

        Raises:
            RegistrationError: unknown session, not a workshop with seats, or already started.
        """
        session = self.find_session(session_id, now)
        if session is None:
            raise RegistrationError("unknown_session", "no such session in the agenda")
        if not session.registrable:
            raise RegistrationError("not_registrable", "this session takes no registration")
        if session.start <= now:
            raise RegistrationError("started", "this workshop has already started")
        with self.store.transaction() as c:
            if idempotency_key:
                found = c.execute(
                    f"SELECT {_COLUMNS} FROM registrations WHERE kiosk_id = ? AND idempotency_key = ?",  # noqa: S608
                    (kiosk_id, idempotency_key),
                ).fetchone()
                if found is not None:
                    return self._positioned(found), self.with_seats([session])[0], False
            taken = self.taken([session.id]).get(session.id, 0)
            status = new_status(session.seats_left or 0, taken)
            stamp = iso(now)
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
                    self.phone_key(phone),
                ),
            )
            row = self.get(int(cursor.lastrowid or 0))
            assert row is not None
        log.info("registration %d for %s: %s", row.id, session.id, status)
        return row, self.with_seats([session])[0], True

    def _positioned(self, values: tuple) -> Registration:
        row = _row(values)
        if row.status != "waitlisted":
            return row
        with self.store.transaction() as c:
            ahead = c.execute(
                "SELECT COUNT(*) FROM registrations "
                "WHERE session_id = ? AND status = 'waitlisted' AND id <= ?",
                (row.session_id, row.id),
            ).fetchone()[0]
        return _row(values, int(ahead))

    def get(self, registration_id: int) -> Registration | None:
        """One registration, with its waitlist position."""
        with self.store.transaction() as c:
            found = c.execute(
                f"SELECT {_COLUMNS} FROM registrations WHERE id = ?",  # noqa: S608
                (registration_id,),
            ).fetchone()
        return self._positioned(found) if found else None

    def for_session(self, session_id: str) -> list[Registration]:
        """Every registration of a session: seat holders first, then the waitlist in order."""
        with self.store.transaction() as c:
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
        order = {"confirmed": 0, "attended": 0, "noshow": 0, "waitlisted": 1, "cancelled": 2}
        return sorted(result, key=lambda r: (order[r.status], r.id))

    def no_shows(self, phone_key: str, now: datetime) -> int:
        """Absences of this phone in the last NO_SHOW_WINDOW_DAYS days."""
        if not phone_key:
            return 0
        since = iso(now - timedelta(days=NO_SHOW_WINDOW_DAYS))
        with self.store.transaction() as c:
            return int(
                c.execute(
                    "SELECT COUNT(*) FROM registrations WHERE phone_key = ? AND status = 'noshow' "
                    "AND session_start >= ?",
                    (phone_key, since),
                ).fetchone()[0]
            )

    def must_confirm(self, registration: Registration, now: datetime) -> bool:
        """The light no-show rule for this person."""
        return must_confirm(self.no_shows(registration.phone_key, now))

    # -- staff actions ----------------------------------------------------------------------------
    def act(self, registration_id: int, action: str, now: datetime) -> Registration | None:
        """cancel | attended | noshow | notified | waitlist. Cancelling a seat promotes the first on the
        waitlist (marked ``promoted``, to be told by staff). Returns the updated row, None when unknown.

        Raises:
            ValueError: an unknown action.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self.store.transaction() as c:
            row = self.get(registration_id)
            if row is None:
                return None
            stamp = iso(now)
            if action == "notified":
                c.execute(
                    "UPDATE registrations SET notified = 1, updated_at = ? WHERE id = ?", (stamp, row.id)
                )
            else:
                status = {"cancel": "cancelled", "waitlist": "waitlisted"}.get(action, action)
                c.execute(
                    "UPDATE registrations SET status = ?, updated_at = ? WHERE id = ?",
                    (status, stamp, row.id),
                )
                if row.status in HOLDS_SEAT and status in ("cancelled", "waitlisted"):
                    self._promote(row.session_id, stamp)
        return self.get(registration_id)

    def _promote(self, session_id: str, stamp: str) -> None:
        with self.store.transaction() as c:
            first = c.execute(
                "SELECT id FROM registrations WHERE session_id = ? AND status = 'waitlisted' "
                "ORDER BY id LIMIT 1",
                (session_id,),
            ).fetchone()
            if first is not None:
                c.execute(
                    "UPDATE registrations SET status = 'confirmed', promoted = 1, notified = 0, "
                    "updated_at = ? WHERE id = ?",
                    (stamp, first[0]),
                )
                log.info("registration %d promoted from the waitlist", first[0])

    # -- retention --------------------------------------------------------------------------------
    def purge(self, now: datetime) -> int:
        """Erase first names and phones of workshops past by more than ``retention_days`` (the retention
        timer calls this)."""
        before = now - timedelta(days=self.config.hub.retention_days + 1)
        with self.store.transaction() as c:
            erased = c.execute(
                "UPDATE registrations SET first_name = '', phone = '' "
                "WHERE session_start < ? AND (first_name != '' OR phone != '')",
                (iso(before),),
            ).rowcount
        if erased:
            log.info("registrations: personal data of %d past registrations erased", erased)
        return int(erased)
