"""The kiosk's Kivy and process settings in one place, for the kiosk and for the benchmarks' bare Kivy app
(the same settings make a fair yardstick). Imports only Kivy's config and the font names: nothing that slows
start-up.
"""

from __future__ import annotations

import ctypes
import logging
import os

log = logging.getLogger(__name__)
MALLOC_ARENAS = 2  # glibc's M_ARENA_MAX for the kiosk's few threads
_M_ARENA_MAX = -8


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> None:
    """Cap glibc's malloc arenas (default: 8 per core). Each worker thread that imports or parses gets an
    arena of its own, and each keeps its peak: 13 MiB of the kiosk's RSS after a day of screens (measured,
    tests/benchmarks/bench_screens.py). Call before threads start; a no-op off glibc."""
    try:
        libc = ctypes.CDLL(None)
        if not libc.mallopt(_M_ARENA_MAX, arenas):
            log.debug("mallopt(M_ARENA_MAX) refused")
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to cap
        log.debug("no mallopt here")


def peak_kib() -> int:
    """This process's peak resident memory in KiB (VmHWM), 0 where /proc has none. Not getrusage's
    ru_maxrss: Linux keeps the forking parent's peak in it across exec (a benchmark runner's 200 MiB)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def apply(
    *,
    kiosk_mode: bool,
    size: tuple[int, int] | None = None,
    debug: bool | None = None,
    window: dict[str, str] | None = None,
) -> None:
    """Set Kivy's environment and Config. Must run before ``kivy.app`` (or any window) is imported.

    One input path: only the mouse provider (multitouch emulation off, so no red dots) plus the SDL2
    finger events the window adds itself; no ``probesysfs`` device that would report each touch a second
    time, and SDL is told not to turn touches into extra mouse clicks. ``size``: the window's, when set.
    ``window``: ``[graphics]`` options that place the kiosk window on the real screen
    (`kiosk.ui.display.kiosk_window_settings`: size, position, fullscreen, rotation), applied last.
    """
    if debug is None:
        debug = os.environ.get("KIOSK_DEBUG", "") == "1"
    limit_malloc_arenas()
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
    if size:
        KivyConfig.set("graphics", "width", str(size[0]))
        KivyConfig.set("graphics", "height", str(size[1]))
    for key, value in (window or {}).items():
        KivyConfig.set("graphics", key, value)
    for option in list(KivyConfig.options("input")):
        KivyConfig.remove_option("input", option)
    KivyConfig.set("input", "mouse", "mouse,disable_multitouch")
