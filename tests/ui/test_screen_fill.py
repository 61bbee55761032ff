"""The kiosk window fills the real screen with no window manager (Xvfb of the screen's size), at the
7-inch 800×480 and a 1280×800 panel, and turned for a screen mounted in portrait or upside down."""

from __future__ import annotations

import pytest
from driver import run_child
from real_screen import xvfb


def run_on_screen(tmp_path, monkeypatch, size: tuple[int, int], **args) -> dict:
    with xvfb(*size) as display:
        monkeypatch.setenv("DISPLAY", display)
        return run_child(
            tmp_path,
            {"scenario": "screen_fill", "size": None, "kiosk_mode": True, "screen_width_mm": 154.0, **args},
        )


@pytest.mark.parametrize("size", [(800, 480), (1280, 800)])
def test_window_and_content_fill_the_screen(tmp_path, monkeypatch, size):
    seen = run_on_screen(tmp_path, monkeypatch, size)
    width, height = size
    assert seen["screen"] == [width, height]
    assert seen["window"] == [0, 0, width, height]  # was 800×600 at y = −60 (800×480), centred (1280×800)
    assert seen["kivy_size"] == [width, height] and seen["root_size"] == [width, height]
    # What the screen shows is every pixel Kivy drew: nothing cut at the top or the bottom.
    assert seen["frame_size"] == [width, height]
    assert seen["differing_pixels"] == 0
    assert seen["top_bar_edge"] == "top"


@pytest.mark.parametrize("rotation", [90, 180])
def test_rotated_screen_content_turns_and_a_tap_lands_on_the_button_seen(tmp_path, monkeypatch, rotation):
    seen = run_on_screen(tmp_path, monkeypatch, (800, 480), rotation=rotation, tap=True)
    portrait = rotation in (90, 270)
    assert seen["window"] == [0, 0, 800, 480]
    assert seen["kivy_size"] == ([480, 800] if portrait else [800, 480])
    # The content's top (the top bar) is along the screen's left edge (90) or its bottom (180).
    assert seen["top_bar_edge"] == {90: "left", 180: "bottom"}[rotation]
    # A real tap where the screen shows « Prochaines séances » presses it; unturned, that button would
    # be far from there (so the touch had to be turned with the content).
    assert seen["after_tap"] == "agenda"
    assert seen["after_finger"] == "learn"  # a touchscreen's finger event turns the same way
    assert max(abs(a - b) for a, b in zip(seen["tap_at"], seen["unturned_at"], strict=True)) > 150
