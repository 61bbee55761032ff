"""Lesson scenarios run by driver.py (registered in scenarios.SCENARIOS): every step type with right and
wrong answers by synthetic touches, read-aloud, « A+ », « Ma fiche » and the resume code."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from kivy.base import EventLoop
from pilot import SyntheticTouch

from kiosk.ui.services import PrinterHandle, Services

HERE = Path(__file__).resolve().parent


def setup(pilot: Any, args: dict[str, Any], services: Services) -> Path:
    """Lessons from ``args["lessons_dir"]``, speech cached in the run's folder, a printer writing ESC/POS
    bytes to ``memo.bin`` (the real printer seam)."""
    from kiosk.printing import open_printer
    from kiosk.speech import Speech
    from kiosk.ui.speaker import Speaker

    out = Path(args["out_dir"])
    services.lessons_dir = Path(args["lessons_dir"])
    config = services.config
    pilot.app.speaker = Speaker(Speech(config.speech, out / "speech"), pilot.app.worker)
    printer_config = config.printer.model_copy(update={"uri": f"file:{out / 'memo.bin'}", "timeout_s": 3})
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
    if isinstance(parent, ScrollView):
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


async def into_view(pilot: Any, widget: Any) -> None:
    """Scroll the lesson so ``widget`` is fully visible (coordinate taps need it on screen)."""
    lesson = pilot.app.screen("lesson")
    lesson.ids.scroll.scroll_to(widget, padding=0, animate=False)
    await pilot.frames(3)


def verdict(lesson: Any) -> tuple[bool | None, str]:
    v = lesson.view.verdict if lesson.view is not None else None
    return (None, "") if v is None else (v.ok, v.message)


async def shot(pilot: Any, out: Path, name: str, shots: dict[str, str], layout: list, texts: dict) -> None:
    await pilot.frames(3)
    layout.extend(pilot.layout(name))
    texts[name] = pilot.texts()
    shots[name] = await pilot.screenshot(out / f"{name}.png")


async def lesson_steps(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """Walk the all-steps fixture: for each step a wrong answer (screenshot), then the right one."""
    out = setup(pilot, args, services)
    app = pilot.app
    seen: dict[str, Any] = {}
    shots: dict[str, str] = {}
    layout: list = []
    texts: dict[str, list[str]] = {}
    lesson = await open_lesson(pilot, "toutes-les-etapes")

    async def step(step_id: str) -> None:
        await pilot.until(lambda: lesson.steps[lesson.index].id == step_id, f"step {step_id}")
        await pilot.frames(2)

    async def capture(name: str) -> None:
        lesson.ids.scroll.scroll_y = 1  # the step as it first appears (its feedback is checked apart)
        await shot(pilot, out, f"step_{name}", shots, layout, texts)

    async def next_step() -> None:
        index = lesson.index
        await press(pilot, "lesson:next")
        await pilot.until(lambda: lesson.index == index + 1 or lesson.finished, "next step")

    await step("explain")
    await capture("explain")
    await press(pilot, "speak")
    await pilot.until(lambda: app.speaker.spoken >= 1, "read aloud", timeout=30)
    seen["spoken_text"] = app.speaker.last_text
    seen["wav"] = str(app.speaker.last_wav)
    await next_step()
    await capture("tip")
    await next_step()
    await capture("warning")
    await next_step()

    await step("choose-one")
    await press(pilot, "option:clic")
    seen["choose_one_wrong"] = verdict(lesson)
    seen["choose_one_hint"] = lesson.view.hints_shown
    await capture("choose_one")
    await press(pilot, "option:rien")
    seen["choose_one_right"] = verdict(lesson)
    await next_step()

    await press(pilot, "option:urgence")
    await press(pilot, "step:validate")
    seen["choose_many_wrong"] = verdict(lesson)
    await capture("choose_many")
    await press(pilot, "option:codes")
    await press(pilot, "step:validate")
    seen["choose_many_right"] = verdict(lesson)
    await next_step()

    await step("tap-target")
    await into_view(pilot, lesson.view.picture)
    await tap_xy(pilot, *lesson.view.zone_point("supprimer"))
    seen["tap_wrong"] = verdict(lesson)
    await capture("tap_target")
    await into_view(pilot, lesson.view.picture)
    await tap_xy(pilot, *lesson.view.zone_point("ecrire"))
    seen["tap_right"] = verdict(lesson)
    await next_step()

    await step("type-text")
    await press(pilot, "type:field")
    await pilot.until(lambda: lesson.typing is not None, "keyboard open")
    await type_keys(pilot, "Lea")
    await capture("typing_panel")
    await press(pilot, "typing:ok")
    seen["type_wrong"] = verdict(lesson)
    await capture("type_text")
    await press(pilot, "type:field")
    await pilot.until(lambda: lesson.typing is not None, "keyboard open again")
    await type_keys(pilot, "@exemple.fr")
    await press(pilot, "typing:ok")
    seen["type_right"] = verdict(lesson)
    await next_step()

    await step("form")
    await press(pilot, "form:submit")
    seen["form_wrong"] = verdict(lesson)
    seen["form_errors"] = dict(lesson.view.errors)
    await capture("form_fill")
    for field, value in (("email", "lea@exemple"), ("cp", "57100")):
        await press(pilot, f"field:{field}")
        await pilot.until(lambda: lesson.typing is not None, "keyboard")
        await type_keys(pilot, value)
        await press(pilot, "typing:ok")
    await press(pilot, "field:motif:1")
    await press(pilot, "field:accord")
    seen["form_errors_after_fill"] = dict(lesson.view.errors)
    await press(pilot, "field:email")
    await pilot.until(lambda: lesson.typing is not None, "keyboard")
    await type_keys(pilot, ".fr")
    await press(pilot, "typing:ok")
    await press(pilot, "form:submit")
    seen["form_right"] = verdict(lesson)
    await next_step()

    await step("clues")
    await press(pilot, "piece:0")
    seen["clues_wrong"] = verdict(lesson)
    await press(pilot, "piece:nom")
    await capture("spot_the_clues")
    await press(pilot, "piece:lien")
    seen["clues_right"] = verdict(lesson)
    seen["clues_found"] = list(lesson.view.found)
    await next_step()

    await press(pilot, "sort:fiable")
    seen["sort_wrong"] = verdict(lesson)
    await capture("safe_or_scam")
    await press(pilot, "sort:suspect")
    await press(pilot, "message:media")
    await press(pilot, "sort:fiable")
    seen["sort_right"] = verdict(lesson)
    await next_step()

    await step("order")
    await press(pilot, "order:1")
    seen["order_wrong"] = verdict(lesson)
    await capture("order_steps")
    for index in range(3):
        await press(pilot, f"order:{index}")
    seen["order_right"] = verdict(lesson)
    await next_step()

    await step("gestures")
    await into_view(pilot, lesson.view.phone)
    phone = lesson.view.phone
    corner = phone.to_window(phone.x + phone.width * 0.15, phone.y + phone.height * 0.12)
    await tap_xy(pilot, *corner)  # a miss, beside the target
    seen["gesture_miss"] = verdict(lesson)
    await capture("gesture_drill")
    gestures = []
    for gesture in ("tap", "long_press", "swipe_left", "scroll"):
        await pilot.until(
            lambda g=gesture: lesson.view.run.current == g, f"asked {gesture}; done so far {gestures}"
        )
        await into_view(pilot, lesson.view.phone)
        phone = lesson.view.phone
        cx, cy = phone.to_window(*phone.center)
        far = app.theme.mm(25)
        if gesture == "tap":
            await tap_xy(pilot, cx, cy)
        elif gesture == "long_press":
            await tap_xy(pilot, cx, cy, hold_s=1.0)
            await pilot.until(lambda old=phone: lesson.view.phone is not old, "the phone lit, then redrawn")
        elif gesture == "swipe_left":
            await tap_xy(pilot, cx + far / 2, cy, to=(cx - far / 2, cy))
        else:
            await tap_xy(pilot, cx, cy - far / 2, to=(cx, cy + far / 2))
        gestures.append(lesson.view.run.position)
    seen["gestures_positions"] = gestures
    seen["gesture_right"] = verdict(lesson)
    await next_step()

    await step("sim")
    await press(pilot, "sim:msg-vrai")
    seen["sim_wrong"] = verdict(lesson)
    await capture("guided_sim")
    await press(pilot, "sim:msg-faux")
    await pilot.until(lambda: lesson.view.run.screen == "message", "message opened")
    seen["sim_screen_after_first"] = lesson.view.run.screen
    await capture("guided_sim_message")
    await press(pilot, "sim:supprimer")
    seen["sim_right"] = verdict(lesson)
    await next_step()

    await capture("recap")
    await next_step()

    await step("checkpoint")
    await press(pilot, "option:payer")
    await press(pilot, "checkpoint:next")
    await press(pilot, "option:non")
    await press(pilot, "checkpoint:next")
    seen["checkpoint_score"] = (lesson.view.run.score, lesson.view.run.mastered)
    await capture("checkpoint")
    await press(pilot, "step:review")
    await pilot.until(lambda: lesson.steps[lesson.index].id == "choose-one", "review jump")
    seen["review_jump"] = lesson.steps[lesson.index].id
    lesson.show(next(i for i, s in enumerate(lesson.steps) if s.id == "checkpoint"))
    await press(pilot, "option:rien")
    await press(pilot, "checkpoint:next")
    await press(pilot, "option:non")
    await press(pilot, "checkpoint:next")
    seen["checkpoint_mastered"] = (lesson.view.run.score, lesson.view.run.mastered)
    await next_step()

    await step("fiche")
    await capture("handout")
    await press(pilot, "lesson:memo")
    await pilot.until(lambda: lesson.memo_state in ("printed", "failed"), "memo printed", timeout=20)
    seen["memo_state"] = lesson.memo_state
    seen["resume_code"] = lesson.resume_code()
    await next_step()
    await pilot.until(lambda: lesson.finished, "finished")
    await capture("end")
    seen["summary"] = lesson.progress.summary()

    # « Je ne sais pas » on a fresh question reveals the answer.
    lesson.show(3)
    await press(pilot, "option:dont_know")
    seen["dont_know"] = (verdict(lesson), lesson.view.solved, lesson.progress.record(3).dont_know)
    return {"seen": seen, "shots": shots, "layout": layout, "texts": texts}


async def finish_lesson(pilot: Any, lesson: Any, answers: dict[str, Any]) -> None:
    """Tap through to the end: ``answers`` maps a step id to the coroutine that solves it."""
    while not lesson.finished:
        step_id = lesson.steps[lesson.index].id
        if step_id in answers:
            await answers.pop(step_id)()
        index = lesson.index
        await press(pilot, "lesson:next")
        await pilot.until(lambda i=index: lesson.index != i or lesson.finished, f"after {step_id}")


async def checkpoint_right(pilot: Any, first: str, second: str) -> None:
    await press(pilot, f"option:{first}")
    await press(pilot, "checkpoint:next")
    await press(pilot, f"option:{second}")
    await press(pilot, "checkpoint:next")


async def print_memo(pilot: Any, lesson: Any) -> None:
    await press(pilot, "lesson:memo")
    await pilot.until(lambda: lesson.memo_state in ("printed", "failed"), "memo printed", timeout=20)
    assert lesson.memo_state == "printed", lesson.memo_message


async def done_means(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """A resident, by touch only: three lessons (simulation, typing, spot-the-clues), read aloud, A+,
    « Ma fiche », « Appeler le conseiller », then « Continuer plus tard » and the code at the kiosk."""
    out = setup(pilot, args, services)
    app = pilot.app
    seen: dict[str, Any] = {}
    shots: dict[str, str] = {}
    layout: list = []
    texts: dict[str, list[str]] = {}
    await pilot.until(lambda: app.hub_state == "ready", "hub ready")

    # 1. The simulation, heard aloud.
    lesson = await open_lesson(pilot, "essai-boite-mail")
    await press(pilot, "speak")
    await pilot.until(lambda: app.speaker.spoken >= 1, "read aloud", timeout=30)
    seen["spoken"] = [app.speaker.last_text, str(app.speaker.last_wav)]

    async def sim() -> None:
        await press(pilot, "sim:colis")
        await press(pilot, "sim:supprimer")
        seen["sim"] = lesson.view.solved

    await finish_lesson(
        pilot,
        lesson,
        {
            "sim": sim,
            "quiz": lambda: checkpoint_right(pilot, "sup", "non"),
            "fiche": lambda: print_memo(pilot, lesson),
        },
    )
    await press(pilot, "lesson:next")
    await pilot.until(lambda: pilot.screen().name == "learn", "back to the lessons")

    # 2. Typing, with the text at 200 %.
    lesson = await open_lesson(pilot, "essai-ecrire-adresse")
    for _ in range(4):
        await press(pilot, "text:bigger")
    seen["scale"] = app.theme.text_scale
    await shot(pilot, out, "big_text", shots, layout, texts)

    async def typing() -> None:
        await press(pilot, "type:field")
        await pilot.until(lambda: lesson.typing is not None, "keyboard")
        await type_keys(pilot, "zoe@exemple.fr")  # without the accent: the lesson allows it
        await press(pilot, "typing:ok")
        seen["typed"] = lesson.view.solved
        await shot(pilot, out, "big_text_typed", shots, layout, texts)

    await finish_lesson(
        pilot,
        lesson,
        {
            "ecrire": typing,
            "quiz": lambda: checkpoint_right(pilot, "at", "milieu"),
            "fiche": lambda: print_memo(pilot, lesson),
        },
    )
    await press(pilot, "text:bigger")  # 200 % → back to 100 %
    seen["scale_after"] = app.theme.text_scale

    # 3. Spot the clues; call the advisor; stop half-way; come back with the code.
    lesson = await open_lesson(pilot, "essai-faux-sms")
    await press(pilot, "lesson:next")
    await press(pilot, "lesson:next")
    await pilot.until(lambda: lesson.steps[lesson.index].id == "indices", "clues step")
    await press(pilot, "lesson:advisor")
    await pilot.until(lambda: lesson.help_state in ("sent", "queued", "failed"), "advisor called", timeout=15)
    seen["help"] = [lesson.help_state, lesson.help_ticket]
    await shot(pilot, out, "advisor_called", shots, layout, texts)
    await press(pilot, "piece:urgent")
    await press(pilot, "lesson:later")
    code = lesson.resume_code()
    seen["code"] = code
    await shot(pilot, out, "later", shots, layout, texts)
    await press(pilot, "nav:home")
    await pilot.until(lambda: pilot.screen().name == "home", "home")
    seen["after_home"] = [lesson.lesson is None, app.theme.text_scale]
    await press(pilot, "home:learn")
    await pilot.until(lambda: app.screen("learn").lessons, "lessons listed")
    await press(pilot, "learn:code")
    code_screen = app.screen("lesson_code")
    for char in "ZZZZZZ":
        await press(pilot, f"code:{char}")
    await press(pilot, "code:validate")
    seen["bad_code"] = code_screen.message
    await shot(pilot, out, "code_wrong", shots, layout, texts)
    await press(pilot, "code:retry")
    for _ in range(6):
        await press(pilot, "code:erase")
    for char in code.replace("-", ""):
        await press(pilot, f"code:{char}")
    await shot(pilot, out, "code_typed", shots, layout, texts)
    await press(pilot, "code:validate")
    await pilot.until(lambda: pilot.screen().name == "lesson" and lesson.view is not None, "lesson reopened")
    seen["resumed_at"] = lesson.steps[lesson.index].id

    async def clues() -> None:
        await press(pilot, "piece:urgent")
        await press(pilot, "piece:lien")
        seen["clues"] = lesson.view.solved

    await finish_lesson(
        pilot,
        lesson,
        {
            "indices": clues,
            "quiz": lambda: checkpoint_right(pilot, "rien", "non"),
            "fiche": lambda: print_memo(pilot, lesson),
        },
    )
    await press(pilot, "lesson:next")
    await pilot.until(lambda: pilot.screen().name == "learn", "back to the lessons")
    return {"seen": seen, "shots": shots, "layout": layout, "texts": texts}


async def bench_next(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """make bench: frames and milliseconds from the finger lifted on « Suivant » to the next step drawn."""
    import time

    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.ui.widgets.big_button import reset_debounce

    setup(pilot, args, services)
    lesson = await open_lesson(pilot, "toutes-les-etapes")
    flips: list[tuple[int, int, float]] = []  # (frame number, step index shown, time) of every flip
    Window.bind(on_flip=lambda *_a: flips.append((Clock.frames_displayed, lesson.index, time.perf_counter())))
    frames, millis = [], []
    for _ in range(len(lesson.steps) - 1):
        button = pilot.find("lesson:next")
        reset_debounce()  # the test clock stands still: every tap would look like a double tap
        x, y = button.to_window(*button.center)
        touch = SyntheticTouch(x, y)
        EventLoop._dispatch_input("begin", touch)
        await pilot.frames(1)
        index, before = lesson.index, Clock.frames_displayed
        flips.clear()
        started = time.perf_counter()
        EventLoop._dispatch_input("end", touch)
        await pilot.until(lambda i=index: any(f[1] != i for f in flips), "next step drawn")
        shown = next(f for f in flips if f[1] != index)
        frames.append(shown[0] - before)  # the counter moves on (tick_draw) just before on_flip
        millis.append(shown[2] - started)
        await pilot.frames(2)
    return {"frames": frames, "millis": [round(m * 1000, 1) for m in millis]}


SCENARIOS = {"lesson_steps": lesson_steps, "done_means": done_means, "bench_next": bench_next}
