"""Touch helpers for the lesson scenarios (tests/ui/lesson_scenarios.py) and the remote pilot's lesson probes
(tests/ui/probes.py): synthetic fingers on buttons, picture points, clue words and keyboard keys, scrolling
as a finger would, and the run's set-up (lessons folder, speech cache, a printer writing ESC/POS bytes)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

from kivy.base import EventLoop
from pilot import SyntheticTouch

from kiosk.ui.services import PrinterHandle, Services

HERE = Path(__file__).resolve().parent


def setup(pilot: Any, args: dict[str, Any], services: Services) -> Path:
    """Lessons from ``args["lessons_dir"]``, speech cached in the run's folder, a printer writing ESC/POS
    bytes to ``memo.bin`` (the real printer seam)."""
    from kiosk.printing.printer import open_printer
    from kiosk.speech import Speech
    from kiosk.ui.speaker import Speaker

    out = Path(args["out_dir"])
    services.lessons_dir = Path(args["lessons_dir"])
    config = services.config
    pilot.app.speaker = Speaker(Speech(config.speech, out / "speech"), pilot.app.worker)
    printer_config = replace(config.printer, uri=f"file:{out / 'memo.bin'}", timeout_s=3.0)
    services.printer = PrinterHandle(lambda: open_printer(printer_config, preview_dir=out))
    return out


async def tap_xy(pilot: Any, x: float, y: float, hold_s: float = 0.0, to: tuple[float, float] | None = None):
    """A finger down at (x, y) (window pixels), optionally held or moved to ``to``, then up."""
    touch = SyntheticTouch(x, y)
    EventLoop._dispatch_input("begin", touch)
    await pilot.frames(1)
    if to is not None:
        steps = 6
        for n in range(1, steps + 1):
            nx, ny = x + (to[0] - x) * n / steps, y + (to[1] - y) * n / steps
            touch.move({"x": nx / (EventLoop.window.width - 1.0), "y": ny / (EventLoop.window.height - 1.0)})
            EventLoop._dispatch_input("update", touch)
            await pilot.frames(1)
    if hold_s:
        await asyncio.sleep(hold_s)  # a long press is a duration: the real clock is the thing measured
    EventLoop._dispatch_input("end", touch)
    await pilot.frames(2)


async def open_lesson(pilot: Any, lesson_id: str) -> Any:
    app = pilot.app
    app.go_home()
    await press(pilot, "home:learn")
    learn = app.screen("learn")
    await pilot.until(lambda: learn.lessons, "lessons listed")
    if pilot._maybe(f"lesson:{lesson_id}") is None:  # lessons grouped by theme: open the lesson's theme
        lesson = next(i for i in learn.lessons if i.id == lesson_id)
        await press(pilot, f"theme:{lesson.theme or 'autres'}")
    await press(pilot, f"lesson:{lesson_id}")
    lesson = app.screen("lesson")
    try:
        await pilot.until(lambda: pilot.screen().name == "lesson" and lesson.view is not None, "lesson shown")
    except TimeoutError:
        await pilot.screenshot(Path(args_out(app)) / "failed-open.png")
        raise
    return lesson


def args_out(app: Any) -> str:
    """Where the run writes its files (the speech cache sits in it)."""
    speech = getattr(getattr(app, "speaker", None), "speech", None)
    return str(speech.cache_dir.parent) if speech is not None else "."


async def type_keys(pilot: Any, text: str) -> None:
    """Type ``text`` on the open typing panel's AZERTY keyboard (switching to 123 for digits and signs)."""
    from kiosk.ui.widgets.keyboard import DIGIT_ROWS

    signs = {k for row in DIGIT_ROWS for k in row}
    lesson = pilot.app.screen("lesson")
    await to_keys(pilot, lesson.typing)
    keyboard = lesson.typing.keyboard
    for char in text:
        want_digits = char in signs
        if keyboard.digits != want_digits and char not in "'-":
            await press(pilot, "key:digits")
        if char.isupper() and not keyboard.shift:
            await press(pilot, "key:shift")
        key = "space" if char == " " else char.lower()
        await press(pilot, f"key:{key}")


async def press(pilot: Any, action: str) -> None:
    """Scroll the button into view when it is in a scroll view, then tap it like a finger would."""
    from kivy.uix.scrollview import ScrollView

    button = await pilot.until(lambda: pilot._maybe(action), f"button {action}")
    parent = button.parent
    while parent is not None and parent is not parent.parent and not isinstance(parent, ScrollView):
        parent = parent.parent
    lesson = pilot.app.screen("lesson")
    if isinstance(parent, ScrollView) and parent is lesson.ids.scroll:
        await to_page_of(pilot, lesson, action)  # a paged lesson: « Suite » until the button shows
    elif isinstance(parent, ScrollView):
        last = None
        for _attempt in range(10):  # layouts settle over a few frames (texts grow their buttons)
            await pilot.frames(2)
            button = pilot.find(action)
            _x0, y0 = button.to_window(button.x, button.y)
            _x1, y1 = button.to_window(button.right, button.top)
            _sx, sy0 = parent.parent.to_window(parent.x, parent.y)  # the view's box, in its parent's space
            _sx, sy1 = parent.parent.to_window(parent.right, parent.top)
            visible = y0 >= sy0 - 1 and y1 <= sy1 + 1 or (y0 < sy0 and y1 > sy1)
            if visible and last == (y0, y1):
                break
            last = (y0, y1)
            if not visible:  # move the content by the missing distance, as a finger would
                dy = (sy0 - y0) if y0 < sy0 else (sy1 - y1)
                _dx, dsy = parent.convert_distance_to_scroll(0, dy)
                parent.scroll_y = min(1.0, max(0.0, parent.scroll_y - dsy))
                parent.effect_y.value = parent.effect_y.min + parent.scroll_y * (
                    parent.effect_y.max - parent.effect_y.min
                )
    await pilot.tap(action)


async def to_page_of(pilot: Any, lesson: Any, action: str) -> None:
    """Turn the lesson's pages (as « Suite » / « Précédent » would) to the one showing button ``action``."""
    await pilot.frames(3)
    for number in [lesson.page, *range(len(lesson.pages))]:
        lesson.show_page(number)
        await pilot.frames(2)
        button = pilot.find(action)
        if inside_view(lesson.ids.scroll, button):
            return
    raise TimeoutError(f"{action} is on no page of the step ({len(lesson.pages)} pages)")


async def into_view(pilot: Any, widget: Any) -> None:
    """Turn the lesson to the page where ``widget`` starts (coordinate taps need it on screen)."""
    lesson = pilot.app.screen("lesson")
    await pilot.frames(2)
    lesson.scroll_to(widget)
    await pilot.frames(3)


async def next_step(pilot: Any, lesson: Any) -> None:
    """« Suite » through the step's pages, then « Suivant »: the next step (or the end) is shown."""
    index = lesson.index
    for _turn in range(40):
        if lesson.index != index or lesson.finished:
            return
        await press(pilot, "lesson:next")
    raise TimeoutError(f"step {index} never moved on")


def view_span(scroll: Any) -> tuple[float, float]:
    """(bottom, top) of the visible part of ``scroll``, in window coordinates."""
    _x0, bottom = scroll.parent.to_window(scroll.x, scroll.y)  # the view's box, in its parent's space
    _x1, top = scroll.parent.to_window(scroll.right, scroll.top)
    return bottom, top


def inside_view(scroll: Any, widget: Any, *, top_only: bool = False) -> bool:
    """Whether ``widget`` is wholly inside the visible part of ``scroll`` (``top_only``: its top edge,
    where a card's title is)."""
    bottom, top = view_span(scroll)
    _x, low = widget.to_window(widget.x, widget.y)
    _x, high = widget.to_window(widget.right, widget.top)
    if top_only:
        return bool(bottom < high <= top)
    return bool(bottom <= low and high <= top)


async def point_into_view(pilot: Any, where: Any) -> tuple[float, float]:
    """Turn the lesson's pages until the window point ``where()`` is inside the page shown; that point."""
    lesson = pilot.app.screen("lesson")
    scroll = lesson.ids.scroll
    margin = pilot.app.theme.mm(2)
    await pilot.frames(3)
    for number in [lesson.page, *range(len(lesson.pages))]:
        lesson.show_page(number)
        await pilot.frames(2)
        x, y = where()
        bottom, top = view_span(scroll)
        if bottom + margin <= y <= top - margin:
            return x, y
    body = lesson.ids.body
    raise TimeoutError(
        f"point {where()} on no page of the step: pages {lesson.pages}, body {body.height}, "
        f"view {view_span(scroll)}, body top in window {body.to_window(body.x, body.top)}"
    )


async def tap_ref(pilot: Any, lesson: Any, clue: str) -> None:
    """Tap a clue's words inside the flowing message, where its Kivy markup ref was laid out."""
    from kiosk.ui.steps.clue_text import reset_debounce

    x, y = await point_into_view(pilot, lambda: lesson.view.ref_point(clue))
    reset_debounce()
    await tap_xy(pilot, x, y)


async def tap_plain(pilot: Any, lesson: Any) -> None:
    """Tap the message's innocent text (out of every clue's reach)."""
    from kiosk.ui.steps.clue_text import reset_debounce

    x, y = await point_into_view(pilot, lesson.view.plain_point)
    reset_debounce()
    await tap_xy(pilot, x, y)


async def open_keyboard(pilot: Any, lesson: Any, action: str) -> Any:
    """Tap a field (``action``) and wait for the keyboard panel; the panel."""
    await press(pilot, action)
    panel = await pilot.until(lambda: lesson.typing, f"keyboard for {action}")
    await to_keys(pilot, panel)
    return panel


async def to_keys(pilot: Any, panel: Any) -> None:
    """« Écrire » when the panel opened on its instruction's own page (small screens, large text)."""
    await pilot.frames(2)
    if panel.stage == "instruction":
        await press(pilot, "typing:write")
        await pilot.until(lambda: panel.stage == "keys", "keys shown")


def verdict(lesson: Any) -> tuple[bool | None, str]:
    v = lesson.view.verdict if lesson.view is not None else None
    return (None, "") if v is None else (v.ok, v.message)


async def shot(pilot: Any, out: Path, name: str, shots: dict[str, str], layout: list, texts: dict) -> None:
    await pilot.frames(3)
    layout.extend(pilot.layout(name))
    texts[name] = pilot.texts()
    shots[name] = await pilot.screenshot(out / f"{name}.png")
