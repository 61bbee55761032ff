"""Where the advisor's upcoming sessions come from: a generated demo agenda, or an iCalendar (.ics) file.

``[agenda] source`` is ``demo`` or the path of an .ics file (an http(s) URL comes with a later issue).
A broken source is logged in one line and gives an empty agenda: it never stops the kiosk.
Thread-safety: functions share no state; call them from a worker thread (reading a file blocks).
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import icalendar
import recurring_ical_events

from kiosk.config import Config
from kiosk.domain.agenda import Kind, Session

log = logging.getLogger(__name__)

MAIN_PLACE = "Médiathèque de la Côte des Roses"
SATURDAY_PLACE = "Maison de quartier de Terville"
WORKSHOPS = (
    "Les sites administratifs, simplifier ses démarches",
    "La sécurité sur Internet",
    "Les logiciels de traitement de texte",
)
WORKSHOP_SEATS = 8
# Free seats of the demo workshops, week after week, so that the kiosk also shows a full one.
_DEMO_SEATS_LEFT = (8, 5, 2, 0)
# A Saturday with a permanence; they come every other week from there.
_SATURDAY_ANCHOR = date(2026, 1, 10)
SEATS_PROPERTY = "X-KIOSK-SEATS-LEFT"


def upcoming_sessions(config: Config, now: datetime, days: int = 60) -> list[Session]:
    """Sessions that start from ``now`` to ``now + days``, sorted by start.

    Args:
        config: ``[agenda] source`` says where to look; ``[site] timezone`` is the local time.
        now: the current time (aware; a naive one is taken as local time).
        days: how far ahead to look.

    Returns:
        The sessions, possibly empty (a source that cannot be read is logged, not raised).
    """
    zone = ZoneInfo(config.site.timezone)
    now = now.replace(tzinfo=zone) if now.tzinfo is None else now
    until = now + timedelta(days=days)
    source = config.agenda.source.strip()
    if source == "demo":
        sessions = demo_sessions(zone, now.astimezone(zone).date(), until.astimezone(zone).date())
    elif source.startswith(("http://", "https://")):
        log.error("agenda: fetching %s is not supported yet; use a local .ics file or demo", source)
        return []
    else:
        sessions = ics_sessions(Path(source).expanduser(), zone, now, until)
    return sorted((s for s in sessions if now <= s.start <= until), key=lambda s: (s.start, s.title))


# -- demo ----------------------------------------------------------------------------------------------


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def demo_sessions(zone: ZoneInfo, first: date, last: date) -> list[Session]:
    """The demo agenda from ``first`` to ``last`` (inclusive), in local time, public holidays left out.

    Every Friday 16–17 h a permanence at the médiathèque; every other Saturday 10–12 h a permanence at a
    second place; every Thursday 14–16 h a workshop, the three themes in turn. Holidays are France's
    with Moselle's own (Good Friday, 26 December).
    """
    closed = holidays.country_holidays("FR", subdiv="57", years=range(first.year, last.year + 1))
    sessions: list[Session] = []
    day = first
    while day <= last:
        if day not in closed:
            sessions.extend(_demo_day(day, zone))
        day += timedelta(days=1)
    return sessions


def _demo_day(day: date, zone: ZoneInfo) -> list[Session]:
    weekday, week = day.weekday(), (day - _SATURDAY_ANCHOR).days // 7
    if weekday == 3:  # Thursday
        return [
            Session(
                _at(day, 14, zone),
                _at(day, 16, zone),
                "atelier",
                WORKSHOPS[week % len(WORKSHOPS)],
                MAIN_PLACE,
                _DEMO_SEATS_LEFT[week % len(_DEMO_SEATS_LEFT)],
            )
        ]
    if weekday == 4:  # Friday
        return [
            Session(_at(day, 16, zone), _at(day, 17, zone), "permanence", "Permanence numérique", MAIN_PLACE)
        ]
    if weekday == 5 and week % 2 == 0:  # every other Saturday
        return [
            Session(
                _at(day, 10, zone), _at(day, 12, zone), "permanence", "Permanence numérique", SATURDAY_PLACE
            )
        ]
    return []


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


def _aware(value: datetime, zone: ZoneInfo) -> datetime:
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def _session(event: Any, zone: ZoneInfo) -> Session | None:
    start = event.get("DTSTART")
    if start is None or not isinstance(start.dt, datetime):
        return None  # all-day events (closures, holidays) are not sessions
    begin = _aware(start.dt, zone)
    if event.get("DTEND") is not None and isinstance(event["DTEND"].dt, datetime):
        end = _aware(event["DTEND"].dt, zone)
    elif event.get("DURATION") is not None:
        end = begin + event["DURATION"].dt
    else:
        end = begin + timedelta(hours=1)
    title = str(event.get("SUMMARY") or "").strip() or "Permanence numérique"
    seats = event.get(SEATS_PROPERTY)
    seats_left = int(str(seats)) if seats is not None and str(seats).strip().isdigit() else None
    if end <= begin:
        return None
    return Session(
        begin, end, _kind(event, title), title, str(event.get("LOCATION") or "").strip(), seats_left
    )


def ics_sessions(path: Path, zone: ZoneInfo, start: datetime, end: datetime) -> list[Session]:
    """Sessions of an .ics file between two instants, recurrences (RRULE, EXDATE…) expanded.

    Returns:
        The sessions; [] with one error line in the log when the file cannot be read or parsed.
    """
    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = recurring_ical_events.of(calendar).between(start, end)
    except OSError as exc:
        log.error("agenda: cannot read %s: %s", path, exc.strerror or exc)
        return []
    except Exception as exc:  # icalendar and recurring-ical-events raise many kinds of ValueError
        log.error("agenda: %s is not a valid iCalendar file: %s", path, exc)
        return []
    sessions = []
    for event in events:
        try:
            session = _session(event, zone)
        except (ValueError, TypeError) as exc:
            log.warning("agenda: %s: event %r skipped: %s", path, str(event.get("SUMMARY", "")), exc)
            continue
        if session is not None:
            sessions.append(session)
    return sessions
