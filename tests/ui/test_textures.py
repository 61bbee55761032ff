"""Textures no bigger than what they show, in a real Kivy window (textures_child.py).

FittedLabel draws exactly what a plain Kivy Label draws, from a texture as wide as the text when the text
fits on its lines, and wraps as a plain Label when it does not (also after « A+ » makes it too wide);
pixels compared widget by widget. A button's pictogram is a texture of the size shown, shared by the
buttons showing it at that size; a broken pictogram file leaves the button its words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui

CHILD = Path(__file__).with_name("textures_child.py")
WIDTH = 1100  # the child's wrapping width


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, dict]:
    broken = tmp_path_factory.mktemp("pictograms") / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not a picture")
    done = subprocess.run(
        [sys.executable, str(CHILD), str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=CHILD.parent,
    )
    found = {
        row["case"]: row
        for row in (json.loads(line) for line in done.stdout.splitlines() if line.startswith("{"))
    }
    assert done.returncode == 0 and len(found) == 10, done.stdout[-2000:] + done.stderr[-2000:]
    return found


SHORT = ["short-left", "short-center", "short-center-1", "short-right"]
SHORT += ["padded-left", "padded-center", "padded-right"]


@pytest.mark.parametrize("case", SHORT)
def test_short_text_gets_a_narrow_texture_and_the_same_pixels(cases, case):
    row = cases[case]
    assert row["same_pixels"], f"{case}: drawn elsewhere than a plain Label draws it"
    assert row["plain"][0] >= WIDTH - 21
    assert row["texture_width"] < WIDTH / 3, row  # « Internet\n3 leçons »: 139 px instead of 1,100
    assert row["fitted"][1] == row["plain"][1]  # same height: the layouts that grow to it do not move


@pytest.mark.parametrize("case", ["long-left", "grows-left"])
def test_text_wider_than_the_box_wraps_as_a_plain_label(cases, case):
    row = cases[case]
    assert row["same_pixels"], f"{case}: not wrapped as a plain Label wraps it"
    assert row["fitted"] == row["plain"] and row["texture_width"] == WIDTH


def test_a_pictogram_is_a_texture_of_the_size_shown_and_shared(cases):
    row = cases["pictograms"]
    # The file is 256 × 256 (256 KiB of pixels); shown at 52 px it needs 52 × 52 (10.6 KiB).
    assert row["sizes"][:3] == [[52, 52], [52, 52], [119, 119]], row
    assert row["shared"], "two buttons showing the same pictogram at the same size made two textures"
    assert 0.05 < row["ink"] < 0.95, row  # the picture itself, neither blank nor a filled square
    # The right way up: close to the file as Kivy draws it, far from it upside down.
    assert row["off_plain"] < row["off_plain_upside_down"] / 3, row
    # Decoded by Kivy's loader: Pillow's first open would add 10 ms on the way to the first frame.
    assert [path for path in row["pillow_opened"] if not path.endswith("broken.png")] == [], row


def test_a_broken_pictogram_leaves_the_button_its_words(cases):
    row = cases["pictograms"]
    assert row["sizes"][3] is None and row["broken_shows_words"], row
    # Pillow, asked after Kivy's loader failed, says why in the log.
    assert row["pillow_opened"] and all(path.endswith("broken.png") for path in row["pillow_opened"]), row
