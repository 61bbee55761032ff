"""Entry point of `kiosk run`: configures Kivy for kiosk mode, wires the real services and runs the app.

Kivy reads its settings when first imported, so everything here happens before ``kivy.app`` is imported.
``create_app`` lets tests build the same app with injected services (no child hub, fake clock…).
"""

from __future__ import annotations

import logging
import os
import signal
from typing import TYPE_CHECKING

from kiosk.config import Config

if TYPE_CHECKING:
    from kiosk.ui.kiosk_app import KioskApp
    from kiosk.ui.services import Services

log = logging.getLogger(__name__)

DEFAULT_WINDOW = (1280, 800)


def kiosk_mode_for(config: Config, windowed: bool) -> bool:
    """Kiosk mode (fullscreen, no exit, no cursor) unless a window is asked for."""
    return config.kiosk.fullscreen and not windowed


def configure_kivy(
    config: Config, *, kiosk_mode: bool, size: tuple[int, int] | None = None, debug: bool | None = None
) -> None:
    """Set Kivy's environment and Config. Must run before ``kivy.app`` (or any window) is imported.

    One input path: only the mouse provider (multitouch emulation off, so no red dots) plus the SDL2
    finger events the window adds itself; no ``probesysfs`` device that would report each touch a second
    time, and SDL is told not to turn touches into extra mouse clicks.
    """
    if debug is None:
        debug = os.environ.get("KIOSK_DEBUG", "") == "1"
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    if not debug:
        os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("SDL_TOUCH_MOUSE_EVENTS", "0")
    os.environ.setdefault("SDL_MOUSE_TOUCH_EVENTS", "0")
    from kivy.config import Config as KivyConfig

    from kiosk.ui.theme import kivy_default_font_setting

    KivyConfig.set("kivy", "exit_on_escape", "0")
    KivyConfig.set("kivy", "default_font", kivy_default_font_setting())
    KivyConfig.set("kivy", "keyboard_mode", "system")
    KivyConfig.set("kivy", "log_level", "debug" if debug else "warning")
    KivyConfig.set("graphics", "fullscreen", "auto" if kiosk_mode else "0")
    KivyConfig.set("graphics", "borderless", "1" if kiosk_mode else "0")
    KivyConfig.set("graphics", "show_cursor", "0" if kiosk_mode else "1")
    KivyConfig.set("graphics", "resizable", "0" if kiosk_mode else "1")
    KivyConfig.set("graphics", "multisamples", "0")
    if size or not kiosk_mode:
        width, height = size or DEFAULT_WINDOW
        KivyConfig.set("graphics", "width", str(width))
        KivyConfig.set("graphics", "height", str(height))
    for option in list(KivyConfig.options("input")):
        KivyConfig.remove_option("input", option)
    KivyConfig.set("input", "mouse", "mouse,disable_multitouch")
    if kiosk_mode:
        from kiosk.ui.lockdown import close_debug_doors

        close_debug_doors(KivyConfig)


def create_app(services: Services, *, kiosk_mode: bool) -> KioskApp:
    """The Kivy App wired to ``services``. Call ``configure_kivy`` first. One App per process (Kivy)."""
    from kiosk.ui.kiosk_app import KioskApp

    return KioskApp(services, kiosk_mode=kiosk_mode)


def run_kiosk(config: Config, windowed: bool) -> int:
    """Run the touchscreen kiosk until the window is closed (never in kiosk mode). Returns the exit status."""
    kiosk_mode = kiosk_mode_for(config, windowed)
    configure_kivy(config, kiosk_mode=kiosk_mode)
    from kiosk.ui.services import real_services

    services = real_services(config)
    app = create_app(services, kiosk_mode=kiosk_mode)
    # systemd stops the kiosk with SIGTERM: leave the main loop so the embedded hub is stopped too.
    signal.signal(signal.SIGTERM, lambda *_a: app.stop())
    try:
        app.run()
    finally:
        services.close()
    return 0
