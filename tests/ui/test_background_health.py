"""The kiosk's periodic health report: what it says of itself, and the hub's clock in the answer
judging the kiosk's own clock (a stub client stands in for the network; the real one is tested against
a live hub in tests/hub/test_dashboard_browser.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from fakes import FakeHub, FakePrinter

from kiosk import __version__
from kiosk.device.clock_watch import ClockWatch
from kiosk.ui.background import check_health, self_report
from kiosk.ui.services import HubHandle, PrinterHandle

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


class StubClient(FakeHub):
    def __init__(self, hub_time: datetime) -> None:
        super().__init__(hub_time=hub_time)
        self.reports: list[dict] = []

    def report_health(self, **report) -> bool:  # type: ignore[override]
        self.reports.append(report)
        return True


def services_with(client: StubClient, tmp_path) -> SimpleNamespace:
    clock = ClockWatch(tmp_path / "seen.txt", lambda: NOW)
    return SimpleNamespace(
        hub=HubHandle(client),
        printer=PrinterHandle(printer=FakePrinter(), clock=clock),
        clock=clock,
        monotonic=lambda: 1000.0,
        started=400.0,
    )


def test_the_report_says_version_uptime_screen_and_clock(tmp_path):
    client = StubClient(NOW + timedelta(seconds=1))
    services = services_with(client, tmp_path)
    itself = self_report(services, "attract")
    assert itself == {"version": __version__, "uptime_s": 600, "screen": "attract", "clock": "ok"}
    assert check_health(services, itself)
    assert client.reports[0]["itself"] == itself
    assert services.clock.verdict().ok and (tmp_path / "seen.txt").exists()  # believed: time seen stored


def test_a_hub_two_hours_apart_makes_the_clock_wrong_and_nothing_is_stored(tmp_path):
    services = services_with(StubClient(NOW + timedelta(hours=2)), tmp_path)
    assert check_health(services, self_report(services, "on"))
    assert services.clock.verdict().reason == "hub_differs"
    assert self_report(services, "on")["clock"] == "wrong"
    assert not (tmp_path / "seen.txt").exists()
