"""The screen's day: when the screen is on (the site's opening hours, widened by the agenda's sessions and
ended by the hub's closing time), the attract screen after inactivity, and the tap that only wakes.

Pure and driven by injected times, so tests use a fake clock. Thread-safety: ``ScreenDay`` is used from
the UI thread only; the functions are thread-safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAY_NAMES = {
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: i for i, name in enumerate(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"))},
}
_RULE_RE = re.compile(r"^\s*([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(.+?)\s*$")
_SPAN_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
# After a tap on a sleeping screen (outside opening hours), it stays on this long without a touch.
WAKE_FOR_S = 300.0

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class OpeningHours:
    """Opening hours by weekday (0 = Monday): each day a tuple of (opens, closes) local times."""

    days: tuple[tuple[tuple[time, time], ...], ...] = ((),) * 7

    @property
    def empty(self) -> bool:
        return not any(self.days)

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """« mon-fri 09:00-12:00 14:00-18:00; sat 09:00-12:30 » (French day names too: lun … dim).

        Raises:
            ValueError: worded for the person writing the config.
        """
        days: list[list[tuple[time, time]]] = [[] for _ in range(7)]
        for rule in filter(None, (part.strip() for part in text.lower().split(";"))):
            match = _RULE_RE.match(rule)
            if not match or match.group(1) not in DAY_NAMES or (match.group(2) or "mon") not in DAY_NAMES:
                raise ValueError(f"rules like 'mon-fri 09:00-18:00; sat 09:00-12:30', got {rule!r}")
            first = DAY_NAMES[match.group(1)]
            last = DAY_NAMES[match.group(2)] if match.group(2) else first
            spans = [_span(text_span, rule) for text_span in match.group(3).replace(",", " ").split()]
            for day in range(first, (last if last >= first else last + 7) + 1):
                days[day % 7].extend(spans)
        return cls(tuple(tuple(sorted(day)) for day in days))


def _span(text: str, rule: str) -> tuple[time, time]:
    match = _SPAN_RE.match(text)
    if not match:
        raise ValueError(f"hours like 09:00-18:00, got {text!r} in {rule!r}")
    h1, m1, h2, m2 = (int(v) for v in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        raise ValueError(f"hours like 09:00-18:00, got {text!r} in {rule!r}")
    opens, closes = time(h1, m1), time(23, 59) if h2 == 24 else time(h2, m2)
    if closes <= opens:
        raise ValueError(f"the closing time after the opening time, got {text!r} in {rule!r}")
    return opens, closes


def parse_hhmm(text: str) -> time | None:
    """« 18:30 » as a time (the hub's closing time); None when it is not one."""
    match = re.match(r"^\s*(\d{1,2}):(\d{2})\s*$", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def day_spans(
    day: date, zone: ZoneInfo, hours: OpeningHours, sessions: Iterable[Any], closing: time | None
) -> list[Span]:
    """The site's open spans on ``day``: its hours (ending at the hub's ``closing`` time when that is
    earlier: one daily time set by staff, so it shortens a day but never lengthens one) and every agenda
    session of that day (a Monday evening workshop opens the site), merged."""
    spans = [
        (datetime.combine(day, opens, zone), datetime.combine(day, closes, zone))
        for opens, closes in hours.days[day.weekday()]
    ]
    if closing is not None:
        closes = datetime.combine(day, closing, zone)
        spans = [(start, min(end, closes)) for start, end in spans if start < closes]
    spans += [(s.start, s.end) for s in sessions if s.start.astimezone(zone).date() == day]
    return _merge(sorted(spans))


def _merge(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def screen_wanted(
    now: datetime,
    hours: OpeningHours,
    sessions: Iterable[Any],
    closing: time | None,
    *,
    before: timedelta = timedelta(minutes=30),
    after: timedelta = timedelta(minutes=15),
) -> bool:
    """Whether the screen should be on at ``now`` (aware, in the site's zone): from ``before`` an open
    span starts until ``after`` it ends. No opening hours configured: always on (the hub's closing time
    alone does not say when the site opens)."""
    if hours.empty:
        return True
    zone = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    sessions = list(sessions)
    local = now.astimezone(zone)
    for day in (local.date() - timedelta(days=1), local.date(), local.date() + timedelta(days=1)):
        for start, end in day_spans(day, zone, hours, sessions, closing):
            if start - before <= now < end + after:
                return True
    return False


@dataclass
class ScreenDay:
    """What the screen shows: "on", "attract" (after ``attract_after_s`` idle on the home screen) or "off"
    (outside opening hours, ``WAKE_FOR_S`` after the last touch). Times are monotonic seconds.

    ``touch(t)`` returns True when the touch must do nothing else (it woke the screen or left the
    attract screen); ``step(t, wanted, at_home)`` returns the new state.
    """

    attract_after_s: float
    now: float
    wake_for_s: float = WAKE_FOR_S
    state: str = "on"
    last_touch: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.last_touch = self.now

    def touch(self, t: float) -> bool:
        swallowed = self.state != "on"
        self.state = "on"
        self.last_touch = t
        return swallowed

    def step(self, t: float, *, wanted: bool, at_home: bool) -> str:
        idle = t - self.last_touch
        if not wanted and idle >= self.wake_for_s:
            self.state = "off"
        elif self.state == "off" and wanted:
            self.state = "attract"  # morning: the screen comes on, inviting
        elif self.state == "on" and at_home and idle >= self.attract_after_s:
            self.state = "attract"
        elif self.state == "attract" and not at_home:
            self.state = "on"
        return self.state
