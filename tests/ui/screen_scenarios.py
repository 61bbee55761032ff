"""Scenarios for the kiosk window on a real screen (tests/ui/test_screen_fill.py): the window and what it
draws cover the X screen exactly, and a real pointer tap lands on the button the resident sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.core.window import Window
from real_screen import XPointer, capture, content_to_screen, window_geometry

from kiosk.ui import palette as P
from kiosk.ui.widgets.big_button import reset_debounce


async def tap_screen(pilot: Any, x: int, y: int) -> None:
    """A real tap at screen pixel (x, y): pointer moved there, pressed, released."""
    pointer = XPointer()
    try:
        reset_debounce()
        pointer.move(x, y)
        await pilot.frames(2)
        pointer.button(True)
        await pilot.frames(2)
        pointer.button(False)
        await pilot.frames(2)
    finally:
        pointer.close()


async def finger_tap(pilot: Any, x: int, y: int, screen: tuple[int, int]) -> None:
    """A finger down and up at screen pixel (x, y), as Kivy's SDL2 provider hands it to the window."""
    from kivy.base import EventLoop
    from kivy.core.window.window_sdl2 import SDL2MotionEvent

    width, height = screen
    reset_debounce()
    finger = SDL2MotionEvent("sdl", 4242, (x / (width - 1), 1 - y / (height - 1), 1.0))
    EventLoop._dispatch_input("begin", finger)
    await pilot.frames(2)
    finger.update_time_end()
    EventLoop._dispatch_input("end", finger)
    await pilot.frames(2)


def top_bar_edge(image: Any) -> str:
    """The screen edge along which the top bar (the dark blue band) is drawn: where the content's top is."""
    width, height = image.size
    bar = tuple(round(c * 255) for c in P.BAR[:3])
    strips = {
        "top": (0, 0, width, 20),
        "bottom": (0, height - 20, width, height),
        "left": (0, 0, 20, height),
        "right": (width - 20, 0, width, height),
    }

    def share(box: tuple[int, int, int, int]) -> float:
        pixels = list(image.crop(box).getdata())
        near = [p for p in pixels if max(abs(a - b) for a, b in zip(p, bar, strict=True)) < 12]
        return len(near) / len(pixels)

    return max(strips, key=lambda edge: share(strips[edge]))


async def screen_fill(pilot: Any, args: dict[str, Any], services: Any, extra: dict[str, Any]) -> dict:
    """Geometry, a screen capture compared with Kivy's own frame, and (``args["tap"]``) a real tap on
    « Prochaines séances » (off centre, so a wrong turn would miss it) where the screen shows it."""
    out = Path(args["out_dir"])
    await pilot.frames(5)
    seen = capture()
    seen.save(out / "screen.png")
    frame = Path(await pilot.screenshot(out / "frame.png"))
    from PIL import Image, ImageChops

    drawn = Image.open(frame).convert("RGB")
    same_size = drawn.size == seen.size
    differing = -1
    if same_size:
        diff = ImageChops.difference(drawn, seen).convert("L").point(lambda v: 255 if v > 8 else 0)
        differing = sum(1 for v in diff.getdata() if v)
    root = pilot.app.root
    result: dict[str, Any] = {
        "screen": list(seen.size),
        "window": list(window_geometry()),
        "kivy_size": list(Window.size),
        "root_size": [root.width, root.height],
        "frame_size": list(drawn.size),
        "differing_pixels": differing,
        "top_bar_edge": top_bar_edge(seen),
    }
    if args.get("tap"):
        button = pilot.find("home:agenda")
        cx, cy = button.to_window(*button.center)
        x, y = content_to_screen(cx, cy, seen.size, int(args.get("rotation", 0)))
        result["tap_at"] = [x, y]
        result["unturned_at"] = list(content_to_screen(cx, cy, seen.size, 0))
        await tap_screen(pilot, x, y)
        await pilot.until(lambda: pilot.screen().name == "agenda", "agenda screen after the tap", 5)
        result["after_tap"] = pilot.screen().name
        # A touchscreen's finger: SDL's own event (window-normalised, y up), as its provider makes it.
        pilot.app.go_home()
        await pilot.frames(2)
        button = pilot.find("home:learn")  # off centre too, on the other side
        x, y = content_to_screen(*button.to_window(*button.center), seen.size, int(args.get("rotation", 0)))
        await finger_tap(pilot, x, y, seen.size)
        await pilot.until(lambda: pilot.screen().name == "learn", "lessons after the finger", 5)
        result["after_finger"] = pilot.screen().name
    return result


SCENARIOS = {"screen_fill": screen_fill}
