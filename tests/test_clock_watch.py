"""The kiosk's watch on its clock keeps the last time seen across restarts (a power cut), believes the
hub over itself, and stores nothing while the clock is wrong."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.device.clock_watch import ClockWatch, released_at

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def test_after_a_power_cut_the_clock_back_in_time_is_noticed(tmp_path):
    path = tmp_path / "seen.txt"
    clock = Clock(datetime(2026, 12, 2, 18, 0, tzinfo=PARIS))
    ClockWatch(path, clock).remember()
    assert datetime.fromisoformat(path.read_text()) == clock.moment
    # The power is cut overnight; the Pi restarts without network at the last time its clock saved.
    clock.moment = datetime(2026, 12, 1, 23, 0, tzinfo=PARIS)
    restarted = ClockWatch(path, clock)
    verdict = restarted.verdict()
    assert not verdict.ok and verdict.reason == "before_last_seen"
    restarted.remember()  # a wrong clock is never stored
    assert datetime.fromisoformat(path.read_text()) == datetime(2026, 12, 2, 18, 0, tzinfo=PARIS)


def test_the_hubs_clock_decides_and_a_release_date_bounds_the_past(tmp_path):
    clock = Clock(datetime(2026, 12, 3, 9, 0, tzinfo=PARIS))
    watch = ClockWatch(tmp_path / "seen.txt", clock)
    assert watch.verdict().ok
    watch.hub_said(clock.moment + timedelta(hours=3))
    assert watch.verdict().reason == "hub_differs"
    watch.hub_said(clock.moment + timedelta(seconds=2))
    assert watch.verdict().ok
    assert not ClockWatch(tmp_path / "x.txt", Clock(released_at() - timedelta(days=1))).verdict().ok


def test_a_broken_file_is_ignored(tmp_path):
    path = tmp_path / "seen.txt"
    path.write_text("not a date")
    assert ClockWatch(path, Clock(datetime(2026, 12, 3, 9, 0, tzinfo=PARIS))).verdict().ok
