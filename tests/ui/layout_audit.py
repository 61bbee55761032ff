"""The layout audit (scenario "layout_audit", run by driver.py): every step of every lesson in
``args["lessons_dir"]`` and every resident screen, at each text scale of ``args["scales"]``, measured on
the widget tree in millimetres: pages (screens) the step needs, the smallest target, the smallest
visible gap between two targets (border strokes included), anything clipped; and the keyboards
(tests/ui/keyboard_audit.py: the instruction's text height in mm, on each page). Optional 800×480
snapshots of each step for the contact sheets (``args["shots_dir"]``).

One child process renders many steps (one Kivy App per process): the suite pays one start-up per size.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

from lesson_touch import press, setup
from pilot import walk

from kiosk.ui.widgets.big_button import BigButton

TOL_PX = 1.0
# 🔊 and « A+ »: a non-reader's way in, primary size (16 mm) everywhere (the typing panel's 🔊 too)
LIFELINES = ("speak", "typing:speak", "text:bigger")


def drawn_box(button: Any) -> list[float]:
    """The button's box as drawn, in window pixels: its border stroke included."""
    x0, y0 = button.to_window(button.x, button.y)
    x1, y1 = button.to_window(button.right, button.top)
    out = button.stroke_outset() if hasattr(button, "stroke_outset") else 0.0
    return [x0 - out, y0 - out, x1 + out, y1 + out]


def _visible_box(widget: Any, box: list[float]) -> list[float] | None:
    """``box`` clipped by every scroll/stencil view above ``widget``; None when out of sight."""
    from kivy.uix.stencilview import StencilView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, StencilView):
            px0, py0 = parent.to_window(parent.x, parent.y) if parent.parent is None else (0, 0)
            px0, py0 = parent.parent.to_window(parent.x, parent.y)
            px1, py1 = parent.parent.to_window(parent.right, parent.top)
            box = [max(box[0], px0), max(box[1], py0), min(box[2], px1), min(box[3], py1)]
            if box[0] >= box[2] - TOL_PX or box[1] >= box[3] - TOL_PX:
                return None
        parent = parent.parent
    return box


def _shown(widget: Any) -> bool:
    node = widget
    while node is not None and node is not node.parent:
        if node.opacity == 0 or getattr(node, "disabled", False) and isinstance(node, BigButton):
            return False
        node = node.parent
    return True


def measure_targets(root: Any, px_per_mm: float) -> dict[str, Any]:
    """Smallest target (mm, min of width and height), smallest primary height, smallest gap (mm) between
    two visible targets, and the pair that makes it."""
    boxes = []
    for widget in walk(root):
        if isinstance(widget, BigButton) and widget.width > 0 and _shown(widget):
            box = _visible_box(widget, drawn_box(widget))
            if box is not None:
                boxes.append((widget, box))
    smallest, smallest_primary, gap, lifeline = 999.0, 999.0, 999.0, 999.0
    pair: tuple[str, str] = ("", "")
    pair_boxes: list = []
    small_name = ""
    for widget, (x0, y0, x1, y1) in boxes:
        full = drawn_box(widget)
        if (full[3] - full[1]) > (y1 - y0) + TOL_PX:
            continue  # cut by the view's edge (on another page): not a target the finger sees whole
        side = min(x1 - x0, y1 - y0) / px_per_mm
        if side < smallest:
            smallest, small_name = side, f"{widget.action or widget.text} in {type(widget.parent).__name__}"
        if widget.primary:
            smallest_primary = min(smallest_primary, (y1 - y0) / px_per_mm)
        if widget.action in LIFELINES:
            lifeline = min(lifeline, side)
    for (wa, a), (wb, b) in itertools.combinations(boxes, 2):
        dx = max(b[0] - a[2], a[0] - b[2], 0)
        dy = max(b[1] - a[3], a[1] - b[3], 0)
        distance = max(dx, dy) / px_per_mm
        if distance < gap:
            gap, pair = distance, (wa.action or wa.text, wb.action or wb.text)
            pair_boxes = [[round(v) for v in a], [round(v) for v in b]]
    return {
        "smallest_mm": round(smallest, 2),
        "smallest_what": small_name,
        "primary_mm": round(smallest_primary, 2),
        "lifeline_mm": round(lifeline, 2),
        "gap_mm": round(gap, 2),
        "gap_pair": list(pair),
        "gap_boxes": pair_boxes,
    }


def clipped_labels(root: Any) -> list[str]:
    """Labels whose text is bigger than their box (not those that shorten on purpose)."""
    from kivy.uix.label import Label

    cut = []
    for widget in walk(root):
        if isinstance(widget, Label) and widget.text and not widget.shorten and _shown(widget):
            tw, th = widget.texture_size
            if th > widget.height + 2 or tw > widget.width + 2:
                cut.append(widget.text[:40])
    return cut


def outside_window(root: Any, size: tuple[int, int]) -> list[str]:
    """Targets drawn past the window's edges."""
    out = []
    for widget in walk(root):
        if isinstance(widget, BigButton) and widget.width > 0 and _shown(widget):
            box = _visible_box(widget, drawn_box(widget))
            if box is not None and (
                box[0] < -TOL_PX or box[1] < -TOL_PX or box[2] > size[0] + TOL_PX or box[3] > size[1] + TOL_PX
            ):
                out.append(widget.action or widget.text)
    return out


def pages_of(lesson: Any) -> tuple[int, bool]:
    """(pages the current step needs, whether a block is cut because it cannot fit a page)."""
    pages = getattr(lesson, "pages", None)
    if pages is not None:
        return len(pages), any(p.overflow for p in pages)
    scroll = lesson.ids.scroll
    content = scroll.children[0]
    needed = max(1, -int(-(content.height - TOL_PX) // max(1.0, scroll.height)))
    return needed, False


def helpers_alone(lesson: Any) -> int:
    """Pages of the current step that show nothing but a helper (« Je ne sais pas », « Un indice »): a
    page without its idea (kiosk.domain.pager keeps them with the block before them when it can)."""
    pages = getattr(lesson, "pages", None)
    if not pages or len(pages) < 2:
        return 0
    blocks = lesson._blocks(lesson.ids.area.height - 2 * lesson.app.theme.margin)
    alone = 0
    for page in pages:
        shown = [b for b in blocks if page.top - 0.5 <= b.top < page.bottom - 0.5]
        alone += bool(shown) and all(b.keep_with_previous for b in shown)
    return alone


async def layout_audit(pilot: Any, args: dict[str, Any], services: Any, extra: dict[str, Any]) -> dict:
    """Every lesson step at each scale: rows {lesson, step, type, scale, pages, overflow, targets…}."""
    from kivy.core.window import Window

    setup(pilot, args, services)
    app = pilot.app
    size = tuple(Window.size)
    px_per_mm = app.theme.px_per_mm
    rows: list[dict[str, Any]] = []
    screens: list[dict[str, Any]] = []
    shots_dir = Path(args["shots_dir"]) if args.get("shots_dir") else None
    timing: dict[str, float] = {"start": time.perf_counter()}
    only = set(args.get("only") or ())
    for scale in args.get("scales", [1.0]):
        app.go_home()
        await press(pilot, "home:learn")
        learn = app.screen("learn")
        await pilot.until(lambda screen=learn: screen.lessons, "lessons listed")
        items = [item for item in learn.lessons if not only or item.id in only]
        timing[f"listed{scale}"] = time.perf_counter()
        app.theme.text_scale = scale  # after going home: that resets « A+ »
        for item in items:
            lesson_item = item
            app.go("lesson", item=item)  # what the lesson's button on « Apprendre » does
            screen = app.screen("lesson")
            settle(screen)
            area = screen.ids.area.height
            for index in range(screen.count):
                screen.show(index)
                settle(screen)
                pages, overflow = pages_of(screen)
                row = {
                    "lesson": lesson_item.id,
                    "step": screen.steps[index].id,
                    "type": screen.steps[index].type,
                    "scale": scale,
                    "pages": pages,
                    "overflow": overflow,
                    "helpers_alone": helpers_alone(screen),
                    "area_mm": round(area / px_per_mm, 1),
                    "area_share": round(area / size[1], 3),
                    "cut": clipped_labels(app.root),
                    "outside": outside_window(app.root, size),
                    **measure_targets(app.root, px_per_mm),
                }
                rows.append(row)
                if shots_dir is not None and scale == 1.0:  # every page, for the contact sheets
                    row["shots"] = []
                    for number in range(pages):
                        screen.show_page(number)
                        name = f"{lesson_item.id}--{index:02d}-{number}.png"
                        row["shots"].append(await pilot.screenshot(shots_dir / name))
        app.go_home()
    timing["lessons"] = time.perf_counter()
    app.theme.text_scale = 1.0
    await pilot.frames(2)
    for scale in args.get("scales", [1.0]):
        app.theme.text_scale = scale
        for name, params in RESIDENT_SCREENS:
            app.go(name, **(params() if callable(params) else params))
            await pilot.frames(4)
            if name == "help_ticket":
                ticket = app.screen(name)
                await pilot.until(lambda t=ticket: t.state == "ticket", "ticket shown")
                await pilot.frames(3)
            if shots_dir is not None:
                await pilot.screenshot(shots_dir / f"screen-{name}-{round(scale * 100)}.png")
            screens.append(
                {
                    "screen": name,
                    "scale": scale,
                    "cut": clipped_labels(app.root),
                    "outside": outside_window(app.root, size),
                    **measure_targets(app.root, px_per_mm),
                }
            )
    app.theme.text_scale = 1.0
    app.go_home()
    timing["screens"] = time.perf_counter()
    from keyboard_audit import keyboard_rows  # the keyboards, each of their pages

    keyboards = await keyboard_rows(pilot, args.get("scales", [1.0]))
    timing["end"] = time.perf_counter()
    timing = {k: round(v - timing["start"], 2) for k, v in timing.items()}
    return {
        "rows": rows,
        "screens": screens,
        "keyboards": keyboards,
        "size": list(size),
        "px_per_mm": px_per_mm,
        "timing": timing,
    }


def _topic() -> Any:
    from kiosk.domain.topics import topic_by_id

    return topic_by_id("papiers")


RESIDENT_SCREENS: list[tuple[str, Any]] = [
    ("home", {}),
    ("help_topic", {}),
    ("help_needs", lambda: {"topic": _topic()}),
    ("help_name", lambda: {"topic": _topic()}),
    ("help_ticket", lambda: {"topic": _topic(), "first_name": "Zoé"}),
    ("learn", {}),
    ("lesson_code", {}),
    ("agenda", {}),
]


def workshop() -> Any:
    """A workshop with seats left (the registration screen's keyboards)."""
    from datetime import datetime

    from fakes import sessions

    return sessions(datetime.now().astimezone())[1]


def settle(screen: Any) -> None:
    """Run Kivy's clock (layouts, text textures, the pager's trigger) until the step stops moving, without
    drawing frames: measuring needs the widget tree, not pixels (a frame costs far more under Xvfb)."""
    from kivy.clock import Clock

    last = None
    fps, Clock._max_fps = Clock._max_fps, 0  # no frame to wait for between two ticks
    try:
        for _ in range(30):
            Clock.tick()
            Clock.tick_draw()  # the « before the next frame » events: text textures, canvas-bound sizes
            body = screen.ids.body
            now = (round(body.height), tuple(screen.pages), screen.page, round(screen.ids.scroll.height))
            pending = body._trigger_layout.is_triggered or screen._paginate_soon.is_triggered
            if now == last and not pending:
                return
            last = now
    finally:
        Clock._max_fps = fps


SCENARIOS = {"layout_audit": layout_audit}
