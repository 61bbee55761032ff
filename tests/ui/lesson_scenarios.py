"""Lesson scenarios run by driver.py (registered in scenarios.SCENARIOS): every step type with right and
wrong answers by synthetic touches, read-aloud, « A+ », « Ma fiche » and the resume code (lesson_steps),
and the tap → next step benchmark."""

from __future__ import annotations

from typing import Any

from kivy.base import EventLoop
from lesson_autoplay import play_all
from lesson_touch import (  # noqa: F401 - press is also used by scenarios.py
    inside_view,
    into_view,
    open_keyboard,
    open_lesson,
    press,
    setup,
    shot,
    tap_plain,
    tap_ref,
    tap_xy,
    type_keys,
    verdict,
)
from lesson_touch import (
    next_step as turn_to_next,
)
from pilot import SyntheticTouch

from kiosk.ui.services import Services


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

    async def capture(name: str, at: Any = None) -> None:
        """The step's first page (its feedback is checked apart), or the page where ``at`` starts."""
        await pilot.frames(2)
        lesson.scroll_to(at)
        await pilot.frames(2)
        await shot(pilot, out, f"step_{name}", shots, layout, texts)

    async def next_step() -> None:
        await turn_to_next(pilot, lesson)

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
    await pilot.frames(3)  # the refs are laid out with the text
    await tap_plain(pilot, lesson)
    seen["clues_wrong"] = verdict(lesson)
    await tap_ref(pilot, lesson, "nom")
    seen["clues_found_first"] = list(lesson.view.found)
    seen["clues_speech"] = lesson.view.speech_text()
    seen["clues_screen_speech"] = lesson.speech_text()  # what 🔊 in the top bar reads
    await press(pilot, "step:hint")  # the ladder's last rung: the clues still hidden are underlined
    seen["clues_underlined"] = [t.text.count("[u]") for t in lesson.view.texts]
    await capture("spot_the_clues", at=lesson.view.card)
    await tap_ref(pilot, lesson, "lien")
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
    await capture("guided_sim", at=lesson.view.frame)
    panel = await open_keyboard(pilot, lesson, "sim:recherche")
    keys = [panel.highlighted]  # « guidé »: the next key is lit
    await type_keys(pilot, "cols")
    keys.append(panel.highlighted)
    await capture("sim_typing_panel")
    await press(pilot, "typing:ok")
    seen["sim_typed_wrong"] = verdict(lesson)
    panel = await open_keyboard(pilot, lesson, "sim:recherche")
    seen["sim_reopened_with"] = panel.value
    await press(pilot, "key:erase")
    keys.append(panel.highlighted)
    await type_keys(pilot, "is")
    keys.append(panel.highlighted)
    seen["sim_keys"] = keys
    await press(pilot, "typing:ok")
    await pilot.until(lambda: lesson.view.run.screen == "resultats", "search results")
    seen["sim_field_value"] = lesson.view.run.value("recherche")
    await press(pilot, "sim:msg-faux")
    await pilot.until(lambda: lesson.view.run.screen == "message", "message opened")
    seen["sim_screen_after_first"] = lesson.view.run.screen
    await capture("guided_sim_message")
    # A tempting wrong button explains itself; 🔊 then reads that explanation.
    await press(pilot, "sim:payer")
    seen["sim_feedback"] = verdict(lesson)
    seen["sim_feedback_screen"] = lesson.view.run.screen
    await shot(pilot, out, "step_guided_sim_feedback", shots, layout, texts)
    spoken = app.speaker.spoken
    await press(pilot, "speak")
    await pilot.until(lambda: app.speaker.spoken > spoken, "feedback read aloud", timeout=30)
    seen["sim_feedback_spoken"] = app.speaker.last_text
    await press(pilot, "sim:supprimer")
    seen["sim_right"] = verdict(lesson)
    await next_step()

    await step("appel")
    await press(pilot, "call:paniquer")
    seen["call_wrong"] = verdict(lesson)
    await press(pilot, "call:ecouter")
    seen["call_after_first"] = (lesson.view.run.turn, lesson.view.solved)
    await capture("phone_call", at=lesson.view.phone)
    await press(pilot, "call:raccrocher")
    seen["call_right"] = verdict(lesson)
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

    # « Appeler le conseiller » after the queue's cut-off: no request leaves, the card says why.
    from kiosk.client.port import QueueStatus

    hub = extra["hub"]
    hub.queue = QueueStatus(
        accepting=False, message="Le conseiller ne pourra plus recevoir personne avant 18 h."
    )
    asked = len(hub.asks)
    await press(pilot, "lesson:advisor")
    await pilot.until(lambda: lesson.help_state == "cutoff", "cut-off card", timeout=15)
    await pilot.frames(2)
    seen["advisor_at_cut_off"] = [lesson.help_state, lesson.help_ticket, len(hub.asks) - asked]
    seen["advisor_at_cut_off_texts"] = pilot.texts()
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
        if len(lesson.pages) > 1:
            lesson.show_page(len(lesson.pages) - 1)  # the step's last page: the next tap changes step
            await pilot.frames(2)
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


async def search_sim(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """Lesson 06's web search by touch: type a query with a typo then right, search, tap the paid
    look-alike and the forum (each says why not), then the official .gouv.fr result. Screenshots of each
    screen."""
    out = setup(pilot, args, services)
    shots: dict[str, str] = {}
    layout: list = []
    texts: dict[str, list[str]] = {}
    seen: dict[str, Any] = {}
    lesson = await open_lesson(pilot, "chercher-information")

    async def capture(name: str) -> None:
        """The page where the simulated browser starts (as a resident turns to it)."""
        await pilot.frames(2)
        lesson.scroll_to(lesson.view.frame)
        await pilot.frames(2)
        await shot(pilot, out, name, shots, layout, texts)

    lesson.jump("recherche-sim")
    await pilot.until(lambda: lesson.steps[lesson.index].id == "recherche-sim", "search simulation")
    await capture("search_home")
    await open_keyboard(pilot, lesson, "sim:champ-recherche")
    await type_keys(pilot, "acte")
    await press(pilot, "typing:ok")
    seen["typed_wrong"] = verdict(lesson)
    panel = await open_keyboard(pilot, lesson, "sim:champ-recherche")
    await type_keys(pilot, " de naissance")
    seen["typed"] = panel.value
    await shot(pilot, out, "search_typing", shots, layout, texts)
    await press(pilot, "typing:ok")
    await press(pilot, "sim:rechercher")
    await pilot.until(lambda: lesson.view.run.screen == "resultats", "search results")
    await capture("search_results")
    seen["hints_before"] = lesson.view.hints_shown
    await press(pilot, "sim:res-sosie")
    seen["look_alike"] = verdict(lesson)
    seen["hints_after"] = lesson.view.hints_shown
    await pilot.frames(4)
    seen["feedback_top_in_view"] = inside_view(lesson.ids.scroll, lesson.view.shown_feedback, top_only=True)
    await shot(pilot, out, "search_wrong", shots, layout, texts)
    await press(pilot, "sim:res-forum")  # the second wrong tap: the kiosk now names the target
    seen["forum"] = verdict(lesson)
    await press(pilot, "sim:res-officiel")
    seen["official"] = verdict(lesson)
    seen["screen"] = lesson.view.run.screen
    await capture("search_done")
    return {"seen": seen, "shots": shots, "texts": texts}


SCENARIOS = {
    "play_all": play_all,
    "lesson_steps": lesson_steps,
    "bench_next": bench_next,
    "search_sim": search_sim,
}
