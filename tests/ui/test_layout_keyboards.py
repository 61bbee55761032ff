"""The keyboards alone (first name, the workshop registration's name and phone, and the lesson's typing panel
for type_text, form_fill and a guided_sim field) at 800×480, 1280×800 and 1920×1080, 100 % and 200 %: the
instruction at body size or more on one of their pages and never smaller, 🔊 and « A+ » on every page, keys
≥ 10 mm, primary ≥ 16 mm, gaps ≥ 4 mm, nothing cut. A quick run of the part of the layout audit
(test_layout_sizes.py) that measures them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from driver import run_child
from layout_sizes import SCALES, SIZES, keyboard_problems

from kiosk.content.lessons import DEFAULT_LESSONS_DIR

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def keyboards(tmp_path_factory):
    base = tmp_path_factory.mktemp("keyboards")

    def audit(size):
        args = {
            "scenario": "keyboard_audit",
            "size": list(size),
            "screen_width_mm": SIZES[size],
            "lessons_dir": str(DEFAULT_LESSONS_DIR),
            "scales": list(SCALES),
        }
        return run_child(base / f"{size[0]}x{size[1]}", args)["keyboards"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(SIZES, pool.map(audit, SIZES), strict=True))


@pytest.mark.parametrize("size", list(SIZES), ids=lambda s: f"{s[0]}x{s[1]}")
def test_keyboards_keep_the_touch_and_text_rules(keyboards, size):
    assert keyboard_problems(keyboards[size]) == []


def test_a_small_screen_gives_the_instruction_its_own_page(keyboards):
    small = keyboards[(800, 480)]
    for name in ("help_name", "register", "register_phone", "type_text", "form_fill", "guided_sim"):
        for scale in SCALES:
            pages = {r["stage"]: r for r in small if r["keyboard"] == name and r["scale"] == scale}
            assert set(pages) == {"instruction", "keys"}, (name, scale)
            assert pages["instruction"]["instruction_mm"] >= 6.0 * scale - 0.05
            writes = {"typing:write", "help:write", "register:write", "phone:write"}
            assert writes & set(pages["instruction"]["actions"])
    # A big screen keeps one page: the instruction above the keys.
    assert all(r["stage"] == "keys" and r["instruction_mm"] for r in keyboards[(1920, 1080)])
    # The way past typing (« Sans prénom », « Pas de téléphone ») is on the instruction's own page, or on
    # the one page where there is one.
    ways_out = {"help_name": "help:no_name", "register_phone": "register:no-phone"}
    for rows in keyboards.values():
        for row in rows:
            way_out = ways_out.get(row["keyboard"])
            if way_out and (row["stage"] == "instruction" or not row["paged"]):
                assert way_out in row["actions"], row
