"""The kiosk window fills the real screen with no window manager (Xvfb of the screen's size), at the
7-inch 800×480 and a 1280×800 panel, and turned for a screen mounted in portrait or upside down."""

from __future__ import annotations

import contextlib

import pytest
from real_screen import xvfb


@pytest.fixture
def on_screen(kiosk_factory, monkeypatch):
    """``start(size, **args)``: a kiosk in kiosk mode on an X screen of ``size`` with no window manager,
    reading the screen's size as on the device; ended before its screen is."""
    with contextlib.ExitStack() as stack:

        def start(size: tuple[int, int], **args):
            monkeypatch.setenv("DISPLAY", stack.enter_context(xvfb(*size)))
            kiosk = kiosk_factory(size=None, kiosk_mode=True, screen_width_mm=154.0, **args)
            stack.callback(kiosk.close)
            return kiosk

        yield start


@pytest.mark.parametrize("size", [(800, 480), (1280, 800)])
def test_window_and_content_fill_the_screen(on_screen, size):
    shown = on_screen(size).probe("real_screen")
    width, height = size
    assert shown["screen"] == [width, height]
    assert shown["window"] == [0, 0, width, height]  # was 800×600 at y = −60 (800×480), centred (1280×800)
    assert shown["kivy_size"] == [width, height] and shown["root_size"] == [width, height]
    # What the screen shows is every pixel Kivy drew: nothing cut at the top or the bottom.
    assert shown["frame_size"] == [width, height]
    assert shown["differing_pixels"] == 0
    assert shown["top_bar_edge"] == "top"


@pytest.mark.parametrize("rotation", [90, 180])
def test_rotated_screen_content_turns_and_a_tap_lands_on_the_button_seen(on_screen, rotation):
    kiosk = on_screen((800, 480), rotation=rotation)
    shown = kiosk.probe("real_screen")
    portrait = rotation in (90, 270)
    assert shown["window"] == [0, 0, 800, 480]
    assert shown["kivy_size"] == ([480, 800] if portrait else [800, 480])
    # The content's top (the top bar) is along the screen's left edge (90) or its bottom (180).
    assert shown["top_bar_edge"] == {90: "left", 180: "bottom"}[rotation]
    # A real tap where the screen shows « Prochaines séances » (off centre, so a wrong turn would miss
    # it) presses it; unturned, that button would be far from there (so the touch had to be turned with
    # the content).
    tap = kiosk.do("tap_on_screen", action="home:agenda")
    kiosk.wait_screen("agenda", timeout=5)
    assert max(abs(a - b) for a, b in zip(tap["at"], tap["unturned"], strict=True)) > 150
    # A touchscreen's finger event turns the same way (« Apprendre », off centre on the other side).
    kiosk.go("home")
    kiosk.do("tap_on_screen", action="home:learn", finger=True)
    kiosk.wait_screen("learn", timeout=5)
