"""The screen's day with a fake clock: on before opening, off after closing (the hub's closing time and
the agenda's sessions count), the attract screen after inactivity, and the tap that only wakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.screen_day import OpeningHours, ScreenDay, screen_wanted

PARIS = ZoneInfo("Europe/Paris")
HOURS = OpeningHours.parse("mar-ven 10:00-12:00 14:00-18:00; sam 10:00-17:00")
TUESDAY = datetime(2026, 12, 1, tzinfo=PARIS).date()


@dataclass
class Session:
    start: datetime
    end: datetime
    kind: str = "atelier"


def at(day, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=PARIS)


def wanted(moment: datetime, sessions=(), closing=None) -> bool:
    return screen_wanted(moment, HOURS, sessions, closing)


def test_on_half_an_hour_before_opening_and_off_a_quarter_after_closing():
    assert not wanted(at(TUESDAY, 9, 29))
    assert wanted(at(TUESDAY, 9, 30))
    assert wanted(at(TUESDAY, 12, 14)) and not wanted(at(TUESDAY, 13, 0))  # lunch break: off
    assert wanted(at(TUESDAY, 13, 30))
    assert wanted(at(TUESDAY, 18, 14))
    assert not wanted(at(TUESDAY, 18, 15))
    assert not wanted(at(TUESDAY, 3, 0))
    monday = TUESDAY - timedelta(days=1)
    assert not wanted(at(monday, 11, 0))  # closed on Mondays


def test_the_hubs_closing_time_ends_the_day_and_a_session_opens_a_closed_day():
    assert not wanted(at(TUESDAY, 17, 0), closing=time(16, 30))
    assert wanted(at(TUESDAY, 16, 44), closing=time(16, 30))
    assert not wanted(at(TUESDAY, 14, 0), closing=time(11, 0))  # the afternoon span is gone too
    assert not wanted(at(TUESDAY, 19, 0), closing=time(19, 30))  # a later closing never lengthens a day
    monday = TUESDAY - timedelta(days=1)
    workshop = Session(at(monday, 18, 0), at(monday, 20, 0))
    assert wanted(at(monday, 17, 45), sessions=[workshop])
    assert wanted(at(monday, 20, 10), sessions=[workshop])
    assert not wanted(at(monday, 20, 20), sessions=[workshop])


def test_no_opening_hours_means_always_on():
    assert screen_wanted(at(TUESDAY, 3, 0), OpeningHours(), [], time(18, 0))


@pytest.mark.parametrize(
    "text", ["mon-fri 9:00", "lundi 09:00-12:00", "mon 18:00-09:00", "mon 25:00-26:00", "xyz-fri 09:00-10:00"]
)
def test_bad_opening_hours_are_refused_with_an_example(text):
    with pytest.raises(ValueError, match="like|after"):
        OpeningHours.parse(text)


def test_french_and_wrapping_day_ranges():
    hours = OpeningHours.parse("sam-lun 10:00-12:00")
    assert [bool(d) for d in hours.days] == [True, False, False, False, False, True, True]


def test_attract_after_inactivity_at_home_and_the_tap_that_leaves_it_does_nothing_else():
    day = ScreenDay(attract_after_s=180, now=0.0)
    assert day.step(179, wanted=True, at_home=True) == "on"
    assert day.step(200, wanted=True, at_home=False) == "on"  # in a lesson: the idle watcher decides
    assert day.step(200, wanted=True, at_home=True) == "attract"
    assert day.touch(210) is True  # swallowed: leaves the attract screen only
    assert day.step(211, wanted=True, at_home=True) == "on"
    assert day.touch(215) is False  # the next tap is an ordinary tap


def test_screen_sleeps_outside_hours_and_a_tap_wakes_it_for_five_minutes():
    day = ScreenDay(attract_after_s=180, now=0.0)
    assert day.step(10, wanted=False, at_home=True) == "on"  # just touched (started): not yet
    assert day.step(300, wanted=False, at_home=True) == "off"
    assert day.touch(1000) is True  # wakes the screen, presses nothing
    assert day.step(1001, wanted=False, at_home=True) == "on"
    assert day.step(1299, wanted=False, at_home=True) == "attract"
    assert day.step(1300, wanted=False, at_home=True) == "off"
    assert day.step(5000, wanted=True, at_home=True) == "attract"  # morning: on, inviting
