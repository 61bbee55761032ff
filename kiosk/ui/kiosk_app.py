"""KioskApp: wires services, the ScreenManager (screens made on first use) and the inactivity watcher.

Thin on purpose: no business logic here. Thread-safety: main thread only; background work goes through
``self.worker`` and comes back through the Kivy Clock.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.device.screen_power import open_screen_power
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.display import panel_width
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.kivy_settings import peak_kib
from kiosk.ui.screen_keeper import ScreenKeeper
from kiosk.ui.services import Services
from kiosk.ui.sound import Chime
from kiosk.ui.theme import Theme, register_fonts
from kiosk.ui.worker import Worker

if TYPE_CHECKING:
    from kiosk.domain.staff_pin import PinLock
    from kiosk.ui.speaker import Speaker
    from kiosk.ui.systemd_watch import SystemdWatch

log = logging.getLogger(__name__)

# screen name -> (module under kiosk.ui.screens, class name)
SCREENS = {
    "home": "HomeScreen",
    "help_topic": "HelpTopicScreen",
    "help_needs": "HelpNeedsScreen",
    "help_name": "HelpNameScreen",
    "help_ticket": "HelpTicketScreen",
    "learn": "LearnScreen",
    "lesson": "LessonScreen",
    "lesson_code": "LessonCodeScreen",
    "agenda": "AgendaScreen",
    "register": "RegisterScreen",
    "staff_pin": "StaffPinScreen",
    "staff": "StaffScreen",
}
IDLE_TICK_S = 0.25


class KioskRoot(FloatLayout):
    """The window's root: notes every touch as activity before the screens see it, and swallows the
    tap that wakes the screen or leaves the attract screen (down, moves and up: nothing is pressed)."""

    def on_touch_down(self, touch):
        app = App.get_running_app()
        if app is not None and app.keeper is not None and app.keeper.touch_down(touch):
            return True
        if app is not None and app.idle is not None:
            app.idle.activity()
        return super().on_touch_down(touch)

    def on_touch_move(self, touch):
        if ScreenKeeper.swallowed(touch):
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch):
        if ScreenKeeper.swallowed(touch):
            return True
        return super().on_touch_up(touch)


class KioskApp(App):
    """The kiosk. ``services`` are injected (real ones by ``run_kiosk``, fakes by tests)."""

    theme = ObjectProperty(None)
    site_name = StringProperty("")
    hub_state = StringProperty("starting")  # starting | ready | failed

    def __init__(self, services: Services, *, kiosk_mode: bool, **kwargs):
        super().__init__(**kwargs)
        self.services = services
        self.kiosk_mode = kiosk_mode
        self.worker = Worker()
        self.chime = Chime()
        self.idle: IdleWatcher | None = None
        self.keeper: ScreenKeeper | None = None
        self.overlay: Any = None  # IdleOverlay while shown
        self.manager: ScreenManager | None = None
        self.speaker: Speaker | None = None  # made on first use (kiosk.ui.speaker.speaker_of)
        self.systemd: SystemdWatch | None = None  # kiosk mode only
        self.staff_lock: PinLock | None = None  # the staff PIN's lock, one per app
        self.title = _("Borne de la médiathèque")
        self.site_name = services.config.site.name

    # -- building ---------------------------------------------------------------------------------
    def build(self):
        register_fonts()
        Window.clearcolor = P.BACKGROUND
        self.theme = Theme(
            self.services.config.kiosk.screen_width_mm, self._panel_width(), window_height_px=Window.height
        )
        Window.bind(on_resize=self._on_resize, on_keyboard=self._on_keyboard)
        if self.kiosk_mode:
            Window.bind(on_request_close=self._refuse_close)
            Window.show_cursor = False
        root = KioskRoot()
        self.manager = ScreenManager(transition=NoTransition())
        root.add_widget(self.manager)
        self.go("home")
        self.idle = IdleWatcher(
            timeout_s=self.services.idle_timeout_s,
            answer_s=self.services.idle_answer_s,
            monotonic=self.services.monotonic,
            guarded=self._current_guarded,
        )
        power = open_screen_power(self.services.screen_power) if self.kiosk_mode else None
        self.keeper = ScreenKeeper(self, power)
        Clock.schedule_interval(self._idle_tick, IDLE_TICK_S)
        from kiosk.ui.background import start_background

        start_background(self)  # printer health to the hub, print jobs from the dashboard
        # Work for worker threads starts once the first frame is drawn: the hub client (requests, the
        # outbox) and the screen keeper's day (the agenda: icalendar, holidays). On a worker thread it
        # would still hold the GIL while the main thread opens the window (tests/ui/test_startup_work.py).
        Window.bind(on_flip=self._after_first_frame)
        return root

    def _after_first_frame(self, *_args) -> None:
        Window.unbind(on_flip=self._after_first_frame)
        self._start_hub()
        if self.keeper is not None:
            self.keeper.start()

    def _install_settings_keys(self, window) -> None:
        # Kivy binds F1 to its settings panel here; a kiosk never opens it (kiosk.ui.lockdown).
        if not self.kiosk_mode:
            super()._install_settings_keys(window)

    def open_settings(self, *largs) -> bool:
        return False if self.kiosk_mode else super().open_settings(*largs)

    def _refuse_close(self, *_args, **_kwargs) -> bool:
        log.info("window close refused (kiosk mode)")
        return True

    def _on_keyboard(self, _window, key, *_args) -> bool:
        # Escape (27) never leaves the kiosk; it is swallowed so nothing else acts on it.
        return key == 27

    def _on_resize(self, _window, _width, height) -> None:
        self.theme.update(self._panel_width(), height)

    def _panel_width(self) -> float:
        # screen_width_mm measures the panel itself, whichever way its content is turned
        return panel_width(Window.size, self.services.config.kiosk.rotation)

    def _start_hub(self) -> None:
        hub = self.services.hub
        if hub.ready:
            self.hub_state = "ready"
            self._schedule_flush()
            return
        start = self.services.start_hub
        if start is None:
            self.hub_state = "failed"
            return

        def done(client: Any) -> None:
            hub.set(client)
            self.hub_state = "ready"
            self._schedule_flush()

        def failed(error: BaseException) -> None:
            hub.fail(error)
            self.hub_state = "failed"

        self.worker.submit(start, on_done=done, on_error=failed)

    def _schedule_flush(self) -> None:
        def flush(_dt):
            self.worker.submit(self.services.hub.get(timeout=0).flush_outbox)

        Clock.schedule_interval(flush, self.services.flush_interval_s)

    # -- navigation -------------------------------------------------------------------------------
    def screen(self, name: str):
        """The screen called ``name``, created (and its .kv loaded) on first use."""
        assert self.manager is not None
        if self.manager.has_screen(name):
            return self.manager.get_screen(name)
        module = importlib.import_module(f"kiosk.ui.screens.{name}")
        kv = Path(str(module.__file__)).with_suffix(".kv")
        if kv.exists() and str(kv) not in Builder.files:
            Builder.load_file(str(kv))
        screen = getattr(module, SCREENS[name])(name=name)  # the class named in SCREENS, imported by name
        self.manager.add_widget(screen)
        return screen

    def go(self, name: str, **params: Any) -> None:
        """Show screen ``name`` after ``prepare(**params)``."""
        screen = self.screen(name)
        screen.begin(**params)
        assert self.manager is not None
        self.manager.current = name

    def go_home(self) -> None:
        """End the session: every screen forgets what was typed or chosen, then home."""
        self.hide_idle()
        assert self.manager is not None
        for screen in self.manager.screens:
            screen.wipe()
        self.theme.text_scale = 1.0  # « A+ » is per session
        if self.speaker is not None:
            self.speaker.stop()
        self.go("home")
        if self.idle is not None:
            self.idle.reset()

    def current_screen(self):
        assert self.manager is not None
        return self.manager.current_screen

    # -- inactivity -------------------------------------------------------------------------------
    def _current_guarded(self) -> bool:
        screen = self.manager.current_screen if self.manager else None
        return bool(screen is not None and screen.is_guarded())

    def _idle_tick(self, _dt) -> None:
        assert self.idle is not None
        action = self.idle.step()
        if action == "ask":
            self.show_idle()
        elif action == "tick" and self.overlay is not None:
            self.overlay.seconds_left = self.idle.seconds_left()
        elif action == "wipe":
            log.info("no answer: session wiped")
            self.go_home()
        if self.keeper is not None:
            self.keeper.tick()

    def show_idle(self) -> None:
        from kiosk.ui.widgets.idle_overlay import IdleOverlay

        if self.overlay is None:
            self.overlay = IdleOverlay(seconds_left=self.idle.seconds_left() if self.idle else 0)
            self.overlay.bind(on_continue=self._continue)
            self.root.add_widget(self.overlay)

    def hide_idle(self) -> None:
        if self.overlay is not None:
            self.root.remove_widget(self.overlay)
            self.overlay = None

    def _continue(self, *_args) -> None:
        if self.idle is not None:
            self.idle.answer()
        self.hide_idle()

    def on_start(self) -> None:
        from kiosk.ui.systemd_watch import SystemdWatch

        self.systemd = SystemdWatch(Window)  # READY=1 at the first frame, WATCHDOG=1 from the Clock
        # Benchmarks (tests/benchmarks/bench_ui.py): report the first drawn frame, then quit.
        if os.environ.get("KIOSK_EXIT_AFTER_FIRST_FRAME") == "1":
            Window.bind(on_flip=self._first_frame)

    def _first_frame(self, *_args) -> None:
        Window.unbind(on_flip=self._first_frame)
        # wall clock, CPU time and peak memory (KiB) so far
        print(f"FIRST_FRAME {time.time():.6f} {time.process_time():.6f} {peak_kib()}", flush=True)
        Clock.schedule_once(lambda _dt: self.stop(), 0)

    def on_stop(self) -> None:
        if self.systemd is not None:
            self.systemd.stop()
        self.worker.shutdown()
