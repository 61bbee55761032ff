"""Kiosk mode closes Kivy's developer doors: no module (inspector, monitor, keybinding screenshots…)
even when a ``~/.kivy/config.ini`` lists one, and no F1 settings panel (``KioskApp`` skips its key)."""

from __future__ import annotations

from typing import Any


def close_debug_doors(kivy_config: Any) -> None:
    """Remove every ``[modules]`` entry and keep Escape from quitting. Call before a window exists."""
    for option in list(kivy_config.options("modules")):
        kivy_config.remove_option("modules", option)
    kivy_config.set("kivy", "exit_on_escape", "0")
