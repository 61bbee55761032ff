"""Every shipped lesson played to its end in one Kivy window, with the taps a resident would make: each
practice step is solved from its own data (the right option, zone, text, clue, sort, order, gesture,
simulation target, call reply), « Ma fiche » is printed (ESC/POS bytes kept per lesson), then « Suivant »
to the end. Scenario ``play_all`` of driver.py."""

from __future__ import annotations

import time
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.uix.scrollview import ScrollView
from lesson_touch import into_view, setup, shot, tap_ref, tap_xy, to_keys, view_span
from lesson_touch import press as scroll_and_press
from pilot import SyntheticTouch

from kiosk.ui.screens.learn import group_by_theme
from kiosk.ui.services import Services
from kiosk.ui.widgets.big_button import reset_debounce


def step_views_alive(*known: Any) -> tuple[int, list[str]]:
    """Step views still in memory once the garbage is collected (the one shown, and no more), and what
    holds each of the others than ``known`` (for the failure's message)."""
    import gc

    from kiosk.ui.steps.base import StepView

    gc.collect()
    # type(), not isinstance(): a weak proxy to a view (Kivy hands them out) passes isinstance, and
    # does not keep the view alive
    views = [obj for obj in gc.get_objects() if issubclass(type(obj), StepView)]
    holders = []
    for view in views:
        if any(view is k for k in known):
            continue
        refs = [r for r in gc.get_referrers(view) if r is not views]
        holders.append(f"{type(view).__name__}: " + ", ".join(sorted({_describe(r) for r in refs})))
    return len(views), holders


async def settled_step_views(pilot: Any, *known: Any) -> dict[str, Any]:
    """The step views alive at the end card. A view a pending event still holds for a moment (a drill's
    redraw 0.3 s after its gesture, for one) is not one that stays: above 1, count again a second later.
    What held the others, then and first, goes in the failure's message."""
    first, holders = step_views_alive(*known)
    if first <= 1:
        return {"step_views": first, "step_view_holders": holders}
    later = time.monotonic() + 1.0
    await pilot.until(lambda: time.monotonic() > later, "a second")
    count, still = step_views_alive(*known)
    return {"step_views": count, "step_views_first": first, "step_view_holders": still, "held_first": holders}


def _describe(obj: Any) -> str:
    import types

    if isinstance(obj, types.FrameType):
        return f"frame {obj.f_code.co_name}:{obj.f_lineno}"
    if isinstance(obj, types.CellType):
        return "cell"
    if isinstance(obj, dict):
        return f"dict({', '.join(list(map(str, obj))[:4])})"
    return type(obj).__name__


FONT_ROLES = ("body", "button", "heading", "key", "huge", "nav", "bar")
SAMPLES = {
    "email": "camille@exemple.fr",
    "date": "03/03/1950",
    "phone": "06 12 34 56 78",
    "postcode": "57100",
}


async def press(pilot: Any, action: str) -> None:
    """A finger on the button once the layout around it is done (no layout pending from the button up to
    the window); a button out of view is scrolled to first, by the missing distance, as a finger would.
    Fewer frames than lesson_touch.press: 35 lessons stay within a test's time."""
    for _attempt in range(10):
        await pilot.frames(1)
        button = pilot._maybe(action)
        if button is None or not _settled(button):
            continue
        scroll = button.parent
        while scroll is not None and scroll is not scroll.parent and not isinstance(scroll, ScrollView):
            scroll = scroll.parent
        if isinstance(scroll, ScrollView) and not _in_view(scroll, button):
            _scroll_by(scroll, button)
            continue
        await _touch(pilot, button, scroll if isinstance(scroll, ScrollView) else None)
        return
    await scroll_and_press(pilot, action)


def _settled(widget: Any) -> bool:
    """No layout is waiting to run on ``widget`` or around it (positions are final)."""
    while widget is not None and widget is not widget.parent:
        trigger = getattr(widget, "_trigger_layout", None)
        if trigger is not None and trigger.is_triggered:
            return False
        widget = widget.parent
    return True


def _scroll_by(scroll: Any, button: Any) -> None:
    bottom, top = view_span(scroll)
    _x, low = button.to_window(button.x, button.y)
    _x, high = button.to_window(button.right, button.top)
    dy = (bottom - low) if low < bottom else (top - high)
    _dx, dsy = scroll.convert_distance_to_scroll(0, dy)
    scroll.scroll_y = min(1.0, max(0.0, scroll.scroll_y - dsy))
    scroll.effect_y.value = scroll.effect_y.min + scroll.scroll_y * (
        scroll.effect_y.max - scroll.effect_y.min
    )


def _in_view(scroll: Any, button: Any) -> bool:
    bottom, top = view_span(scroll)
    _x, low = button.to_window(button.x, button.y)
    _x, high = button.to_window(button.right, button.top)
    return bool(bottom <= low and high <= top)


async def _touch(pilot: Any, button: Any, scroll: Any = None) -> None:
    """A still finger down on ``button``'s place, then up. Inside a scroll view the touch goes
    straight to the widgets under it: Kivy's ScrollView holds every click 0.2 s (real time) to tell it from
    a scroll, which would make 35 lessons take minutes; lesson_touch.press keeps testing that path."""
    reset_debounce()
    touch = SyntheticTouch(*button.to_window(*button.center))
    if scroll is None:
        EventLoop._dispatch_input("begin", touch)
        EventLoop._dispatch_input("end", touch)
        return
    content = scroll.children[0]
    touch.scale_for_screen(EventLoop.window.width, EventLoop.window.height)  # window pixels, as the loop does
    touch.push()
    touch.apply_transform_2d(content.parent.to_widget)
    assert content.dispatch("on_touch_down", touch), f"nothing under the finger at {touch.pos}"
    touch.pop()
    for grabbed in list(touch.grab_list):
        widget = grabbed()
        if widget is None:
            continue
        touch.push()
        touch.apply_transform_2d(widget.parent.to_widget)
        touch.grab_current = widget
        widget.dispatch("on_touch_up", touch)
        touch.grab_current = None
        touch.pop()


async def type_quickly(pilot: Any, lesson: Any, text: str) -> None:
    """Type ``text`` key by key on the kiosk keyboard, as lesson_touch.type_keys does, one frame a key."""
    from kiosk.ui.widgets.keyboard import DIGIT_ROWS

    signs = {k for row in DIGIT_ROWS for k in row}
    keyboard = lesson.typing.keyboard
    for char in text:
        if keyboard.digits != (char in signs) and char not in "'-":
            await _touch(pilot, pilot.find("key:digits"))
            await pilot.frames(1)
        if char.isupper() and not keyboard.shift:
            await _touch(pilot, pilot.find("key:shift"))
            await pilot.frames(1)
        await _touch(pilot, pilot.find("key:" + ("space" if char == " " else char.lower())))
        await pilot.frames(1)  # the keyboard redraws (the guided next key): lay it out before the next tap


async def type_into_panel(pilot: Any, lesson: Any, text: str) -> None:
    await pilot.until(lambda: lesson.typing is not None, "keyboard open")
    await to_keys(pilot, lesson.typing)
    before = lesson.typing.value  # a field may hold a text already (« detail »)
    await type_quickly(pilot, lesson, text)
    assert lesson.typing.value == before + text, (lesson.typing.value, before, text)
    await press(pilot, "typing:ok")
    await pilot.until(lambda: lesson.typing is None, "keyboard closed")


async def gesture(pilot: Any, lesson: Any, name: str) -> None:
    await into_view(pilot, lesson.view.phone)
    phone = lesson.view.phone
    cx, cy = phone.to_window(*phone.center)
    far = pilot.app.theme.mm(25)
    if name == "tap":
        await tap_xy(pilot, cx, cy)
    elif name == "long_press":
        await tap_xy(pilot, cx, cy, hold_s=1.0)
    elif name == "swipe_left":
        await tap_xy(pilot, cx + far / 2, cy, to=(cx - far / 2, cy))
    elif name == "swipe_right":
        await tap_xy(pilot, cx - far / 2, cy, to=(cx + far / 2, cy))
    else:
        await tap_xy(pilot, cx, cy - far / 2, to=(cx, cy + far / 2))


async def solve(pilot: Any, lesson: Any, step: Any) -> None:  # noqa: C901 - one branch a type
    """Do what a resident who knows the answer does on this step (nothing on a text step)."""
    kind = step.type
    if kind == "choose_one":
        await press(pilot, f"option:{next(o.id for o in step.options if o.correct)}")
    elif kind == "choose_many":
        for option in step.options:
            if option.correct:
                await press(pilot, f"option:{option.id}")
        await press(pilot, "step:validate")
    elif kind == "checkpoint":
        for question in step.questions:
            await press(pilot, f"option:{next(o.id for o in question.options if o.correct)}")
            await press(pilot, "checkpoint:next")
    elif kind == "tap_target":
        await into_view(pilot, lesson.view.picture)
        await tap_xy(pilot, *lesson.view.zone_point(next(z.id for z in step.zones if z.correct)))
    elif kind == "type_text":
        await press(pilot, "type:field")
        await type_into_panel(pilot, lesson, step.answers[0])
    elif kind == "form_fill":
        for field in step.fields:
            if field.kind == "checkbox":
                if field.required:
                    await press(pilot, f"field:{field.id}")
            elif field.kind == "select":
                if field.expected is not None or field.required:
                    choice = field.options.index(field.expected) if field.expected else 0
                    await press(pilot, f"field:{field.id}:{choice}")
            elif field.expected is not None or field.required:
                await press(pilot, f"field:{field.id}")
                await type_into_panel(pilot, lesson, field.expected or SAMPLES.get(field.kind, "Exemple"))
        await press(pilot, "form:submit")
    elif kind == "spot_the_clues":
        await pilot.frames(3)  # the clue refs are laid out with the text
        for clue in step.clues[: step.min_found]:
            await tap_ref(pilot, lesson, clue.id)
    elif kind == "safe_or_scam":
        for item in step.items:
            await press(pilot, f"message:{item.message.id}")
            await press(pilot, f"sort:{item.answer}")
    elif kind == "order_steps":
        for index in range(len(step.items)):
            await press(pilot, f"order:{index}")
    elif kind == "gesture_drill":
        while not lesson.view.run.finished:
            await gesture(pilot, lesson, lesson.view.run.current)
            await pilot.frames(2)
    elif kind == "guided_sim":
        for n, target in enumerate(step.expect):
            assert lesson.view.run.position == n and lesson.view.run.typing is None, (target, lesson.view.run)
            await press(pilot, f"sim:{target}")
            element = lesson.view.run.element(target)
            if element.kind == "field":
                # Without answers any text is accepted: a filled-in field (« detail ») is just confirmed.
                typed = element.answers[0] if element.answers else ("" if element.detail else "Merci")
                await type_into_panel(pilot, lesson, typed)
    elif kind == "phone_call":
        while not lesson.view.run.finished:
            await press(pilot, f"call:{lesson.view.run.right_reply().id}")
    elif kind == "handout":
        await press(pilot, "lesson:memo")
        await pilot.until(lambda: lesson.memo_state in ("printed", "failed"), "memo printed", timeout=20)


async def open_from_list(pilot: Any, learn: Any, lesson_id: str) -> Any:
    """From « Apprendre », by touch: the lesson's button, else « Tous les thèmes » and its theme first."""
    lesson = pilot.app.screen("lesson")
    await pilot.until(lambda: learn.lessons, "lessons listed")
    await pilot.frames(1)
    if pilot._maybe(f"lesson:{lesson_id}") is None:
        if pilot._maybe("learn:themes") is not None:
            await press(pilot, "learn:themes")
        theme = next(i for i in learn.lessons if i.id == lesson_id).theme or "autres"
        await press(pilot, f"theme:{theme}")
    await press(pilot, f"lesson:{lesson_id}")
    await pilot.until(lambda: pilot.screen().name == "lesson" and lesson.view is not None, "lesson shown")
    return lesson


async def play_all(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """Open « Apprendre », then every lesson of every theme, and play each to its end."""
    out = setup(pilot, args, services)
    app = pilot.app
    shots: dict[str, str] = {}
    layout: list = []
    texts: dict[str, list[str]] = {}
    app.go_home()
    await press(pilot, "home:learn")
    learn = app.screen("learn")
    await pilot.until(lambda: learn.lessons, "lessons listed")
    await shot(pilot, out, "learn_themes", shots, layout, texts)
    await press(pilot, "theme:demarches")
    await shot(pilot, out, "learn_demarches", shots, layout, texts)
    await press(pilot, "learn:themes")
    await press(pilot, "theme:debut")
    await shot(pilot, out, "learn_path", shots, layout, texts)
    played: dict[str, Any] = {}
    by_theme = [item.id for _theme, items in group_by_theme(learn.lessons) for item in items]
    only = args.get("only") or by_theme  # theme after theme, as the list shows them
    await press(pilot, "learn:themes")
    for lesson_id in only:
        started, cpu, frames = time.monotonic(), time.process_time(), Clock.frames_displayed
        lesson = await open_from_list(pilot, learn, lesson_id)
        steps = []
        while not lesson.finished:
            step = lesson.steps[lesson.index]
            step_started = round(time.monotonic() - started, 2)
            if step.id in args.get("shoot_before", {}).get(lesson_id, ()):
                await shot(pilot, out, f"{lesson_id}-{step.id}-before", shots, layout, texts)
            await solve(pilot, lesson, step)
            if step.type == "handout" and (out / "memo.bin").exists():
                (out / "memo.bin").rename(out / f"memo-{lesson_id}.bin")  # the printer's bytes, kept
            view = lesson.view
            if step.id in args.get("shoot", {}).get(lesson_id, ()):
                await shot(pilot, out, f"{lesson_id}-{step.id}", shots, layout, texts)
            steps.append(
                [step.id, step.type, bool(view.solved), bool(view.revealed), view.wrong_count, step_started]
            )
            index = lesson.index
            while True:  # « Suite » turns the step's remaining pages first, then « Suivant » moves on
                page = lesson.page
                await press(pilot, "lesson:next")
                await pilot.until(
                    lambda i=index, p=page, lsn=lesson: lsn.index != i or lsn.finished or lsn.page != p,
                    f"after {step.id}",
                )
                if lesson.index != index or lesson.finished:
                    break
        completed = lesson.progress.summary()["completed"]
        played[lesson_id] = {
            "steps": steps,
            "memo_state": lesson.memo_state,
            "completed": completed,
            "seconds": round(time.monotonic() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
            "frames": Clock.frames_displayed - frames,
            # What the theme holds once the lesson is over: Kivy's observers of its fonts (dead ones
            # stay there until the font changes) and the widgets alive that follow them.
            "font_observers": max(len(app.theme.get_property_observers(f"font_{r}")) for r in FONT_ROLES),
            "font_followers": max(app.theme.followers(f"font_{r}") for r in FONT_ROLES),
        }
        played[lesson_id].update(await settled_step_views(pilot, lesson.view, view))
        for _turn in range(20):  # the end card may have pages of its own before « Suivant » leaves
            page = lesson.page
            await press(pilot, "lesson:next")
            await pilot.until(
                lambda p=page, lsn=lesson: pilot.screen().name == "learn" or lsn.page != p,
                "back to the lessons",
            )
            if pilot.screen().name == "learn":
                break
    return {"played": played, "shots": shots, "layout": layout, "texts": texts}


SCENARIOS = {"play_all": play_all}
