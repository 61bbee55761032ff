"""The kiosk's port to the hub: what screens and background tasks may call, and what comes back.

``HubClient`` is the real implementation; tests give the UI a fake with the same methods
(tests/ui/fakes.py), and tests/client/test_port.py checks that both keep to this Protocol. Every call
blocks: call it from the worker, never from the UI thread. Errors: HubUnavailable (not now) and HubRefused
(never), from kiosk.client.hub_client.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from kiosk.client.models import AgendaPage, HelpTicket, PrintJob, Queued, QueueStatus, Registration


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
