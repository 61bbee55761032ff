"""Probes of tests/ui/driver.py's kiosk for the remote pilot (tests/ui/remote.py): what no touch reaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from remote_child import Probe, matches

from kiosk.ui.services import Services


class RecordingPower:
    """Stands in for the screen's power switch (hardware we do not have): records each call."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def set(self, on: bool) -> bool:
        self.calls.append(on)
        return True


def ui_probes(services: Services, extra: dict[str, Any], out: Path) -> dict[str, Probe]:
    """Probes over the app, its services and scenarios.build_services' fakes (``extra``)."""
    power = RecordingPower()

    def record_power(pilot: Any) -> None:
        pilot.app.keeper.power = power

    def power_calls(pilot: Any, last: bool | None = None) -> list[bool] | None:
        """The screen's power switch calls (True: on) since ``record_power``, once the last is ``last``."""
        if last is not None and (not power.calls or power.calls[-1] is not last):
            return None
        return list(power.calls)

    def clock_behind(pilot: Any) -> None:
        """After a power cut the clock reads a time before this release (staff told, no date printed)."""
        from datetime import timedelta

        from fakes import NOW

        from kiosk.device.clock_watch import ClockWatch

        watch = ClockWatch(out / "seen.txt", lambda: NOW, released=NOW + timedelta(days=30))
        services.clock = watch
        services.printer.clock = watch

    return {
        "hub_ready": lambda pilot: pilot.app.hub_state == "ready",
        "running": lambda pilot: pilot.app.root is not None and pilot.app.root.get_root_window() is not None,
        "overlay": lambda pilot, shown=True: (pilot.app.overlay is not None) == shown,
        "hub_calls": lambda pilot: list(extra["hub"].calls),  # the fake hub's (topic, first name) asks
        "outbox_pending": lambda pilot: services.hub.get().outbox.count_pending(),
        "chime_plays": lambda pilot: pilot.app.chime.plays,
        "idle_timeouts": lambda pilot: [services.idle_timeout_s, services.idle_answer_s],
        "receipts_text": lambda pilot: [r.plain_text() for r in extra["printer"].receipts],  # the fake's
        "screen_keeper": lambda pilot, **expected: matches(
            {"state": pilot.app.keeper.state, "overlay": pilot.app.keeper.overlay is not None}, **expected
        ),
        "record_power": record_power,
        "power_calls": power_calls,
        "clock_behind": clock_behind,
    }
