"""Agenda sessions (drop-in hours, workshops, appointments), closures, and how they are said in French.

Sessions are immutable, so they may be shared between threads. Pure functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from kiosk.domain.receipts import FRENCH_DAYS, FRENCH_MONTHS, french_time
from kiosk.i18n import _

Kind = Literal["permanence", "atelier", "rendez-vous"]
KINDS: tuple[Kind, ...] = ("permanence", "atelier", "rendez-vous")
LEVELS = ("débutant", "intermédiaire", "avancé")


@dataclass(frozen=True)
class Session:
    """One slot of the advisor's agenda.

    Attributes:
        start, end: aware datetimes, ``end`` after ``start``.
        kind: permanence (drop-in), atelier (workshop, on registration) or rendez-vous (appointment).
        title: what it is about, in French.
        place: where, in French.
        seats_left: free seats of a workshop as the calendar says (before the hub's own
            registrations); None when there is no registration.
        id: stable identifier of this occurrence (calendar UID and original start), "" when unknown.
        capacity: seats of a workshop, None when unknown.
        theme: what a workshop is about (a word or two), "" when unknown.
        level: débutant, intermédiaire, avancé or "".
    """

    start: datetime
    end: datetime
    kind: Kind
    title: str
    place: str
    seats_left: int | None = None
    id: str = ""
    capacity: int | None = None
    theme: str = ""
    level: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("session times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError(f"session ends ({self.end}) before it starts ({self.start})")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.seats_left is not None and self.seats_left < 0:
            raise ValueError(f"seats_left cannot be negative, got {self.seats_left}")

    @property
    def registrable(self) -> bool:
        """True for a workshop that takes registrations (it has a number of seats)."""
        return self.kind == "atelier" and self.seats_left is not None

    def with_seats_left(self, seats_left: int | None) -> Session:
        """The same session with another number of free seats (never below 0)."""
        return replace(self, seats_left=None if seats_left is None else max(0, seats_left))


def open_sessions(
    sessions: Iterable[tuple[Session, bool]],
    *,
    holidays: Iterable[date],
    closed_days: Iterable[date],
    open_days: Iterable[date] = (),
) -> list[Session]:
    """The sessions that really take place.

    Args:
        sessions: (session, from_rule) pairs; ``from_rule`` is True for an occurrence that a
            recurrence rule produced, False for one the calendar states explicitly (a one-off
            event, or a moved occurrence).
        holidays: public holidays; they close occurrences from rules, unless the day is in
            ``open_days`` (the agenda says it is open) — an explicit event on a holiday stays.
        closed_days: closure days from the calendar: nothing takes place on them.
        open_days: days the calendar marks as exceptionally open.

    Returns:
        The sessions kept, in the order given.
    """
    holiday_set, closed, opened = set(holidays), set(closed_days), set(open_days)
    kept = []
    for session, from_rule in sessions:
        day = session.start.date()
        if day in closed:
            continue
        if from_rule and day in holiday_set and day not in opened:
            continue
        kept.append(session)
    return kept


def french_day(moment: datetime) -> str:
    """« vendredi 5 décembre », « lundi 1er juin » (no year: the agenda looks a few weeks ahead)."""
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{FRENCH_DAYS[moment.weekday()]} {day} {FRENCH_MONTHS[moment.month - 1]}"


def french_slot(session: Session) -> str:
    """« vendredi 5 décembre, de 16 h à 17 h », in the session's own time zone.

    A session over several days reads « du vendredi 5 décembre, 16 h, au samedi 6 décembre, 12 h ».
    """
    start, end = session.start, session.end.astimezone(session.start.tzinfo)
    if start.date() == end.date():
        return f"{french_day(start)}, de {french_time(start)} à {french_time(end)}"
    return f"du {french_day(start)}, {french_time(start)}, au {french_day(end)}, {french_time(end)}"


def kind_label(kind: str) -> str:
    """« Permanence sans rendez-vous », « Atelier », « Rendez-vous »."""
    if kind == "permanence":
        return _("Permanence sans rendez-vous")
    if kind == "atelier":
        return _("Atelier")
    return _("Rendez-vous")


def seats_sentence(session: Session) -> str:
    """« 3 places libres. », « Complet. », « Sans inscription. »."""
    if not session.registrable:
        return _("Sans inscription.") if session.kind == "permanence" else ""
    assert session.seats_left is not None
    if session.seats_left <= 0:
        return _("Complet. Liste d'attente possible.")
    if session.seats_left == 1:
        return _("1 place libre.")
    return _("{n} places libres.").format(n=session.seats_left)


def grouped(sessions: Iterable[Session]) -> list[tuple[str, str, list[Session]]]:
    """Sessions grouped by kind (permanences, then workshops, then appointments) and place.

    Returns:
        [(kind, place, sessions sorted by start)], groups in kind order then by first start.
    """
    groups: dict[tuple[str, str], list[Session]] = {}
    for session in sessions:
        groups.setdefault((session.kind, session.place), []).append(session)
    ordered = sorted(
        groups.items(), key=lambda item: (KINDS.index(item[0][0]), min(s.start for s in item[1]))
    )
    return [(kind, place, sorted(items, key=lambda s: s.start)) for (kind, place), items in ordered]
