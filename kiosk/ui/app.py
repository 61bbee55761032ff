"""Entry point of `kiosk run`: configures Kivy for kiosk mode, wires the real services and runs the app.

Kivy reads its settings when first imported, so everything here happens before ``kivy.app`` is imported.
``create_app`` lets tests build the same app with injected services (no child hub, fake clock…).
"""

from __future__ import annotations

import logging
import signal
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.ui.kivy_settings import apply as apply_kivy_settings

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
    """Set Kivy's environment and Config (`kiosk.ui.kivy_settings.apply`). Must run before ``kivy.app``
    (or any window) is imported. In kiosk mode the window is placed on the real screen, whatever the
    window manager (`kiosk.ui.display`), with the configured rotation."""
    window = None
    if kiosk_mode:
        from kiosk.ui.display import kiosk_window_settings, screen_size

        found = size or screen_size()
        log.info("kiosk window: screen %s, rotation %s", found or "size unknown", config.kiosk.rotation)
        window = kiosk_window_settings(found, config.kiosk.rotation)
    elif config.kiosk.rotation:
        window = {"rotation": str(config.kiosk.rotation)}
    apply_kivy_settings(
        kiosk_mode=kiosk_mode,
        size=size or (None if kiosk_mode else DEFAULT_WINDOW),
        debug=debug,
        window=window,
    )
    if kiosk_mode:
        from kivy.config import Config as KivyConfig

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
