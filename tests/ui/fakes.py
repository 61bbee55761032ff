"""Deterministic stand-ins for the kiosk's services in UI drivers (snapshots, idle, debounce)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

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
    """Answers like HubClient: ticket P07, two people ahead, 10 to 40 minutes."""

    status: str = "waiting"
    calls: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request_help(self, topic: str, first_name: str = "", needs: Any = ()) -> Any:
        with self.lock:
            self.calls.append((topic, first_name))
        return self.help_request(7)

    def help_request(self, request_id: Any) -> Any:
        return SimpleNamespace(
            id=request_id,
            ticket="P07",
            topic="papiers",
            topic_label="Mes papiers en ligne",
            status=self.status,
            position=3,
            ahead=2,
            wait_minutes=(10, 40),
        )

    def flush_outbox(self) -> int:
        return 0


@dataclass
class FakePrinter:
    """Keeps receipts; raises ``error`` when set."""

    error: BaseException | None = None
    receipts: list[Any] = field(default_factory=list)

    def print_receipt(self, receipt: Any) -> None:
        if self.error is not None:
            raise self.error
        self.receipts.append(receipt)


def sessions(now: datetime) -> list[Any]:
    """Three sessions of the demo kind, at fixed dates after ``now``."""
    day = now.replace(hour=16, minute=0, second=0, microsecond=0)
    return [
        SimpleNamespace(
            start=day + timedelta(days=1),
            end=day + timedelta(days=1, hours=1),
            kind="permanence",
            title="Permanence numérique",
            place="Médiathèque de la Côte des Roses",
            seats_left=None,
        ),
        SimpleNamespace(
            start=day + timedelta(days=7, hours=-2),
            end=day + timedelta(days=7),
            kind="atelier",
            title="Les sites administratifs, simplifier ses démarches",
            place="Salle 2",
            seats_left=3,
        ),
        SimpleNamespace(
            start=day + timedelta(days=14, hours=-2),
            end=day + timedelta(days=14),
            kind="atelier",
            title="La sécurité sur Internet",
            place="Salle 2",
            seats_left=0,
        ),
    ]
