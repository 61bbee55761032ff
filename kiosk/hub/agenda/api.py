"""JSON API of the agenda and workshop registrations: GET /api/agenda, POST/GET /api/registrations.

Kiosks (Bearer token) read the agenda and register residents; staff (session) read registrants, with
their personal data, and act on them. Thread-safety: routes run in FastAPI's thread pool; the
Registrations service is thread-safe.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kiosk.content.agenda_source import agenda_between
from kiosk.domain.agenda import Session
from kiosk.domain.appointments import FIRST_YEAR, LAST_YEAR
from kiosk.domain.help_requests import clean_first_name
from kiosk.domain.registration import PhoneError, clean_phone, spaced_phone
from kiosk.hub.agenda.registrations import ACTIONS, RegistrationError
from kiosk.hub.agenda.sql import Registration
from kiosk.hub.auth.deps import AdvisorCaller, AnyCaller, Hub, KioskCaller
from kiosk.hub.auth.roles import sees_phones
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import Conflict, Invalid, NotFound
from kiosk.i18n import _

router = APIRouter(tags=["agenda"])
MAX_SPAN_DAYS = 366


class SessionOut(BaseModel):
    """One session; ``start``/``end`` in ISO 8601 with the site's UTC offset."""

    id: str
    start: datetime
    end: datetime
    kind: Literal["permanence", "atelier", "rendez-vous"]
    title: str
    place: str
    theme: str = ""
    level: str = ""
    capacity: int | None = None
    seats_left: int | None = None
    registrable: bool = False

    @classmethod
    def of(cls, session: Session) -> SessionOut:
        return cls(
            id=session.id,
            start=session.start,
            end=session.end,
            kind=session.kind,
            title=session.title,
            place=session.place,
            theme=session.theme,
            level=session.level,
            capacity=session.capacity,
            seats_left=session.seats_left,
            registrable=session.registrable,
        )


class AgendaOut(BaseModel):
    """Sessions and the freshness of the agenda source (``stale``: an older copy is shown)."""

    sessions: list[SessionOut]
    updated_at: datetime | None = None
    stale: bool = False


class RegistrationIn(BaseModel):
    """A resident's registration from a kiosk: a first name, and a phone or ``no_phone``."""

    model_config = ConfigDict(extra="forbid")

    session_id: Annotated[str, Field(min_length=1, max_length=300)]
    first_name: Annotated[str, Field(max_length=60)]
    phone: Annotated[str, Field(max_length=30)] = ""
    no_phone: bool = False
    idempotency_key: Annotated[str | None, Field(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None

    @model_validator(mode="after")
    def _check(self) -> RegistrationIn:
        self.first_name = clean_first_name(self.first_name)
        if not self.first_name:
            raise ValueError(_("Écrivez votre prénom."))
        try:
            self.phone = clean_phone(self.phone)
        except PhoneError as exc:
            raise ValueError(_(str(exc))) from None
        if not self.phone and not self.no_phone:
            raise ValueError(_("Donnez un numéro de téléphone, ou choisissez « pas de téléphone »."))
        if self.no_phone:
            self.phone = ""
        return self


class RegistrationOut(BaseModel):
    """What a kiosk learns: confirmed or waitlisted (with the place in line), and the session."""

    id: int
    status: str
    position: int | None
    session: SessionOut


class RegistrantOut(BaseModel):
    """A registration as staff see it (personal data)."""

    id: int
    session_id: str
    session_title: str
    first_name: str
    phone: str
    no_phone: bool
    status: str
    position: int | None
    promoted: bool
    notified: bool
    must_confirm: bool

    @classmethod
    def of(cls, row: Registration, must_confirm: bool, *, phone: bool) -> RegistrantOut:
        """The staff view of ``row``; ``phone`` False hides the number (roles that do not call back)."""
        return cls(
            id=row.id,
            session_id=row.session_id,
            session_title=row.session_title,
            first_name=row.first_name,
            phone=spaced_phone(row.phone) if phone else "",
            no_phone=row.no_phone,
            status=row.status,
            position=row.position,
            promoted=row.promoted,
            notified=row.notified,
            must_confirm=must_confirm,
        )


def _day_range(hub: HubState, first: date, last: date) -> tuple[datetime, datetime]:
    if not (FIRST_YEAR <= first.year <= LAST_YEAR and FIRST_YEAR <= last.year <= LAST_YEAR):
        raise Invalid(_("Une date entre {a} et {b}.").format(a=FIRST_YEAR, b=LAST_YEAR))
    if last < first:
        raise Invalid(_("« to » est avant « from »."))
    if (last - first).days > MAX_SPAN_DAYS:
        raise Invalid(_("Une année au plus."))
    zone = ZoneInfo(hub.config.site.timezone)
    return datetime.combine(first, time(0), zone), datetime.combine(last + timedelta(days=1), time(0), zone)


@router.get("/api/agenda")
def agenda(
    hub: Hub,
    _who: AnyCaller,
    first: Annotated[date | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
    last: Annotated[date | None, Query(alias="to", description="last day, YYYY-MM-DD")] = None,
) -> AgendaOut:
    """Sessions starting from ``from`` to ``to`` (inclusive, local days; default: the next 60 days),
    workshops with seats left after the hub's registrations. Kiosk token or staff session."""
    today = hub.clock().astimezone(ZoneInfo(hub.config.site.timezone)).date()
    first = first or today
    if last is None:
        last = first + timedelta(days=60) if first.year <= LAST_YEAR else first  # 9999-12-31 + 60: no
    start, end = _day_range(hub, first, last)
    source = agenda_between(hub.config, start, end - timedelta(microseconds=1))
    sessions = hub.registrations.with_seats(source.sessions)
    return AgendaOut(
        sessions=[SessionOut.of(s) for s in sessions], updated_at=source.updated_at, stale=source.stale
    )


@router.post("/api/registrations", status_code=status.HTTP_201_CREATED, tags=["registrations"])
def register(body: RegistrationIn, response: Response, hub: Hub, who: KioskCaller) -> RegistrationOut:
    """Register a resident (kiosk token): a seat if one is free, else the waitlist. Same idempotency
    key again → 200 with the same registration. 404 unknown session, 409 not open to registration."""
    assert who.kiosk_id is not None
    try:
        row, session, created = hub.registrations.register(
            kiosk_id=who.kiosk_id,
            session_id=body.session_id,
            first_name=body.first_name,
            phone=body.phone,
            idempotency_key=body.idempotency_key,
            now=hub.clock(),
        )
    except RegistrationError as exc:
        raise (NotFound if exc.code == "unknown_session" else Conflict)(exc.code) from None
    if not created:
        response.status_code = status.HTTP_200_OK
    return RegistrationOut(
        id=row.id, status=row.status, position=row.position, session=SessionOut.of(session)
    )


@router.get("/api/registrations", tags=["registrations"])
def registrants(
    hub: Hub,
    who: AdvisorCaller,
    session_id: Annotated[str, Query(min_length=1, max_length=300)],
) -> list[RegistrantOut]:
    """Everyone registered for a session: seat holders, then the waitlist in order. Phone numbers only
    for staff and admins (they call residents back); empty for advisors."""
    now, regs = hub.clock(), hub.registrations
    phone = who.user is not None and sees_phones(who.user)
    return [RegistrantOut.of(r, regs.must_confirm(r, now), phone=phone) for r in regs.for_session(session_id)]


@router.post("/api/registrations/{registration_id}/{action}", tags=["registrations"])
def act(
    hub: Hub,
    who: AdvisorCaller,
    registration_id: Annotated[int, Path(ge=1, le=2**62)],
    action: Annotated[str, Path(description=" | ".join(ACTIONS))],
) -> RegistrantOut:
    """cancel (promotes the first on the waitlist), attended, noshow, notified, waitlist (staff only)."""
    if action not in ACTIONS:
        raise NotFound(_("Action inconnue."))
    row = hub.registrations.act(registration_id, action, hub.clock())
    if row is None:
        raise NotFound(_("Inscription introuvable."))
    phone = who.user is not None and sees_phones(who.user)
    return RegistrantOut.of(row, hub.registrations.must_confirm(row, hub.clock()), phone=phone)
