"""Help-request life cycle: states, allowed transitions, ticket numbers, wait estimates, first names."""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Sequence
from enum import StrEnum


class Status(StrEnum):
    """Where a help request stands."""

    WAITING = "waiting"
    CALLED = "called"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.WAITING, Status.CALLED, Status.IN_PROGRESS})

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "call": (frozenset({Status.WAITING}), Status.CALLED),
    "recall": (frozenset({Status.CALLED}), Status.CALLED),
    "start": (frozenset({Status.WAITING, Status.CALLED}), Status.IN_PROGRESS),
    "done": (frozenset({Status.IN_PROGRESS}), Status.DONE),
    "no-show": (frozenset({Status.CALLED}), Status.NO_SHOW),
    "cancel": (frozenset({Status.WAITING, Status.CALLED}), Status.CANCELLED),
    # Sent to another advisor or site: back in the queue there, keeping its place in time.
    "redirect": (frozenset({Status.WAITING, Status.CALLED}), Status.WAITING),
}
ACTIONS = tuple(TRANSITIONS)


class TransitionError(ValueError):
    """The action is impossible from the request's current state."""

    def __init__(self, action: str, status: Status) -> None:
        super().__init__(f"cannot {action} a request that is {status.value}")
        self.action = action
        self.status = status


def next_status(status: Status, action: str) -> Status:
    """The state after ``action``.

    Raises:
        KeyError: unknown action.
        TransitionError: the action is not allowed from ``status``.
    """
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise TransitionError(action, status)
    return target


def format_ticket(prefix: str, number: int) -> str:
    """A ticket as printed and called: topic letter + number of the day, at least two digits (P07)."""
    return f"{prefix}{number:02d}"


DEFAULT_SERVICE_MINUTES = (10, 20)


def service_pace(recent_service_minutes: Sequence[float] = ()) -> tuple[float, float]:
    """Minutes per person ahead, (low, high): with at least 5 recent service durations the 25th and
    75th percentiles (at least 3 minutes, and 2 apart), otherwise 10 to 20 minutes. A list of waiting
    requests computes it once for all its rows."""
    if len(recent_service_minutes) >= 5:
        q = statistics.quantiles(recent_service_minutes, n=4)
        return max(q[0], 3.0), max(q[2], q[0] + 2.0)
    return DEFAULT_SERVICE_MINUTES


def wait_at_pace(ahead: int, pace: tuple[float, float]) -> tuple[int, int]:
    """`estimate_wait` from a `service_pace` already computed."""
    if ahead <= 0:
        return (0, 0)
    low_each, high_each = pace
    low = int(ahead * low_each // 5 * 5)
    high = int(math.ceil(ahead * high_each / 5) * 5)
    return (max(low, 5), max(high, low + 5))


def estimate_wait(ahead: int, recent_service_minutes: Sequence[float] = ()) -> tuple[int, int]:
    """An honest wait range in minutes for someone with ``ahead`` people before them.

    With at least 5 recent service durations, the range runs from the 25th to the 75th percentile
    per person; otherwise 10 to 20 minutes per person (`service_pace`). Rounded to 5 minutes, low end
    down, high up.

    Returns:
        (low, high) minutes; (0, 0) when nobody is ahead.
    """
    return wait_at_pace(ahead, service_pace(recent_service_minutes))


FIRST_NAME_MAX = 30


def clean_first_name(raw: str | None) -> str:
    """A first name safe to store, show and print.

    Keeps letters (any script), marks, digits, spaces, apostrophes, hyphens and dots; drops control
    characters, emoji and symbols; folds runs of spaces; cuts to 30 characters. May return "".
    """
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", raw)
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LMN" or ch in " '’-.":
            kept.append(ch)
        elif cat in ("Zs", "Cc") and ch in "\t\n\r\u00a0":
            kept.append(" ")
    return " ".join("".join(kept).split())[:FIRST_NAME_MAX].strip()


# Accessibility needs a resident may declare on the ticket (the hub's API ids), in the order shown.
NEEDS = ("hearing", "sight", "reading", "language", "mobility", "time")


def resident_need_labels() -> dict[str, str]:
    """Need id → what the resident reads on the kiosk's toggle (first person, plain French)."""
    from kiosk.i18n import _

    return {
        "hearing": _("J'entends mal"),
        "sight": _("Je vois mal"),
        "reading": _("J'ai du mal à lire"),
        "language": _("Je parle peu le français"),
        "mobility": _("J'ai du mal à marcher"),
        "time": _("J'ai besoin de temps"),
    }
