"""Turning the screen itself off and on: one small class per way (DPMS through ``xset``, ``wlr-randr``
on Wayland, ``vcgencmd`` on a Raspberry Pi, the sysfs backlight), chosen by ``[kiosk] screen_power`` or
detected, and a no-op when none is available.

Each call is blocking (a subprocess with a timeout, or a file write): run it on a worker thread, never
on the UI thread. Calls never raise: a screen that cannot be switched is logged and left as it is.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

TIMEOUT_S = 5.0
BACKLIGHTS = "/sys/class/backlight/*/bl_power"


class ScreenPower(Protocol):
    """Switches the physical screen. ``set`` returns True when the command succeeded."""

    @property
    def name(self) -> str: ...

    def set(self, on: bool) -> bool: ...


def _run(argv: list[str], env: dict[str, str] | None = None) -> bool:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_S, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("screen power: %s failed: %s", argv[0], exc)
        return False
    if done.returncode != 0:
        log.warning(
            "screen power: %s exited %s: %s", " ".join(argv), done.returncode, done.stderr.strip()[:200]
        )
    return done.returncode == 0


class NoScreenPower:
    """Leaves the screen alone (desktop demo, or nothing found): the attract screen still shows."""

    name = "none"

    def set(self, on: bool) -> bool:
        return True


class XsetPower:
    """X11 DPMS: ``xset dpms force off``; ``on`` also turns the screen saver and DPMS timeouts off."""

    name = "xset"

    def set(self, on: bool) -> bool:
        if on:
            return _run(["xset", "dpms", "force", "on"]) and _run(["xset", "s", "off", "dpms", "0", "0", "0"])
        return _run(["xset", "+dpms"]) and _run(["xset", "dpms", "force", "off"])


class WlrRandrPower:
    """Wayland (labwc, cage…): ``wlr-randr --output NAME --off/--on`` on every output it lists."""

    name = "wlr-randr"

    def outputs(self) -> list[str]:
        try:
            done = subprocess.run(
                ["wlr-randr"], capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return []
        return [line.split()[0] for line in done.stdout.splitlines() if line and not line[0].isspace()]

    def set(self, on: bool) -> bool:
        names = self.outputs()
        return bool(names) and all(
            _run(["wlr-randr", "--output", name, "--on" if on else "--off"]) for name in names
        )


class VcgencmdPower:
    """Raspberry Pi firmware: ``vcgencmd display_power 0/1`` (legacy and fake-KMS stacks)."""

    name = "vcgencmd"

    def set(self, on: bool) -> bool:
        return _run(["vcgencmd", "display_power", "1" if on else "0"])


class BacklightPower:
    """The panel's backlight (the Raspberry Pi touch display): ``bl_power`` 0 = on, 4 = powered down.
    The panel keeps taking touches, so a tap still wakes it."""

    name = "backlight"

    def __init__(self, paths: list[str] | None = None) -> None:
        self.paths = paths if paths is not None else sorted(glob.glob(BACKLIGHTS))

    def set(self, on: bool) -> bool:
        if not self.paths:
            return False
        ok = True
        for path in self.paths:
            try:
                Path(path).write_text("0" if on else "4", encoding="ascii")
            except OSError as exc:
                log.warning("screen power: cannot write %s: %s", path, exc)
                ok = False
        return ok


def available() -> list[str]:
    """The ways this machine seems to offer, most direct first: a writable backlight, wlr-randr on
    Wayland, xset on X11 (also Xwayland), vcgencmd on a Pi."""
    found = []
    if any(os.access(path, os.W_OK) for path in glob.glob(BACKLIGHTS)):
        found.append("backlight")
    if os.environ.get("WAYLAND_DISPLAY") and shutil.which("wlr-randr"):
        found.append("wlr-randr")
    if os.environ.get("DISPLAY") and shutil.which("xset"):
        found.append("xset")
    if shutil.which("vcgencmd"):
        found.append("vcgencmd")
    return found


BACKENDS: dict[str, type] = {
    "none": NoScreenPower,
    "xset": XsetPower,
    "wlr-randr": WlrRandrPower,
    "vcgencmd": VcgencmdPower,
    "backlight": BacklightPower,
}


class AutoPower:
    """Tries the available ways in order and keeps the first that works (a wlr-randr that finds no
    wlroots compositor, under Weston say, gives way to the next). Nothing works: a no-op."""

    def __init__(self, names: list[str]) -> None:
        self.candidates: list[ScreenPower] = [BACKENDS[name]() for name in names]
        self.chosen: ScreenPower | None = None

    @property
    def name(self) -> str:
        return self.chosen.name if self.chosen else "auto"

    def set(self, on: bool) -> bool:
        if self.chosen is not None:
            return self.chosen.set(on)
        for candidate in self.candidates:
            if candidate.set(on):
                self.chosen = candidate
                log.info("screen power: %s", candidate.name)
                return True
        if self.candidates:
            log.warning(
                "screen power: none of %s works; the screen stays on", [c.name for c in self.candidates]
            )
        self.candidates = []
        return True  # nothing to switch: the attract screen still shows


def open_screen_power(choice: str) -> ScreenPower:
    """The backend ``choice`` names; "auto": the first of ``available()`` that works, else a no-op."""
    if choice == "auto":
        names = available()
        log.info("screen power: trying %s", names or "nothing (none found)")
        return AutoPower(names)
    power: ScreenPower = BACKENDS.get(choice, NoScreenPower)()
    log.info("screen power: %s", power.name)
    return power
