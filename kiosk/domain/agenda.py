"""Agenda sessions (drop-in hours, workshops, appointments) and how they are said in French.

Sessions are immutable, so they may be shared between threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk.domain.receipts import FRENCH_DAYS, FRENCH_MONTHS, french_time

Kind = Literal["permanence", "atelier", "rendez-vous"]
KINDS: tuple[Kind, ...] = ("permanence", "atelier", "rendez-vous")


@dataclass(frozen=True)
class Session:
    """One slot of the advisor's agenda.

    Attributes:
        start, end: aware datetimes, ``end`` after ``start``.
        kind: permanence (drop-in), atelier (workshop, on registration) or rendez-vous (appointment).
        title: what it is about, in French.
        place: where, in French.
        seats_left: free seats of a workshop; None when there is no registration.
    """

    start: datetime
    end: datetime
    kind: Kind
    title: str
    place: str
    seats_left: int | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("session times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError(f"session ends ({self.end}) before it starts ({self.start})")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.seats_left is not None and self.seats_left < 0:
            raise ValueError(f"seats_left cannot be negative, got {self.seats_left}")


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
