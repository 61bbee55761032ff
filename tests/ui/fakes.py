"""Deterministic stand-ins for the kiosk's services in UI drivers (snapshots, idle, debounce)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.client.port import (
    AgendaPage,
    HelpTicket,
    HubUnavailable,
    PrintJob,
    Queued,
    QueueStatus,
    Registration,
)
from kiosk.domain.agenda import Session

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 15, 30, tzinfo=PARIS)


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@dataclass
class FakeHub:
    """A HubPort (kiosk.client.port) answering like HubClient: ticket P07, two people ahead, 10 to 40 minutes,
    the queue open. What a demo hub would not have (an agenda, registrations) is « unavailable », as from a
    hub that is away. tests/client/test_port.py checks it keeps to the Protocol."""

    status: str = "waiting"
    recall_count: int = 0
    ahead: int = 2  # people before the resident (the queue moves when a test lowers it)
    queue: QueueStatus = field(default_factory=QueueStatus)
    calls: list[tuple[str, str]] = field(default_factory=list)
    asks: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hub_time: datetime | None = None

    def healthy(self) -> bool:
        return True

    def request_help(
        self,
        topic: str,
        first_name: str = "",
        needs: Iterable[str] = (),
        *,
        lesson_id: str | None = None,
        step_id: str | None = None,
    ) -> HelpTicket | Queued:
        with self.lock:
            self.calls.append((topic, first_name))
            self.asks.append({"topic": topic, "lesson_id": lesson_id, "step_id": step_id})
        return self.help_request(7)

    def help_request(self, request_id: int | str) -> HelpTicket:
        return HelpTicket(
            id=request_id,
            ticket="P07",
            topic="papiers",
            topic_label="Mes papiers en ligne",
            status=self.status,
            position=self.ahead + 1,
            ahead=self.ahead,
            wait_minutes=(10, 40),
            created_at=NOW,
            recall_count=self.recall_count,
        )

    def cancel_help(self, request_id: int | str) -> HelpTicket:
        self.status = "cancelled"
        return self.help_request(request_id)

    def queue_status(self) -> QueueStatus:
        return self.queue

    def flush_outbox(self) -> int:
        return 0

    def agenda(self, first: str, last: str) -> AgendaPage:
        raise HubUnavailable("the fake hub has no agenda")

    def register(
        self, session_id: str, first_name: str, phone: str, *, no_phone: bool, idempotency_key: str
    ) -> Registration:
        raise HubUnavailable("the fake hub takes no registrations")

    def next_print_job(self) -> PrintJob | None:
        return None

    def print_job_result(self, job_id: int, *, ok: bool, error: str = "") -> None:
        return None

    def report_health(
        self,
        *,
        printer_uri: str,
        online: bool | None,
        paper: str | None,
        last_error: str = "",
        itself: dict[str, Any] | None = None,
    ) -> bool:
        return False

    def send_learning_run(self, run: dict[str, Any]) -> bool:
        with self.lock:
            self.runs.append(run)
        return True


@dataclass
class FakePrinter:
    """Keeps receipts; raises ``error`` when set."""

    error: BaseException | None = None
    receipts: list[Any] = field(default_factory=list)
    uri: str = ""

    def status(self) -> None:
        return None  # like a printer that cannot say

    def print_receipt(self, receipt: Any) -> None:
        if self.error is not None:
            raise self.error
        self.receipts.append(receipt)


def sessions(now: datetime) -> list[Session]:
    """Three sessions of the demo kind, at fixed dates after ``now``."""
    day = now.replace(hour=16, minute=0, second=0, microsecond=0)
    return [
        Session(
            start=day + timedelta(days=1),
            end=day + timedelta(days=1, hours=1),
            kind="permanence",
            title="Permanence numérique",
            place="Médiathèque de la Côte des Roses",
            seats_left=None,
        ),
        Session(
            start=day + timedelta(days=7, hours=-2),
            end=day + timedelta(days=7),
            kind="atelier",
            title="Les sites administratifs, simplifier ses démarches",
            place="Salle 2",
            seats_left=3,
        ),
        Session(
            start=day + timedelta(days=14, hours=-2),
            end=day + timedelta(days=14),
            kind="atelier",
            title="La sécurité sur Internet",
            place="Salle 2",
            seats_left=0,
        ),
    ]
