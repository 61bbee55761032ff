"""Probes of tests/ui/driver.py's kiosk for the remote pilot (tests/ui/remote.py): what no touch reaches."""

from __future__ import annotations

from typing import Any

from remote_child import Probe

from kiosk.ui.services import Services


def ui_probes(services: Services, extra: dict[str, Any]) -> dict[str, Probe]:
    """Probes over the app, its services and scenarios.build_services' fakes (``extra``)."""
    return {
        "hub_ready": lambda pilot: pilot.app.hub_state == "ready",
        "running": lambda pilot: pilot.app.root is not None and pilot.app.root.get_root_window() is not None,
        "overlay": lambda pilot, shown=True: (pilot.app.overlay is not None) == shown,
        "hub_calls": lambda pilot: list(extra["hub"].calls),  # the fake hub's (topic, first name) asks
        "outbox_pending": lambda pilot: services.hub.get().outbox.count_pending(),
        "chime_plays": lambda pilot: pilot.app.chime.plays,
        "idle_timeouts": lambda pilot: [services.idle_timeout_s, services.idle_answer_s],
    }
