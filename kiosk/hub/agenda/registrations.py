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
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.config import Config
from kiosk.content.agenda_source import agenda_between
from kiosk.domain.agenda import Session
from kiosk.domain.registration import HOLDS_SEAT, NO_SHOW_WINDOW_DAYS, must_confirm, new_status
from kiosk.hub.agenda import sql
from kiosk.hub.agenda.sql import Registration
from kiosk.hub.db.store import Store

log = logging.getLogger(__name__)

LOOKUP_BEFORE, LOOKUP_AFTER = timedelta(days=1), timedelta(days=200)
ACTIONS = ("cancel", "attended", "noshow", "notified", "waitlist")


class RegistrationError(Exception):
    """A registration that cannot be made: ``code`` is unknown_session, not_registrable or started."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


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
        return sql.seats_taken(self.store, session_ids, tuple(HOLDS_SEAT))

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
        with self.store.transaction():
            if idempotency_key:
                found = sql.by_idempotency_key(self.store, kiosk_id, idempotency_key)
                if found is not None:
                    return found, self.with_seats([session])[0], False
            taken = self.taken([session.id]).get(session.id, 0)
            status = new_status(session.seats_left or 0, taken)
            row = sql.insert_registration(
                self.store,
                session,
                kiosk_id=kiosk_id,
                idempotency_key=idempotency_key,
                first_name=first_name,
                phone=phone,
                status=status,
                phone_key=self.phone_key(phone),
                now=now,
            )
        log.info("registration %d for %s: %s", row.id, session.id, status)
        return row, self.with_seats([session])[0], True

    def get(self, registration_id: int) -> Registration | None:
        """One registration, with its waitlist position."""
        return sql.registration(self.store, registration_id)

    def for_session(self, session_id: str) -> list[Registration]:
        """Every registration of a session: seat holders first, then the waitlist in order."""
        result = sql.of_session(self.store, session_id)
        order = {"confirmed": 0, "attended": 0, "noshow": 0, "waitlisted": 1, "cancelled": 2}
        return sorted(result, key=lambda r: (order[r.status], r.id))

    def no_shows(self, phone_key: str, now: datetime) -> int:
        """Absences of this phone in the last NO_SHOW_WINDOW_DAYS days."""
        if not phone_key:
            return 0
        return sql.no_show_count(self.store, phone_key, now - timedelta(days=NO_SHOW_WINDOW_DAYS))

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
        with self.store.transaction():
            row = self.get(registration_id)
            if row is None:
                return None
            if action == "notified":
                sql.set_notified(self.store, row.id, now)
            else:
                status = {"cancel": "cancelled", "waitlist": "waitlisted"}.get(action, action)
                sql.set_status(self.store, row.id, status, now)
                if row.status in HOLDS_SEAT and status in ("cancelled", "waitlisted"):
                    promoted = sql.promote_first(self.store, row.session_id, now)
                    if promoted is not None:
                        log.info("registration %d promoted from the waitlist", promoted)
        return self.get(registration_id)

    # -- retention --------------------------------------------------------------------------------
    def purge(self, now: datetime) -> int:
        """Erase first names and phones of workshops past by more than ``retention_days`` (the retention
        timer calls this)."""
        before = now - timedelta(days=self.config.hub.retention_days + 1)
        erased = sql.erase_personal_data(self.store, before)
        if erased:
            log.info("registrations: personal data of %d past registrations erased", erased)
        return int(erased)
