"""The kiosk's background duties: report its health to the hub (printer, version, uptime, screen,
clock), compare its clock with the hub's, and print the slips staff send from the dashboard (pull,
print, acknowledge).

Clock timers on the main thread only start work; hub calls run on the worker's hub lane and printing on
its printer lane (one print at a time, shared with the residents' slips). Every call has a timeout.
Intervals come from ``services.health_interval_s`` (60 s) and ``services.print_jobs_interval_s`` (5 s).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from kivy.clock import Clock

from kiosk.ui.services import HubNotReady, Services

if TYPE_CHECKING:
    from kiosk.client.port import HubPort, PrintJob

log = logging.getLogger(__name__)


def _client(services: Services) -> HubPort | None:
    try:
        return services.hub.get(timeout=0)
    except HubNotReady:  # the hub is not there yet
        return None


def self_report(services: Services, screen: str | None) -> dict[str, Any]:
    """What the kiosk says of itself (main thread): version, uptime, screen state, clock."""
    from kiosk import __version__

    clock = services.clock
    return {
        "version": __version__,
        "uptime_s": max(0, int(services.monotonic() - services.started)),
        "screen": screen,
        "clock": None if clock is None else ("ok" if clock.verdict().ok else "wrong"),
    }


def check_health(services: Services, itself: dict[str, Any] | None = None) -> bool:
    """Ask the printer its status and tell the hub with ``itself`` (worker thread). True when reported.
    The hub's clock in the answer goes to ``services.clock``, which then stores the time seen."""
    client = _client(services)
    if client is None:
        return False
    printer = services.printer.get()
    status = printer.status()
    reported = client.report_health(
        printer_uri=printer.uri,
        online=status.online if status else None,
        paper=status.paper if status else None,
        last_error="",
        itself=itself,
    )
    clock = services.clock
    if clock is not None:
        hub_time = client.hub_time
        if reported and hub_time is not None:
            clock.hub_said(hub_time)
        clock.remember()
    return reported


def fetch_job(services: Services) -> PrintJob | None:
    """The next print job for this kiosk, or None (worker thread, hub lane)."""
    client = _client(services)
    return client.next_print_job() if client is not None else None


def print_job(services: Services, job: PrintJob) -> None:
    """Print one job and acknowledge it (worker thread, printer lane). Never raises: failures are sent
    to the hub, which shows them to staff."""
    from kiosk.domain.appointments import Appointment
    from kiosk.ui.slip_printing import report_printer, resident_message

    client = _client(services)
    error: BaseException | None = None
    try:
        zone = ZoneInfo(services.config.site.timezone)
        appointment = Appointment.model_validate(job.payload)
        receipt = appointment.receipt(
            site_name=services.config.site.name, printed_at=services.now(), zone=zone
        )
        services.printer.get().print_receipt(receipt)
    except Exception as exc:  # the printer's error, or a job the kiosk cannot read
        error = exc
        log.warning("print job %s failed: %s", job.id, exc)
    if client is None:
        return
    reason = resident_message(error) or (str(error) if error else "")
    try:
        client.print_job_result(job.id, ok=error is None, error=reason)
    except Exception as exc:  # the hub hands the job out again after its claim times out
        log.warning("print job %s: result not sent: %s", job.id, exc)
    report_printer(services, error)


class Background:
    """The timers of one app (started once by ``start_background``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._polling = False

    def health(self, _dt: float = 0) -> None:
        keeper = self.app.keeper
        itself = self_report(self.app.services, keeper.state if keeper is not None else None)
        self.app.worker.submit(check_health, self.app.services, itself, lane="printer")

    def jobs(self, _dt: float = 0) -> None:
        if self._polling:
            return
        self._polling = True
        self.app.worker.submit(
            fetch_job, self.app.services, on_done=self._fetched, on_error=lambda _e: self._done()
        )

    def _fetched(self, job: PrintJob | None) -> None:
        if not job:
            self._done()
            return
        self.app.worker.submit(
            print_job,
            self.app.services,
            job,
            lane="printer",
            on_done=lambda _r: self._done(),
            on_error=lambda _e: self._done(),
        )

    def _done(self) -> None:
        self._polling = False


def start_background(app: Any) -> Background:
    """Start the health and print-job timers (main thread)."""
    background = Background(app)
    services = app.services
    Clock.schedule_interval(background.health, services.health_interval_s)
    Clock.schedule_interval(background.jobs, services.print_jobs_interval_s)
    Clock.schedule_once(background.health, 2.0)
    app.background = background
    return background
