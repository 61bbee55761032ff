"""Whether the kiosk's clock can be believed (a Raspberry Pi has no real-time clock: after a power cut
without internet it may restart at an old time). Pure functions, thread-safe.

The clock is wrong when it is before this release was made, before the last time the kiosk saw (kept
on disk), or far from the hub's clock. A wrong clock is said on the staff screen, and receipts are
printed without their date (``kiosk.domain.receipts.undated``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.i18n import _

# A clock earlier than the last time seen by more than this is wrong (an NTP step back is a few seconds).
BACKWARDS_TOLERANCE = timedelta(minutes=10)
# The hub and the kiosk disagree by more than this: one of them is wrong, and the kiosk trusts the hub.
HUB_SKEW_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class ClockVerdict:
    """A judgement: ``reason`` is "", "before_release", "before_last_seen" or "hub_differs"."""

    ok: bool
    reason: str = ""
    message: str = ""


def judge_clock(
    now: datetime,
    *,
    released: datetime,
    last_seen: datetime | None = None,
    hub_offset: timedelta | None = None,
) -> ClockVerdict:
    """Judge the kiosk's clock reading ``now`` (aware).

    Args:
        released: when this version was released (aware); no true clock is earlier.
        last_seen: the latest time the kiosk stored while its clock was right, or None.
        hub_offset: the hub's clock minus the kiosk's, from the last answer, or None when unknown.
    """
    if hub_offset is not None and abs(hub_offset) > HUB_SKEW_TOLERANCE:
        minutes = round(abs(hub_offset).total_seconds() / 60)
        return ClockVerdict(
            False,
            "hub_differs",
            _("L'horloge de la borne diffère de celle du serveur de {n} minutes.").format(n=minutes),
        )
    if now < released:
        return ClockVerdict(
            False, "before_release", _("L'horloge de la borne est en retard : date impossible.")
        )
    if last_seen is not None and now < last_seen - BACKWARDS_TOLERANCE:
        return ClockVerdict(
            False, "before_last_seen", _("L'horloge de la borne a reculé (coupure de courant ?).")
        )
    return ClockVerdict(True)
