"""The kiosk's watch on its own clock: the last time seen (a small file in ``data_dir``), the hub's
clock from its answers, and the verdict of ``kiosk.domain.clock_trust``.

Thread-safety: safe from any thread (a lock guards the state); ``remember`` writes a file, so call it
from a worker thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import __released__
from kiosk.domain.clock_trust import ClockVerdict, judge_clock

log = logging.getLogger(__name__)

# Often enough to catch a clock set back by more than clock_trust.BACKWARDS_TOLERANCE (Pi OS's fake-hwclock
# restores the time saved up to an hour before the power cut), rarely enough to spare the SD card.
REMEMBER_EVERY = timedelta(minutes=5)


def released_at() -> datetime:
    """This version's release date, midnight UTC (no true clock is earlier)."""
    return datetime.fromisoformat(__released__ + "T00:00:00+00:00")


class ClockWatch:
    """Judges the clock ``now()`` reads; ``path`` keeps the last time seen across power cuts."""

    def __init__(self, path: Path, now: Callable[[], datetime], released: datetime | None = None) -> None:
        self.path = path
        self.now = now
        self.released = released or released_at()
        self._lock = threading.Lock()
        self._hub_offset: timedelta | None = None
        self._written: datetime | None = None
        self._last_seen = self._read()

    def _read(self) -> datetime | None:
        try:
            seen = datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None
        return seen if seen.tzinfo is not None else None

    def hub_said(self, hub_time: datetime) -> None:
        """The hub's clock read ``hub_time`` just now (from its answer)."""
        with self._lock:
            self._hub_offset = hub_time - self.now()

    def verdict(self) -> ClockVerdict:
        with self._lock:
            return judge_clock(
                self.now(), released=self.released, last_seen=self._last_seen, hub_offset=self._hub_offset
            )

    def remember(self) -> None:
        """Store the time seen (at most every ``REMEMBER_EVERY``), only while the clock is believed."""
        now = self.now()
        if not self.verdict().ok or (self._written and now - self._written < REMEMBER_EVERY):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(now.isoformat(), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:
            log.warning("cannot store the time seen in %s: %s", self.path, exc)
            return
        with self._lock:
            self._written = now
            self._last_seen = max(now, self._last_seen or now)
