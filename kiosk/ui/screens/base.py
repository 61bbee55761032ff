"""What every screen shares: its worker token, ``prepare`` before showing, ``wipe`` at session end.

Thread-safety: widgets; main thread only. Background calls go through ``run`` (the app's Worker).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.uix.screenmanager import Screen

from kiosk.ui.services import Services
from kiosk.ui.worker import CancelToken

if TYPE_CHECKING:
    from kiosk.ui.kiosk_app import KioskApp


class KioskScreen(Screen):
    """Base screen. ``guarded`` screens trigger the inactivity question (home is not guarded)."""

    guarded = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.app: KioskApp = App.get_running_app()
        self.services: Services = self.app.services
        self.token = CancelToken()
        self._timers: list[Any] = []

    # -- life cycle -------------------------------------------------------------------------------
    def begin(self, **params: Any) -> None:
        """Called by the app just before the screen is shown: a fresh token, then ``prepare``."""
        self.token.cancel()
        self.token = CancelToken()
        self.prepare(**params)

    def prepare(self, **params: Any) -> None:
        """Set the screen up for this visit (override)."""

    def on_leave(self, *_args) -> None:
        self.token.cancel()
        self.stop_timers()

    def wipe(self) -> None:
        """Forget everything the resident typed or chose (override; called when the session ends)."""

    def speech_text(self) -> str:
        """What 🔊 reads here (override): by default every word on screen, top to bottom."""
        from kiosk.ui.speaker import readable_text

        return readable_text(self)

    def is_guarded(self) -> bool:
        """Whether inactivity should ask « Êtes-vous toujours là ? » here."""
        return self.guarded

    # -- helpers ----------------------------------------------------------------------------------
    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        lane: str = "hub",
    ):
        """Run ``fn`` in the worker; callbacks come back on the main thread unless the visit ended."""
        return self.app.worker.submit(
            fn, *args, token=self.token, on_done=on_done, on_error=on_error, lane=lane
        )

    def later(self, callback: Callable[[], None], seconds: float, repeat: bool = False) -> None:
        """A Clock timer that dies with the visit."""
        token = self.token

        def fire(_dt):
            if token.cancelled:
                return False
            callback()
            return None

        event = Clock.schedule_interval(fire, seconds) if repeat else Clock.schedule_once(fire, seconds)
        self._timers.append(event)

    def stop_timers(self) -> None:
        for event in self._timers:
            event.cancel()
        self._timers.clear()
