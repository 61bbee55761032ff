"""The real screen: its size in pixels, read before Kivy opens its window, and the kiosk window's geometry.

Without a window manager (a bare X session on a lent PC, Xvfb), SDL's "fullscreen desktop" is only a
request to a window manager that is not there: Kivy then opens its default 800×600 window centred on
the screen (on an 800×480 screen, at y = −60, cutting the top and the bottom of every screen). So the
kiosk window is created at the screen's own size at (0, 0) *and* asked to be fullscreen: a window
manager or a kiosk compositor makes it fullscreen, and without one it already covers the screen.

The size comes from SDL itself (the copy bundled with Kivy, through ctypes), so it works on X11,
Wayland and KMS/DRM alike. Main thread, before ``kivy.core.window`` is imported.
"""

from __future__ import annotations

import ctypes
import glob
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SDL_INIT_VIDEO = 0x20
ROTATIONS = (0, 90, 180, 270)


class _DisplayMode(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_uint32),
        ("w", ctypes.c_int),
        ("h", ctypes.c_int),
        ("refresh_rate", ctypes.c_int),
        ("driverdata", ctypes.c_void_p),
    ]


def _sdl_library() -> ctypes.CDLL | None:
    """Kivy's own SDL2 (the same file its window uses), else the system's; None when neither loads."""
    try:
        import kivy  # only its location: importing kivy opens no window
    except ImportError:
        return None
    here = Path(kivy.__file__).resolve().parent
    candidates = sorted(glob.glob(str(here.parent / "Kivy.libs" / "libSDL2-*.so*")))
    candidates += sorted(glob.glob(str(here / ".dylibs" / "libSDL2*")))
    candidates += ["libSDL2-2.0.so.0"]
    for name in candidates:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def screen_size() -> tuple[int, int] | None:
    """The first display's size in pixels, as its video mode says (unrotated), or None when unknown.

    Never raises: a kiosk with no readable size falls back to Kivy's own fullscreen.
    """
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.path.exists("/dev/dri")):
        return None
    sdl = _sdl_library()
    if sdl is None:
        return None
    try:
        if sdl.SDL_InitSubSystem(SDL_INIT_VIDEO) != 0:
            return None
        try:
            mode = _DisplayMode()
            if sdl.SDL_GetDesktopDisplayMode(0, ctypes.byref(mode)) != 0 or mode.w <= 0 or mode.h <= 0:
                return None
            return int(mode.w), int(mode.h)
        finally:
            sdl.SDL_QuitSubSystem(SDL_INIT_VIDEO)
    except (AttributeError, OSError) as exc:  # an SDL without these symbols
        log.warning("cannot read the screen size: %s", exc)
        return None


def kiosk_window_settings(size: tuple[int, int] | None, rotation: int) -> dict[str, str]:
    """Kivy ``[graphics]`` options for the kiosk window on a screen of ``size`` pixels (None: unknown).

    ``rotation`` turns the content (and the touches, which Kivy maps through the same rotation) for a
    screen mounted upside down (180) or in portrait (90, 270); the window itself keeps the screen's size.
    """
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {ROTATIONS}, got {rotation!r}")
    options = {"fullscreen": "auto", "rotation": str(rotation)}
    if size is not None:
        width, height = size
        options.update(width=str(width), height=str(height), position="custom", left="0", top="0")
    return options


def panel_width(window_size: tuple[float, float], rotation: int) -> float:
    """The screen's own width in pixels (before rotation), the one ``screen_width_mm`` measures."""
    width, height = window_size
    return width if rotation in (0, 180) else height
