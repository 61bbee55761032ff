"""The touch rules of PRODUCT.md, measured on the real layout at three screen sizes, for every screen
and state the screens scenario visits: targets ≥ 10 mm, primary ≥ 16 mm tall, ≥ 4 mm between targets,
nothing outside the window, no text cut."""

from __future__ import annotations

import itertools

import pytest
from conftest import SIZES

pytestmark = pytest.mark.ui

TOLERANCE_PX = 1.0
EXPECTED_STATES = {
    "home",
    "help_topic",
    "help_name_page",
    "help_name",
    "help_name_digits",
    "help_ticket",
    "help_ticket_called",
    "help_ticket_print_failed",
    "learn",
    "lesson0_step0",
    "lesson0_end",
    "agenda",
    "idle",
}


def _rows(screens_runs, size):
    px_per_mm = size[0] / SIZES[size]
    return screens_runs[size]["layout"], px_per_mm


def _inside(box, outer):
    return (
        box[0] >= outer[0] - TOLERANCE_PX
        and box[1] >= outer[1] - TOLERANCE_PX
        and box[2] <= outer[2] + TOLERANCE_PX
        and box[3] <= outer[3] + TOLERANCE_PX
    )


def _visible(row):
    """The row with its box clipped to its scroll view's viewport; None when scrolled out of sight."""
    if not row["in_scroll"]:
        return row
    box, view = row["box"], row["scroll_box"]
    clipped = [max(box[0], view[0]), max(box[1], view[1]), min(box[2], view[2]), min(box[3], view[3])]
    if clipped[0] >= clipped[2] or clipped[1] >= clipped[3]:
        return None
    return {**row, "box": clipped}


@pytest.fixture(params=sorted(SIZES), ids=lambda s: f"{s[0]}x{s[1]}")
def size(request):
    return request.param


def test_every_screen_was_visited(screens_runs, size):
    rows, _ = _rows(screens_runs, size)
    assert {r["state"] for r in rows} >= EXPECTED_STATES


def small_targets(rows, px_per_mm):
    """Buttons under 10 mm, and primary buttons under 16 mm tall."""
    small = []
    for r in (r for r in rows if r["kind"] == "button"):
        width, height = r["box"][2] - r["box"][0], r["box"][3] - r["box"][1]
        if min(width, height) < 10 * px_per_mm - TOLERANCE_PX:
            small.append((r["state"], r["action"], round(width / px_per_mm, 1), round(height / px_per_mm, 1)))
        if r["primary"] and height < 16 * px_per_mm - TOLERANCE_PX:
            small.append((r["state"], r["action"], "primary", round(height / px_per_mm, 1)))
    return small


def tight_gaps(rows, px_per_mm):
    """Pairs of visible buttons of one state less than 4 mm apart (or overlapping)."""
    tight = []
    buttons = [r for r in (_visible(r) for r in rows if r["kind"] == "button") if r is not None]
    for a, b in itertools.combinations(buttons, 2):
        if a["state"] != b["state"]:
            continue
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
        dx = max(bx0 - ax1, ax0 - bx1, 0)
        dy = max(by0 - ay1, ay0 - by1, 0)
        if max(dx, dy) < 4 * px_per_mm - TOLERANCE_PX:
            tight.append(
                (
                    a["state"],
                    a["action"] or a["text"],
                    b["action"] or b["text"],
                    round(max(dx, dy) / px_per_mm, 1),
                )
            )
    return tight


def outside(rows, size):
    """Rows drawn (partly) outside the window, or sideways outside their scroll view."""
    window = [0, 0, size[0], size[1]]
    out = []
    for r in rows:
        if r["in_scroll"]:
            scroll = r["scroll_box"]
            ok = _inside(scroll, window) and r["box"][0] >= scroll[0] - 1 and r["box"][2] <= scroll[2] + 1
        else:
            ok = _inside(r["box"], window)
        if not ok:
            out.append((r["state"], r["kind"], r["action"] or r["text"][:30], [round(v) for v in r["box"]]))
    return out


def cut_texts(rows):
    """Labels whose text is bigger than their box (not the ones that shorten on purpose)."""
    cut = []
    for r in rows:
        if r["kind"] != "label" or r["shorten"]:
            continue
        width, height = r["box"][2] - r["box"][0], r["box"][3] - r["box"][1]
        if r["texture"][1] > height + 2 or r["texture"][0] > width + 2:
            cut.append((r["state"], r["text"][:40], r["texture"], [round(width), round(height)]))
    return cut


def overlaps(rows):
    """Pairs of visible rows of one state that cross each other (one inside the other is fine: a
    button's own label)."""
    crossed = []
    shown = [r for r in (_visible(r) for r in rows) if r is not None]
    for a, b in itertools.combinations(shown, 2):
        if a["state"] != b["state"] or _inside(a["box"], b["box"]) or _inside(b["box"], a["box"]):
            continue
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
        if min(ax1, bx1) - max(ax0, bx0) > 2 and min(ay1, by1) - max(ay0, by0) > 2:
            crossed.append((a["state"], a["action"] or a["text"][:30], b["action"] or b["text"][:30]))
    return crossed


def test_targets_are_big_enough(screens_runs, size):
    rows, px_per_mm = _rows(screens_runs, size)
    assert not small_targets(rows, px_per_mm)


def test_gaps_between_targets(screens_runs, size):
    rows, px_per_mm = _rows(screens_runs, size)
    assert not tight_gaps(rows, px_per_mm)


def test_nothing_outside_the_window(screens_runs, size):
    rows, _ = _rows(screens_runs, size)
    assert not outside(rows, size)


def test_no_text_is_cut(screens_runs, size):
    rows, _ = _rows(screens_runs, size)
    assert not cut_texts(rows)


def test_screens_are_in_french_with_accents(screens_runs):
    texts = screens_runs[(800, 480)]["texts"]
    assert "Demander de l'aide" in texts["home"]
    assert "Mon téléphone ou ma tablette" in texts["help_topic"]
    accents = {"é", "è", "ê", "ë", "à", "â", "ç", "î", "ï", "ô", "û", "ù", "œ"}
    assert accents <= set(texts["help_name"])  # after « Zoé »: small letters
    assert {c.upper() for c in accents} <= set(texts["help_name_empty"])  # a name starts with a capital
    assert "C'est à vous\u00a0!" in texts["help_ticket_called"]
    assert "Êtes-vous toujours là\u00a0?" in texts["idle"]
    assert not any("Zoé" in t for t in texts["help_ticket"])
