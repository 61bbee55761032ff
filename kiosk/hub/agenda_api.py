"""JSON API of the agenda and workshop registrations: GET /api/agenda, POST/GET /api/registrations.

Kiosks (Bearer token) read the agenda and register residents; staff (session) read registrants, with
their personal data, and act on them. Thread-safety: routes run in FastAPI's thread pool; the
Registrations service is thread-safe.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kiosk.agenda_source import agenda_between
from kiosk.domain.agenda import Session
from kiosk.domain.help_requests import clean_first_name
from kiosk.domain.registration import PhoneError, clean_phone, spaced_phone
from kiosk.hub.auth import Caller
from kiosk.hub.auth_deps import advisor, caller, kiosk
from kiosk.hub.registrations import ACTIONS, Registration, RegistrationError, Registrations
from kiosk.hub.state import HubState, hub_state
from kiosk.i18n import _

router = APIRouter(tags=["agenda"])
Hub = Annotated[HubState, Depends(hub_state)]
MAX_SPAN_DAYS = 366


def registrations_service(request: Request) -> Registrations:
    """Dependency: the app's Registrations."""
    service: Registrations = request.app.state.registrations
    return service


Regs = Annotated[Registrations, Depends(registrations_service)]


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
    def of(cls, row: Registration, must_confirm: bool) -> RegistrantOut:
        return cls(
            id=row.id,
            session_id=row.session_id,
            session_title=row.session_title,
            first_name=row.first_name,
            phone=spaced_phone(row.phone),
            no_phone=row.no_phone,
            status=row.status,
            position=row.position,
            promoted=row.promoted,
            notified=row.notified,
            must_confirm=must_confirm,
        )


def _day_range(hub: HubState, first: date, last: date) -> tuple[datetime, datetime]:
    if last < first:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=_("« to » est avant « from »."))
    if (last - first).days > MAX_SPAN_DAYS:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=_("Une année au plus."))
    zone = ZoneInfo(hub.config.site.timezone)
    return datetime.combine(first, time(0), zone), datetime.combine(last + timedelta(days=1), time(0), zone)


@router.get("/api/agenda")
def agenda(
    hub: Hub,
    regs: Regs,
    _who: Annotated[Caller, Depends(caller)],
    first: Annotated[date | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
    last: Annotated[date | None, Query(alias="to", description="last day, YYYY-MM-DD")] = None,
) -> AgendaOut:
    """Sessions starting from ``from`` to ``to`` (inclusive, local days; default: the next 60 days),
    workshops with seats left after the hub's registrations. Kiosk token or staff session."""
    today = hub.clock().astimezone(ZoneInfo(hub.config.site.timezone)).date()
    start, end = _day_range(hub, first or today, last or (first or today) + timedelta(days=60))
    source = agenda_between(hub.config, start, end - timedelta(microseconds=1))
    sessions = regs.with_seats(source.sessions)
    return AgendaOut(
        sessions=[SessionOut.of(s) for s in sessions], updated_at=source.updated_at, stale=source.stale
    )


@router.post("/api/registrations", status_code=status.HTTP_201_CREATED, tags=["registrations"])
def register(
    body: RegistrationIn, response: Response, hub: Hub, regs: Regs, who: Annotated[Caller, Depends(kiosk)]
) -> RegistrationOut:
    """Register a resident (kiosk token): a seat if one is free, else the waitlist. Same idempotency
    key again → 200 with the same registration. 404 unknown session, 409 not open to registration."""
    assert who.kiosk_id is not None
    try:
        row, session, created = regs.register(
            kiosk_id=who.kiosk_id,
            session_id=body.session_id,
            first_name=body.first_name,
            phone=body.phone,
            idempotency_key=body.idempotency_key,
            now=hub.clock(),
        )
    except RegistrationError as exc:
        code = status.HTTP_404_NOT_FOUND if exc.code == "unknown_session" else status.HTTP_409_CONFLICT
        raise HTTPException(code, detail=exc.code) from None
    if not created:
        response.status_code = status.HTTP_200_OK
    return RegistrationOut(
        id=row.id, status=row.status, position=row.position, session=SessionOut.of(session)
    )


@router.get("/api/registrations", tags=["registrations"])
def registrants(
    hub: Hub,
    regs: Regs,
    _who: Annotated[Caller, Depends(advisor)],
    session_id: Annotated[str, Query(min_length=1, max_length=300)],
) -> list[RegistrantOut]:
    """Everyone registered for a session (staff only): seat holders, then the waitlist in order."""
    now = hub.clock()
    return [RegistrantOut.of(r, regs.must_confirm(r, now)) for r in regs.for_session(session_id)]


@router.post("/api/registrations/{registration_id}/{action}", tags=["registrations"])
def act(
    hub: Hub,
    regs: Regs,
    _who: Annotated[Caller, Depends(advisor)],
    registration_id: Annotated[int, Path(ge=1, le=2**62)],
    action: Annotated[str, Path(description=" | ".join(ACTIONS))],
) -> RegistrantOut:
    """cancel (promotes the first on the waitlist), attended, noshow, notified, waitlist (staff only)."""
    if action not in ACTIONS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Action inconnue."))
    row = regs.act(registration_id, action, hub.clock())
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Inscription introuvable."))
    return RegistrantOut.of(row, regs.must_confirm(row, hub.clock()))


def session_json(session: Session) -> dict[str, Any]:
    """A session as the API writes it (for templates and the kiosk's fallback)."""
    return SessionOut.of(session).model_dump(mode="json")
