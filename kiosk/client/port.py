"""The kiosk's port to the hub: what screens and background tasks may call (``HubPort``), what comes back
(typed, immutable answers built from the hub's JSON by ``from_json``) and how a call fails.

``HubClient`` (kiosk.client.hub_client) is the real implementation; the UI tests give the screens a fake
with the same methods (tests/ui/fakes.py), and tests/client/test_port.py checks both keep to the Protocol.
Every call blocks: make it from the worker, never from the UI thread. No I/O in this module; a
``from_json`` raises KeyError/TypeError/ValueError on a malformed answer, which the client turns into
HubUnavailable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from kiosk.domain.agenda import Session
from kiosk.i18n import _


# -- errors ---------------------------------------------------------------------------------------------
class HubUnavailable(Exception):
    """The hub cannot be reached now: connection refused, timeout, or a 5xx answer."""

    @property
    def user_message(self) -> str:
        """What the kiosk says, in plain French."""
        return _("Le service d'aide ne répond pas pour le moment.")


class HubRefused(Exception):
    """The hub answered with a 4xx status: the request itself is wrong and must not be retried."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(f"hub refused ({status_code}): {detail}")
        self.status_code = status_code
        self.detail = detail

    @property
    def user_message(self) -> str:
        """What the kiosk says, in plain French."""
        return _("La demande n'a pas pu être enregistrée. Appelez un bibliothécaire.")


# -- answers --------------------------------------------------------------------------------------------
def _aware(text: Any) -> datetime:
    moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _maybe_time(text: Any) -> datetime | None:
    if not text:
        return None
    try:
        return _aware(text)
    except ValueError:
        return None


def _range(value: Any) -> tuple[int, int]:
    low, high = value or (0, 0)
    return int(low), int(high)


@dataclass(frozen=True)
class HelpTicket:
    """A help request as the hub knows it (``position``/``ahead`` are None or 0 once no longer waiting)."""

    id: int | str
    ticket: str
    topic: str
    topic_label: str
    status: str
    position: int | None
    ahead: int
    wait_minutes: tuple[int, int]
    created_at: datetime
    recall_count: int = 0  # the advisor's « Rappeler » presses (0 when the hub does not report them)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HelpTicket:
        """Build from the hub's ``HelpRequest`` JSON."""
        return cls(
            id=data["id"],
            ticket=str(data["ticket"]),
            topic=str(data["topic"]),
            topic_label=str(data.get("topic_label") or ""),
            status=str(data["status"]),
            position=data.get("position"),
            ahead=int(data.get("ahead") or 0),
            wait_minutes=_range(data.get("wait_minutes")),
            created_at=_aware(data["created_at"]),
            recall_count=int(data.get("recall_count") or 0),
        )


@dataclass(frozen=True)
class Queued:
    """The hub was unreachable: the request waits in the outbox and will be delivered exactly once."""

    idempotency_key: str
    topic: str

    @property
    def user_message(self) -> str:
        """What the kiosk says, in plain French."""
        return _(
            "Le conseiller n'est pas joignable pour le moment. "
            "Votre demande est gardée. Elle partira dès que possible."
        )


@dataclass(frozen=True)
class QueueStatus:
    """``GET /api/queue`` for this kiosk's site. ``accepting`` False: the cut-off (``message`` says why)."""

    accepting: bool = True
    waiting: int = 0
    wait_minutes: tuple[int, int] = (0, 0)
    away: bool = False
    away_until: datetime | None = None
    away_message: str = ""
    message: str = ""
    ends_at: datetime | None = None
    closing_time: str | None = None  # the site's daily closing time, local "HH:MM"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueueStatus:
        return cls(
            accepting=bool(data["accepting"]),
            waiting=int(data.get("waiting") or 0),
            wait_minutes=_range(data.get("wait_minutes")),
            away=bool(data.get("away")),
            away_until=_maybe_time(data.get("away_until")),
            away_message=str(data.get("away_message") or ""),
            message=str(data.get("message") or ""),
            ends_at=_maybe_time(data.get("ends_at")),
            closing_time=str(data["closing_time"]) if data.get("closing_time") else None,
        )


def session_from_json(data: dict[str, Any]) -> Session:
    """A domain Session from the hub's ``SessionOut`` JSON."""
    return Session(
        _aware(data["start"]),
        _aware(data["end"]),
        data.get("kind", "permanence"),
        str(data.get("title") or ""),
        str(data.get("place") or ""),
        data.get("seats_left"),
        id=str(data.get("id") or ""),
        capacity=data.get("capacity"),
        theme=str(data.get("theme") or ""),
        level=str(data.get("level") or ""),
    )


@dataclass(frozen=True)
class AgendaPage:
    """``GET /api/agenda``: the sessions (seats left after the hub's registrations) and the source's age.
    ``skipped`` counts sessions the kiosk could not read (logged, not shown)."""

    sessions: tuple[Session, ...]
    updated_at: datetime | None = None
    stale: bool = False
    skipped: int = 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgendaPage:
        sessions, skipped = [], 0
        for item in data["sessions"]:
            try:
                sessions.append(session_from_json(item))
            except (KeyError, TypeError, ValueError):
                skipped += 1
        updated = data.get("updated_at")
        updated_at = datetime.fromisoformat(str(updated)) if updated else None  # as the hub wrote it
        return cls(tuple(sessions), updated_at, bool(data.get("stale")), skipped)


@dataclass(frozen=True)
class Registration:
    """``POST /api/registrations``: confirmed or waitlisted (``position`` in the waiting list)."""

    id: int
    status: str  # confirmed | waitlisted
    position: int | None
    session: Session | None = None

    @property
    def waitlisted(self) -> bool:
        return self.status == "waitlisted"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registration:
        raw = data.get("session")
        return cls(
            id=int(data.get("id") or 0),
            status=str(data["status"]),
            position=int(data["position"]) if data.get("position") is not None else None,
            session=session_from_json(raw) if raw else None,
        )


@dataclass(frozen=True)
class PrintJob:
    """A slip staff sent to this kiosk (``GET /api/print-jobs/next``); ``payload``: an Appointment's JSON."""

    id: int
    payload: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PrintJob:
        payload = data.get("payload") or {}
        return cls(id=int(data["id"]), payload=dict(payload) if isinstance(payload, dict) else {})


# -- the port -------------------------------------------------------------------------------------------
@runtime_checkable
class HubPort(Protocol):
    """The hub as the kiosk sees it. ``hub_time`` is the hub's clock in its last health answer."""

    hub_time: datetime | None

    def healthy(self) -> bool: ...

    def request_help(
        self,
        topic: str,
        first_name: str = "",
        needs: Iterable[str] = (),
        *,
        lesson_id: str | None = None,
        step_id: str | None = None,
    ) -> HelpTicket | Queued: ...

    def help_request(self, request_id: int | str) -> HelpTicket: ...

    def cancel_help(self, request_id: int | str) -> HelpTicket: ...

    def queue_status(self) -> QueueStatus: ...

    def flush_outbox(self) -> int: ...

    def agenda(self, first: str, last: str) -> AgendaPage: ...

    def register(
        self, session_id: str, first_name: str, phone: str, *, no_phone: bool, idempotency_key: str
    ) -> Registration: ...

    def next_print_job(self) -> PrintJob | None: ...

    def print_job_result(self, job_id: int, *, ok: bool, error: str = "") -> None: ...

    def report_health(
        self,
        *,
        printer_uri: str,
        online: bool | None,
        paper: str | None,
        last_error: str = "",
        itself: dict[str, Any] | None = None,
    ) -> bool: ...

    def send_learning_run(self, run: dict[str, Any]) -> bool: ...
