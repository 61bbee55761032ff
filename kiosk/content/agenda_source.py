"""Where the advisor's sessions come from: a generated demo agenda, an iCalendar file, or an http(s) URL.

``[agenda] source`` is ``demo``, the path of an .ics file, or an http(s) URL (fetched with a cached
copy, see kiosk.content.agenda_fetch). icalendar parses and recurring-ical-events expands RRULE, EXDATE and
RECURRENCE-ID overrides (moved occurrences); we drop STATUS:CANCELLED ones and apply closures:
French public holidays with Moselle's (the ``holidays`` package's France, subdivision 57, computed in a
child process and cached: kiosk.content.holiday_dates) close occurrences produced by a rule, unless an
all-day « Ouverture » event opens that day; an all-day « Fermeture » / « Fermé » event closes its days.
A broken source is logged in one line and gives an empty agenda.
Thread-safety: functions share only a small lock-protected parse cache; call them from a worker thread.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from kiosk.config import Config
from kiosk.content.holiday_dates import french_holidays
from kiosk.domain.agenda import LEVELS, Kind, Session, open_sessions

log = logging.getLogger(__name__)

MAIN_PLACE = "Médiathèque de la Côte des Roses"
SATURDAY_PLACE = "Maison de quartier de Terville"
# (title, theme, level) of the demo workshops, in turn.
WORKSHOP_DETAILS = (
    ("Les sites administratifs, simplifier ses démarches", "démarches en ligne", "débutant"),
    ("La sécurité sur Internet", "sécurité numérique", "débutant"),
    ("Les logiciels de traitement de texte", "bureautique", "intermédiaire"),
)
WORKSHOPS = tuple(title for title, _theme, _level in WORKSHOP_DETAILS)
WORKSHOP_SEATS = 8
# Free seats of the demo workshops, week after week, so that the kiosk also shows a full one.
_DEMO_SEATS_LEFT = (8, 5, 2, 0)
# A Saturday with a permanence; they come every other week from there.
_SATURDAY_ANCHOR = date(2026, 1, 10)
SEATS_PROPERTY = "X-KIOSK-SEATS-LEFT"
CAPACITY_PROPERTY = "X-KIOSK-SEATS"
_CLOSED_WORDS = re.compile(r"\b(fermee?s?|fermetures?|closed|closures?)\b")
_OPEN_WORDS = re.compile(r"\b(ouverte?s?|ouvertures?)\b")


@dataclass(frozen=True)
class Agenda:
    """Sessions and the freshness of their source.

    Attributes:
        sessions: sorted by start.
        updated_at: for a URL source, when the copy was last confirmed current (aware UTC); else None.
        stale: True when a URL could not be fetched and an older copy is used.
    """

    sessions: list[Session]
    updated_at: datetime | None = None
    stale: bool = False


def upcoming_sessions(config: Config, now: datetime, days: int = 60) -> list[Session]:
    """Sessions that start from ``now`` to ``now + days``, sorted by start.

    Args:
        config: ``[agenda] source`` says where to look; ``[site] timezone`` is the local time.
        now: the current time (aware; a naive one is taken as local time).
        days: how far ahead to look.

    Returns:
        The sessions, possibly empty (a source that cannot be read is logged, not raised).
    """
    return load_agenda(config, now, days).sessions


def load_agenda(config: Config, now: datetime, days: int = 60) -> Agenda:
    """Like upcoming_sessions, with the source's freshness (« mis à jour le … »)."""
    zone = ZoneInfo(config.site.timezone)
    now = now.replace(tzinfo=zone) if now.tzinfo is None else now
    return agenda_between(config, now, now + timedelta(days=days), fetched_at=datetime.now(UTC))


def agenda_between(
    config: Config, start: datetime, end: datetime, *, fetched_at: datetime | None = None
) -> Agenda:
    """Sessions starting in [start, end] (aware instants), closures applied, sorted by start.

    Args:
        fetched_at: the real current time, used for the URL cache (defaults to now).
    """
    zone = ZoneInfo(config.site.timezone)
    source = config.agenda.source.strip()
    updated, stale = None, False
    if source == "demo":
        pairs = demo_sessions(zone, start.astimezone(zone).date(), end.astimezone(zone).date())
        closed: set[date] = set()
        opened: set[date] = set()
    else:
        if source.startswith(("http://", "https://")):
            from kiosk.content.agenda_fetch import fetch

            fetched = fetch(source, config.data_dir / "agenda-cache", fetched_at or datetime.now(UTC))
            data, updated, stale, name = fetched.data, fetched.updated_at, fetched.stale, source
            if not data:
                log.error("agenda: %s could not be fetched and there is no earlier copy", source)
                return Agenda([], None, True)
        else:
            path = Path(source).expanduser()
            try:
                data, name = path.read_bytes(), str(path)
            except OSError as exc:
                log.error("agenda: cannot read %s: %s", path, exc.strerror or exc)
                return Agenda([])
        pairs, closed, opened = ics_occurrences(data, name, zone, start, end)
    years = range(start.astimezone(zone).year, end.astimezone(zone).year + 1)
    public = french_holidays(years)
    kept = open_sessions(pairs, holidays=public.keys(), closed_days=closed, open_days=opened)
    sessions = sorted((s for s in kept if start <= s.start <= end), key=lambda s: (s.start, s.title))
    return Agenda(sessions, updated, stale)


# -- demo ----------------------------------------------------------------------------------------------


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def demo_sessions(zone: ZoneInfo, first: date, last: date) -> list[tuple[Session, bool]]:
    """The demo agenda from ``first`` to ``last`` (inclusive), as (session, from_rule=True) pairs.

    Every Friday 16–17 h a permanence at the médiathèque; every other Saturday 10–12 h a permanence at a
    second place; every Thursday 14–16 h a workshop, the three themes in turn.
    """
    sessions: list[tuple[Session, bool]] = []
    day = first
    while day <= last:
        sessions.extend((session, True) for session in _demo_day(day, zone))
        day += timedelta(days=1)
    return sessions


def _demo_day(day: date, zone: ZoneInfo) -> list[Session]:
    weekday, week = day.weekday(), (day - _SATURDAY_ANCHOR).days // 7
    if weekday == 3:  # Thursday
        title, theme, level = WORKSHOP_DETAILS[week % len(WORKSHOP_DETAILS)]
        seats = _DEMO_SEATS_LEFT[week % len(_DEMO_SEATS_LEFT)]
        return [
            Session(
                _at(day, 14, zone),
                _at(day, 16, zone),
                "atelier",
                title,
                MAIN_PLACE,
                seats,
                id=f"demo-atelier-{day.isoformat()}",
                capacity=WORKSHOP_SEATS,
                theme=theme,
                level=level,
            )
        ]
    if weekday == 4:  # Friday
        return [_drop_in(day, 16, 17, MAIN_PLACE, zone)]
    if weekday == 5 and week % 2 == 0:  # every other Saturday
        return [_drop_in(day, 10, 12, SATURDAY_PLACE, zone)]
    return []


def _drop_in(day: date, start_hour: int, end_hour: int, place: str, zone: ZoneInfo) -> Session:
    """A demo « Permanence numérique » on ``day`` from ``start_hour`` to ``end_hour`` at ``place``."""
    return Session(
        _at(day, start_hour, zone),
        _at(day, end_hour, zone),
        "permanence",
        "Permanence numérique",
        place,
        id=f"demo-permanence-{day.isoformat()}",
    )


# -- iCalendar -----------------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """Lowercase without accents: « Rendez-Vous », « rendez-vous » and « RENDEZ-VOUS » compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_KIND_WORDS: tuple[tuple[str, Kind], ...] = (
    ("permanence", "permanence"),
    ("atelier", "atelier"),
    ("workshop", "atelier"),
    ("rendez-vous", "rendez-vous"),
    ("rendez vous", "rendez-vous"),
    ("rdv", "rendez-vous"),
)


def _categories(event: Any) -> list[str]:
    value = event.get("CATEGORIES")
    values = value if isinstance(value, list) else [value] if value is not None else []
    found: list[str] = []
    for item in values:
        found.extend(str(c) for c in getattr(item, "cats", [item]))
    return found


def _kind(event: Any, title: str) -> Kind:
    """The kind from CATEGORIES, else from a word of the title, else atelier."""
    for text in [*_categories(event), title]:
        folded = _folded(text)
        for word, kind in _KIND_WORDS:
            if word in folded:
                return kind
    return "atelier"


def _level_and_theme(event: Any) -> tuple[str, str]:
    level = str(event.get("X-KIOSK-LEVEL") or "").strip()
    theme = str(event.get("X-KIOSK-THEME") or "").strip()
    for category in _categories(event):
        folded = _folded(category.strip())
        if not level and folded in {_folded(w) for w in LEVELS}:
            level = next(w for w in LEVELS if _folded(w) == folded)
        elif not theme and not any(word in folded for word, _k in _KIND_WORDS):
            theme = category.strip()
    return level, theme


def _aware(value: datetime, zone: ZoneInfo) -> datetime:
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def _number(event: Any, name: str) -> int | None:
    value = event.get(name)
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def _occurrence_id(event: Any, begin: datetime) -> str:
    uid = str(event.get("UID") or "").strip()
    recurrence = event.get("RECURRENCE-ID")
    original = recurrence.dt if recurrence is not None else begin
    if isinstance(original, datetime):
        stamp = (original if original.tzinfo else original.replace(tzinfo=begin.tzinfo)).astimezone(UTC)
        return f"{uid}/{stamp:%Y%m%dT%H%M%SZ}"
    return f"{uid}/{original:%Y%m%d}"


def _session(event: Any, zone: ZoneInfo) -> Session | None:
    start = event.get("DTSTART")
    if start is None or not isinstance(start.dt, datetime):
        return None  # all-day events (closures, openings) are not sessions
    begin = _aware(start.dt, zone)
    if event.get("DTEND") is not None and isinstance(event["DTEND"].dt, datetime):
        end = _aware(event["DTEND"].dt, zone)
    elif event.get("DURATION") is not None:
        end = begin + event["DURATION"].dt
    else:
        end = begin + timedelta(hours=1)
    if end <= begin:
        return None
    title = str(event.get("SUMMARY") or "").strip() or "Permanence numérique"
    capacity, seats_left = _number(event, CAPACITY_PROPERTY), _number(event, SEATS_PROPERTY)
    if seats_left is None:
        seats_left = capacity
    level, theme = _level_and_theme(event)
    return Session(
        begin,
        end,
        _kind(event, title),
        title,
        str(event.get("LOCATION") or "").strip(),
        seats_left,
        id=_occurrence_id(event, begin),
        capacity=capacity if capacity is not None else seats_left,
        theme=theme,
        level=level,
    )


_parsed: dict[str, Any] = {}
_parsed_lock = threading.Lock()


def _calendar(data: bytes) -> Any:
    """The parsed calendar, kept for the last few distinct contents (parsing a year takes a while)."""
    key = hashlib.sha256(data).hexdigest()
    with _parsed_lock:
        if key in _parsed:
            return _parsed[key]
    calendar = icalendar.Calendar.from_ical(data)
    with _parsed_lock:
        if len(_parsed) >= 4:
            _parsed.pop(next(iter(_parsed)))
        _parsed[key] = calendar
    return calendar


def _day_marks(calendar: Any, start: datetime, end: datetime) -> tuple[set[date], set[date]]:
    """Days closed and days opened by all-day events (« Fermeture », « Ouverture exceptionnelle »)."""
    closed: set[date] = set()
    opened: set[date] = set()
    for event in calendar.walk("VEVENT"):
        begin = event.get("DTSTART")
        if begin is None or isinstance(begin.dt, datetime) or str(event.get("STATUS", "")) == "CANCELLED":
            continue
        words = _folded(" ".join([str(event.get("SUMMARY") or ""), *_categories(event)]))
        target = closed if _CLOSED_WORDS.search(words) else None
        if target is None and _OPEN_WORDS.search(words):
            target = opened
        if target is None:
            continue
        last = event["DTEND"].dt if event.get("DTEND") is not None else begin.dt + timedelta(days=1)
        day = begin.dt
        while day < last and day <= end.date() + timedelta(days=1):
            if day >= start.date() - timedelta(days=1):
                target.add(day)
            day += timedelta(days=1)
    return closed, opened


def ics_occurrences(
    data: bytes, name: str, zone: ZoneInfo, start: datetime, end: datetime
) -> tuple[list[tuple[Session, bool]], set[date], set[date]]:
    """Occurrences of an iCalendar document between two instants, and its closure/opening days.

    Returns:
        ([(session, from_rule)], closed days, opened days); nothing, with one error line in the
        log, when the document cannot be parsed.
    """
    try:
        calendar = _calendar(data)
        events = recurring_ical_events.of(calendar).between(start, end)
        closed, opened = _day_marks(calendar, start, end)
    except Exception as exc:  # icalendar and recurring-ical-events raise many kinds of ValueError
        log.error("agenda: %s is not a valid iCalendar file: %s", name, exc)
        return [], set(), set()
    ruled = {str(e.get("UID")) for e in calendar.walk("VEVENT") if e.get("RRULE") or e.get("RDATE")}
    overrides = {
        _occurrence_id(e, _aware(e["DTSTART"].dt, zone))
        for e in calendar.walk("VEVENT")
        if e.get("RECURRENCE-ID") is not None and isinstance(e["DTSTART"].dt, datetime)
    }
    pairs = []
    for event in events:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        try:
            session = _session(event, zone)
        except (ValueError, TypeError) as exc:
            log.warning("agenda: %s: event %r skipped: %s", name, str(event.get("SUMMARY", "")), exc)
            continue
        if session is not None:
            from_rule = str(event.get("UID")) in ruled and session.id not in overrides
            pairs.append((session, from_rule))
    return pairs, closed, opened
