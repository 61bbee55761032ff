"""The running kiosk app, for widgets that need its services or theme (None under a bare Kivy App, as in
the benchmarks' yardstick). Main thread only."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.ui.kiosk_app import KioskApp


def running_kiosk() -> KioskApp | None:
    from kivy.app import App

    from kiosk.ui.kiosk_app import KioskApp

    app = App.get_running_app()
    return app if isinstance(app, KioskApp) else None


def app_monotonic() -> float:
    """The app's injected clock (tests control it), else the system's."""
    kiosk = running_kiosk()
    return kiosk.services.monotonic() if kiosk is not None else time.monotonic()
