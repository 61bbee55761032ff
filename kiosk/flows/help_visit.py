"""A help request from the kiosk, from the tap to the advisor's call, as a pure state machine.

The help screen (kiosk.ui.screens.help_ticket) and a lesson's « Appeler le conseiller »
(kiosk.ui.screens.lesson) both go through it: the queue's cut-off is checked first, the request is sent
(or kept in the outbox when the hub is away), then, for the help screen only, the ticket is printed and
polled until the advisor calls. Handlers return effects; the screen applies them and renders ``state``.

Thread-safety: a HelpVisit lives on the UI thread. ``submit`` and ``fetch`` are the blocking halves, for
the worker: they only read the port and return values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.client.port import HelpTicket, HubPort, HubRefused, HubUnavailable, Queued, QueueStatus

log = logging.getLogger(__name__)

CALLED = frozenset({"called", "in_progress"})
FINISHED = frozenset({"done", "no_show", "cancelled"})
CANCELLED_HOME_S = 8.0
CALL_REPEAT_S = 20.0  # « C'est à vous ! » said again once, for a resident who was looking away


class Visit(StrEnum):
    """sending → ticket (⇄ confirm_cancel) → called | cancelled; or cutoff / queued / error."""

    IDLE = "idle"
    SENDING = "sending"
    TICKET = "ticket"
    CONFIRM_CANCEL = "confirm_cancel"
    CALLED = "called"
    CANCELLED = "cancelled"
    CUTOFF = "cutoff"
    QUEUED = "queued"
    ERROR = "error"


WATCHED = frozenset({Visit.TICKET, Visit.CONFIRM_CANCEL, Visit.CALLED})  # states that keep polling


# -- effects: what the screen does for the flow ---------------------------------------------------------
@dataclass(frozen=True)
class PrintTicket:
    """Print the ticket (number, position, wait, « absent jusqu'à »)."""


@dataclass(frozen=True)
class StartPolling:
    """Ask ``fetch`` every ``every_s`` seconds, and hand its answer to ``polled``."""

    every_s: float


@dataclass(frozen=True)
class Announce:
    """The chime, then the spoken call."""


@dataclass(frozen=True)
class RepeatCallLater:
    """Call ``repeat_due`` in ``after_s`` seconds."""

    after_s: float


@dataclass(frozen=True)
class GoHome:
    """Back to the home screen in ``after_s`` seconds (0: now)."""

    after_s: float = 0.0


Effect = PrintTicket | StartPolling | Announce | RepeatCallLater | GoHome


# -- what the worker brings back ------------------------------------------------------------------------
@dataclass(frozen=True)
class HelpAsk:
    """What the resident asked: a topic, and for a lesson where they are stuck. The first name and needs
    go to the hub and are never kept by the flow."""

    topic: str
    first_name: str = ""
    needs: tuple[str, ...] = ()
    lesson_id: str | None = None
    step_id: str | None = None


@dataclass(frozen=True)
class Sent:
    ticket: HelpTicket
    queue: QueueStatus | None


@dataclass(frozen=True)
class Kept:
    """The hub was away: the request waits in the outbox."""

    queued: Queued


@dataclass(frozen=True)
class CutOff:
    """The hub said no ticket can be served today."""

    queue: QueueStatus


Outcome = Sent | Kept | CutOff


def queue_status(port: HubPort) -> QueueStatus | None:
    """The hub's queue status, or None when it cannot say now (the request itself will tell). Worker."""
    try:
        return port.queue_status()
    except (HubUnavailable, HubRefused) as exc:
        log.info("queue status unavailable: %s", exc)
        return None


def submit(port: HubPort, ask: HelpAsk) -> Outcome:
    """Check the cut-off, then join the queue (the outbox keeps it when the hub is away). Worker thread.
    Raises HubRefused when the hub refuses the request itself."""
    status = queue_status(port)
    if status is not None and not status.accepting:
        return CutOff(status)
    result = port.request_help(
        ask.topic, first_name=ask.first_name, needs=ask.needs, lesson_id=ask.lesson_id, step_id=ask.step_id
    )
    if isinstance(result, Queued):
        return Kept(result)
    return Sent(result, status)


def fetch(port: HubPort, request_id: int | str) -> tuple[HelpTicket, QueueStatus | None]:
    """The request's state and the queue's, for ``polled``. Worker thread; raises HubUnavailable."""
    return port.help_request(request_id), queue_status(port)


class HelpVisit:
    """One resident's request. ``follow``: the help screen prints the ticket and waits for the call; a
    lesson shows the number and goes on (no printing, no polling).

    Args:
        poll_interval_s, called_home_s: from Services.
        call_repeat_s: when « C'est à vous ! » is said again if the resident has not come.
    """

    def __init__(
        self,
        *,
        follow: bool = True,
        poll_interval_s: float = 3.0,
        called_home_s: float = 90.0,
        call_repeat_s: float = CALL_REPEAT_S,
    ) -> None:
        self.follow = follow
        self.poll_interval_s = poll_interval_s
        self.called_home_s = called_home_s
        self.call_repeat_s = call_repeat_s
        self.reset()

    def reset(self) -> None:
        """Forget the visit (the next resident sees nothing of it)."""
        self.state = Visit.IDLE
        self.request_id: int | str | None = None
        self.ticket = ""
        self.ahead = 0
        self.wait_minutes: tuple[int, int] = (0, 0)
        self.away_message = ""
        self.away_until: datetime | None = None
        self.cut_off_message = ""
        self.polling = False
        self._recalls = 0
        self._call_status = ""

    # -- sending ----------------------------------------------------------------------------------------
    def start(self) -> bool:
        """The request leaves: True when it may (not while one is already on its way)."""
        if self.state == Visit.SENDING:
            return False
        self.reset()
        self.state = Visit.SENDING
        return True

    def no_topic(self) -> None:
        self.reset()
        self.state = Visit.ERROR

    def sent(self, outcome: Outcome, now: datetime) -> list[Effect]:
        """The worker's answer to ``submit``."""
        if isinstance(outcome, CutOff):
            self.cut_off_message = outcome.queue.message
            self.state = Visit.CUTOFF
            return []
        if isinstance(outcome, Kept):
            log.info("help request kept in the outbox")
            self.state = Visit.QUEUED
            return []
        self.request_id = outcome.ticket.id
        self.ticket = outcome.ticket.ticket
        self._update(outcome.ticket, outcome.queue, now)
        self.state = Visit.TICKET
        return [PrintTicket(), StartPolling(self.poll_interval_s)] if self.follow else []

    def failed(self, error: BaseException) -> None:
        log.warning("help request failed: %s", error)
        self.state = Visit.ERROR

    def _update(self, ticket: HelpTicket, queue: QueueStatus | None, now: datetime) -> None:
        self.ahead = ticket.ahead
        self.wait_minutes = ticket.wait_minutes
        if queue is not None:
            self.away_message = queue.away_message
            until = queue.away_until
            self.away_until = until.astimezone(now.tzinfo) if until and now.tzinfo else until

    # -- cancelling -------------------------------------------------------------------------------------
    def ask_cancel(self) -> None:
        if self.state == Visit.TICKET:
            self.state = Visit.CONFIRM_CANCEL

    def keep(self) -> None:
        if self.state == Visit.CONFIRM_CANCEL:
            self.state = Visit.TICKET

    def begin_cancel(self) -> int | str | None:
        """« Oui, j'annule »: the request id to cancel, or None when there is nothing to cancel."""
        if self.state != Visit.CONFIRM_CANCEL or self.request_id is None:
            return None
        self.state = Visit.SENDING
        return self.request_id

    def cancelled(self) -> list[Effect]:
        self.state = Visit.CANCELLED
        return [GoHome(CANCELLED_HOME_S)]

    def cancel_failed(self, error: BaseException) -> None:
        log.info("cancel refused: %s", error)
        self.state = Visit.TICKET  # already called, or the hub is away: the ticket stays valid

    # -- waiting for the call ---------------------------------------------------------------------------
    def poll_due(self) -> int | str | None:
        """At each poll tick: the request id to fetch, or None (nothing to watch, or a fetch under way)."""
        if self.polling or self.request_id is None or self.state not in WATCHED:
            return None
        self.polling = True
        return self.request_id

    def poll_failed(self) -> None:
        self.polling = False  # try again at the next tick; the ticket stays on screen

    def polled(self, ticket: HelpTicket, queue: QueueStatus | None, now: datetime) -> list[Effect]:
        """The worker's answer to ``fetch``."""
        self.polling = False
        status, recalls = ticket.status, ticket.recall_count
        if status in CALLED and self.state in (Visit.TICKET, Visit.CONFIRM_CANCEL):
            self.state = Visit.CALLED
            self._call_status, self._recalls = status, recalls
            return [Announce(), GoHome(self.called_home_s), RepeatCallLater(self.call_repeat_s)]
        if status in CALLED and self.state == Visit.CALLED:
            self._call_status = status
            if recalls > self._recalls:  # the advisor pressed « Rappeler »
                self._recalls = recalls
                return [Announce()]
            return []
        if status in FINISHED:
            return [GoHome()]
        self._update(ticket, queue, now)
        return []

    def repeat_due(self) -> list[Effect]:
        """Say the call again, unless the resident is already with the advisor."""
        if self.state == Visit.CALLED and self._call_status == "called":
            return [Announce()]
        return []
