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


class RecordingPower:
    """Stands in for the screen's power switch (hardware we do not have): records each call."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def set(self, on: bool) -> bool:
        self.calls.append(on)
        return True


async def screen_day(pilot: Any, args: dict[str, Any], services: Any, extra: dict[str, Any]) -> dict:
    """Attract screen after inactivity, the tap that leaves it or wakes the screen presses nothing, the
    screen off outside opening hours, and the staff screen's warning when the clock is wrong."""
    from datetime import timedelta

    from fakes import NOW
    from scenarios import _to_name

    from kiosk.device.clock_watch import ClockWatch
    from kiosk.domain.receipts import french_date

    app, clock, out = pilot.app, extra["clock"], Path(args["out_dir"])
    keeper = app.keeper
    keeper.power = power = RecordingPower()
    seen: dict[str, Any] = {"start": keeper.state}
    # Nobody for 3 minutes on the home screen: the attract screen.
    clock.advance(181)
    await pilot.until(lambda: keeper.state == "attract" and keeper.overlay is not None, "attract screen")
    seen["attract_texts"] = pilot.texts()
    await pilot.screenshot(out / "attract.png")
    # A tap where « Demander de l'aide » is (under the attract screen) only takes the attract away.
    await pilot.tap("home:help")
    await pilot.frames(3)
    seen["after_attract_tap"] = [pilot.screen().name, keeper.state, keeper.overlay is None]
    await pilot.tap("home:help")
    await pilot.until(lambda: pilot.screen().name == "help_topic", "the next tap is an ordinary tap")
    app.go_home()
    # Outside opening hours, 5 minutes after the last touch: the screen goes off.
    clock.advance(301)
    await pilot.until(lambda: keeper.state == "off", "screen off outside opening hours")
    await pilot.until(lambda: power.calls and power.calls[-1] is False, "power switched off")
    await pilot.tap("home:agenda")
    await pilot.frames(3)
    await pilot.until(lambda: power.calls[-1] is True, "power switched on by the tap")
    seen["after_wake_tap"] = [pilot.screen().name, keeper.state]
    seen["power_calls"] = list(power.calls)
    # After a power cut the clock reads a time before this release: staff are told, tickets lose the date.
    watch = ClockWatch(out / "seen.txt", lambda: NOW, released=NOW + timedelta(days=30))
    services.clock = watch
    services.printer.clock = watch
    app.go("staff")
    await pilot.frames(5)
    seen["staff_texts"] = pilot.texts()
    await pilot.screenshot(out / "staff_clock.png")
    app.go_home()
    await _to_name(pilot, "")
    await pilot.tap("help:validate")
    await pilot.until(lambda: extra["printer"].receipts, "ticket printed", timeout=15)
    printed = extra["printer"].receipts[-1].plain_text()
    seen["ticket_has_wrong_date"] = french_date(NOW).casefold() in printed.casefold()
    seen["ticket_text"] = printed
    return seen


SCENARIOS["screen_day"] = screen_day
