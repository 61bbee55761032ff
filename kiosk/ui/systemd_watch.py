"""Tells systemd the kiosk UI is up (READY=1 at its first drawn frame) and alive (WATCHDOG=1 from the Clock).

The pings come from the Kivy Clock on the main thread, never from a side thread: a frozen UI loop stops
them and systemd restarts the UI after ``WatchdogSec``. Main thread only.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.clock import Clock

from kiosk.sd_notify import Notifier

log = logging.getLogger(__name__)


class SystemdWatch:
    """Bound to the window from ``KioskApp.on_start``; does nothing without ``NOTIFY_SOCKET``."""

    def __init__(self, window: Any, notifier: Notifier | None = None) -> None:
        self.notifier = notifier or Notifier()
        self.window = window
        self._ping = None
        if self.notifier.enabled:
            window.bind(on_flip=self._first_frame)

    def _first_frame(self, *_args: Any) -> None:
        self.window.unbind(on_flip=self._first_frame)
        self.notifier.ready("first frame drawn")
        if self.notifier.watchdog_s:
            self.notifier.watchdog()
            self._ping = Clock.schedule_interval(self._tick, self.notifier.ping_interval_s())
        log.info("told systemd the UI is ready (watchdog: %s s)", self.notifier.watchdog_s)

    def _tick(self, _dt: float) -> None:
        self.notifier.watchdog()

    def stop(self) -> None:
        if self._ping is not None:
            self._ping.cancel()
            self._ping = None
        self.notifier.stopping()
