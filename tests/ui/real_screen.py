"""A real X screen of a chosen size for the window tests: an Xvfb of that size with no window manager,
taps as real X pointer events (XTest: X server → SDL → Kivy, the whole input path), and captures of
what the screen shows (the root window, not Kivy's framebuffer)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import subprocess
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """An Xvfb screen of ``width``×``height`` with nothing else on it; yields its DISPLAY (":N")."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class XPointer:
    """Taps at screen pixels through the XTest extension (as a touchscreen's events reach X)."""

    def __init__(self) -> None:
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeMotionEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.xtst.XTestFakeButtonEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.display = self.x11.XOpenDisplay(None)
        if not self.display:
            raise RuntimeError("cannot open the X display")

    def move(self, x: int, y: int) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, 0, int(x), int(y), 0)
        self.x11.XFlush(self.display)

    def button(self, down: bool) -> None:
        self.xtst.XTestFakeButtonEvent(self.display, 1, 1 if down else 0, 0)
        self.x11.XFlush(self.display)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)


def capture() -> Any:
    """What the X screen shows now (PIL RGB image of the root window)."""
    from PIL import ImageGrab

    return ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).convert("RGB")


def window_geometry(title_class: str = "python") -> tuple[int, int, int, int]:
    """(x, y, width, height) of the app's top-level X window, from ``xwininfo`` (absolute position)."""
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=True).stdout
    for line in tree.splitlines():
        if f'("{title_class}' in line:
            geometry = line.split(")")[-1].split()[0]  # WxH+X+Y
            size, _, rest = geometry.partition("+")
            width, height = (int(v) for v in size.split("x"))
            x, y = (int(v) for v in rest.split("+"))
            return x, y, width, height
    raise LookupError(f"no X window of class {title_class!r}:\n{tree}")


def content_to_screen(x: float, y: float, screen: tuple[int, int], rotation: int) -> tuple[int, int]:
    """A point of the app's content (Kivy window coordinates, y up, after rotation) as a screen pixel
    (x right, y down): where the resident sees it."""
    width, height = screen
    if rotation == 0:
        return round(x), round(height - 1 - y)
    if rotation == 180:
        return round(width - 1 - x), round(y)
    if rotation == 90:
        return round(width - 1 - y), round(height - 1 - x)
    if rotation == 270:
        return round(y), round(x)
    raise ValueError(rotation)
