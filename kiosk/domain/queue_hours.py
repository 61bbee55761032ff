"""Queue rules that depend on order and time: bounded priority, the drop-in's end, the cut-off, « absent
jusqu'à 15 h ». Pure functions, thread-safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol

from kiosk.domain.receipts import french_time
from kiosk.i18n import _

# A priority ticket passes at most this many people; so nobody is ever passed more than this many times.
PRIORITY_JUMP = 2
# A new person needs at least this long with the advisor before the drop-in ends.
MIN_SERVICE_MINUTES = 5


@dataclass(frozen=True)
class Waiting:
    """A waiting request as the ordering needs it: ``id`` grows with arrival."""

    id: int
    priority: bool = False


def queue_order(waiting: Iterable[Waiting], jump: int = PRIORITY_JUMP) -> list[int]:
    """Ids in the order they will be called.

    Arrival order, except that a priority request moves ahead of at most ``jump`` requests. Each
    request keeps its arrival rank ``r``; a priority one sorts as ``r - jump - 0.5``. So a normal
    request can only be passed by priority requests that arrived within ``jump`` places after it:
    at most ``jump`` times, whatever the number of priority tickets (no starvation).
    """
    ranked = sorted(waiting, key=lambda w: w.id)
    keys = [(rank - (jump + 0.5 if w.priority else 0), rank, w.id) for rank, w in enumerate(ranked)]
    return [request_id for _key, _rank, request_id in sorted(keys)]


class SessionLike(Protocol):
    """What the cut-off needs of an agenda session (kiosk.domain.agenda.Session fits)."""

    start: datetime
    end: datetime
    kind: str
    place: str


def drop_in_end(
    now: datetime, sessions: Sequence[SessionLike], *, place: str = "", closing: time | None = None
) -> datetime | None:
    """When the current drop-in ends, or None when no end is known (the queue then never cuts off).

    Args:
        now: aware current time.
        sessions: agenda sessions; permanences running at ``now`` count.
        place: when set, only permanences whose place contains it (case-insensitive) count.
        closing: the site's daily closing time (local to ``now``'s zone), used when no permanence runs
            and also as an upper bound.
    """
    wanted = place.casefold().strip()
    ends = [
        s.end
        for s in sessions
        if s.kind == "permanence" and s.start <= now < s.end and (not wanted or wanted in s.place.casefold())
    ]
    if closing is not None:
        today = now.replace(hour=closing.hour, minute=closing.minute, second=0, microsecond=0)
        if today > now:
            ends.append(today)
        elif not ends:
            return today  # closed for today: the end has passed
    return min(ends) if ends else None


def is_cut_off(now: datetime, ends_at: datetime | None, wait_minutes: tuple[int, int]) -> bool:
    """True when a new ticket could not be served before ``ends_at``.

    The estimated wait is the middle of the range; the person also needs `MIN_SERVICE_MINUTES`.
    """
    if ends_at is None:
        return False
    middle = (wait_minutes[0] + wait_minutes[1]) / 2
    return now + timedelta(minutes=middle + MIN_SERVICE_MINUTES) > ends_at


def away_sentence(away_until: datetime | None, paused: bool) -> str:
    """What kiosks, tickets and the display say while the advisor is away; "" when present."""
    if away_until is not None:
        return _("Le conseiller est absent jusqu'à {time}.").format(time=french_time(away_until))
    if paused:
        return _("Le conseiller est absent pour le moment.")
    return ""


def come_back_sentence(away_until: datetime | None) -> str:
    """The line a ticket printed while the advisor is away adds: when to come back."""
    if away_until is None:
        return _("Votre place est gardée. Revenez dans un moment.")
    return _("Votre place est gardée. Revenez vers {time}.").format(time=french_time(away_until))
