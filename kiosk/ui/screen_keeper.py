"""Keeps the screen's day in the app: decides every tick (``kiosk.domain.screen_day``), shows the attract
screen, switches the screen's power on a worker thread (``kiosk.device.screen_power``), refreshes the agenda
and the hub's closing time every 10 minutes, and swallows the tap that wakes the screen.

Thread-safety: main thread only (Clock ticks and touches); blocking calls go through ``app.worker``.
"""

from __future__ import annotations

import logging
from datetime import time, timedelta
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from kiosk.device.screen_power import NoScreenPower, ScreenPower
from kiosk.domain.screen_day import OpeningHours, ScreenDay, parse_hhmm, screen_wanted
from kiosk.ui.services import HubNotReady, Services

if TYPE_CHECKING:
    from kiosk.domain.agenda import Session

log = logging.getLogger(__name__)

REFRESH_S = 600.0
SWALLOWED = "kiosk_wake_tap"


def fetch_day(services: Services) -> tuple[list[Session], time | None]:
    """Agenda sessions from now on and the site's closing time from the hub (worker thread)."""
    # Here, not at the top: the hub client's types and the agenda's (7 ms of imports) are not needed
    # before the first frame, and this runs on a worker thread after it.
    from kiosk.client.port import HubRefused, HubUnavailable

    sessions = list(services.sessions(services.now()))
    closing = None
    try:
        client = services.hub.get(timeout=0)
        text = client.queue_status().closing_time
        closing = parse_hhmm(text) if text else None
    except (HubNotReady, HubUnavailable, HubRefused) as exc:  # the hub is away: the configured hours hold
        log.info("closing time not known: %s", exc)
    return sessions, closing


class ScreenKeeper:
    """One per app. ``state`` is "on", "attract" or "off" (what the hub is told)."""

    def __init__(self, app: Any, power: ScreenPower | None = None) -> None:
        self.app = app
        self.services = app.services
        kiosk = self.services.config.kiosk
        self.hours = OpeningHours.parse(kiosk.opening_hours)
        self.before = timedelta(minutes=kiosk.screen_on_before_min)
        self.after = timedelta(minutes=kiosk.screen_off_after_min)
        self.day = ScreenDay(attract_after_s=kiosk.attract_after_s, now=self.services.monotonic())
        self.power = power or NoScreenPower()
        self.sessions: list[Any] = []
        self.closing: time | None = None
        self.powered: bool | None = None
        self.overlay: Any = None

    @property
    def state(self) -> str:
        return self.day.state

    def start(self) -> None:
        Clock.schedule_interval(self.refresh, REFRESH_S)
        self.refresh()

    def refresh(self, _dt: float = 0) -> None:
        self.app.worker.submit(fetch_day, self.services, on_done=self._fetched)

    def _fetched(self, found: tuple[list[Any], time | None]) -> None:
        self.sessions, self.closing = found

    def wanted(self) -> bool:
        return screen_wanted(
            self.services.now(), self.hours, self.sessions, self.closing, before=self.before, after=self.after
        )

    def tick(self) -> None:
        """Called by the app's idle tick."""
        at_home = bool(self.app.manager and self.app.manager.current == "home" and self.app.overlay is None)
        self._show(self.day.step(self.services.monotonic(), wanted=self.wanted(), at_home=at_home))

    def touch_down(self, touch: Any) -> bool:
        """True when this touch woke the screen or left the attract screen: it must do nothing else."""
        if not self.day.touch(self.services.monotonic()):
            return False
        touch.ud[SWALLOWED] = True
        self._show("on")
        return True

    @staticmethod
    def swallowed(touch: Any) -> bool:
        return bool(touch.ud.get(SWALLOWED))

    def _show(self, state: str) -> None:
        if state == "on" and self.overlay is not None:
            self.app.root.remove_widget(self.overlay)
            self.overlay = None
        elif state != "on" and self.overlay is None:
            from kiosk.ui.widgets.attract import AttractOverlay

            self.overlay = AttractOverlay()
            self.app.root.add_widget(self.overlay)
        powered = state != "off"
        if powered != self.powered:
            self.powered = powered
            log.info("screen %s", "on" if powered else "off")
            self.app.worker.submit(self.power.set, powered)
