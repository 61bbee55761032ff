"""« Done means », as a scenario run by driver.py: a resident completes three lessons by touch only
(a simulation with typing, typing, spot-the-clues at 100 % and 200 %), hears them, prints « Ma fiche »,
calls the advisor and resumes with the code."""

from __future__ import annotations

from typing import Any

from lesson_touch import (
    inside_view,
    next_step,
    open_keyboard,
    open_lesson,
    point_into_view,
    press,
    setup,
    shot,
    tap_plain,
    tap_ref,
    type_keys,
    verdict,
)

from kiosk.ui.services import Services


async def finish_lesson(pilot: Any, lesson: Any, answers: dict[str, Any]) -> None:
    """Tap through to the end: ``answers`` maps a step id to the coroutine that solves it."""
    while not lesson.finished:
        step_id = lesson.steps[lesson.index].id
        if step_id in answers:
            await answers.pop(step_id)()
        await next_step(pilot, lesson)


async def finish_and_leave(
    pilot: Any, lesson: Any, practice: dict[str, Any], quiz: tuple[str, str], leave: bool = True
) -> None:
    """Solve ``practice`` steps, answer the checkpoint « quiz » right, print « fiche », finish; then back
    to the list of lessons when ``leave``."""
    answers = {
        **practice,
        "quiz": lambda: checkpoint_right(pilot, *quiz),
        "fiche": lambda: print_memo(pilot, lesson),
    }
    await finish_lesson(pilot, lesson, answers)
    if leave:
        for _turn in range(6):  # « Suite » through the end card's pages, then « Les leçons »
            if pilot.screen().name == "learn":
                break
            await press(pilot, "lesson:next")
        await pilot.until(lambda: pilot.screen().name == "learn", "back to the lessons")


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
        await press(pilot, "sim:mairie")
        await press(pilot, "sim:repondre")
        await point_into_view(
            pilot, lambda: pilot.find("sim:texte").to_window(*pilot.find("sim:texte").center)
        )
        await shot(pilot, out, "sim_field", shots, layout, texts)
        panel = await open_keyboard(pilot, lesson, "sim:texte")
        first = panel.highlighted  # « M »: Maj first
        await shot(pilot, out, "sim_keyboard", shots, layout, texts)
        await type_keys(pilot, "Merci")
        seen["sim_keys"] = [first, panel.highlighted]
        await press(pilot, "typing:ok")
        await press(pilot, "sim:envoyer")
        seen["sim"] = lesson.view.solved

    await finish_and_leave(pilot, lesson, {"sim": sim}, ("sup", "non"))

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

    await finish_and_leave(pilot, lesson, {"ecrire": typing}, ("at", "milieu"), leave=False)
    await press(pilot, "text:bigger")  # 200 % → back to 100 %
    seen["scale_after"] = app.theme.text_scale

    # 3. Spot the clues; call the advisor; stop half-way; come back with the code.
    lesson = await open_lesson(pilot, "essai-faux-sms")
    await next_step(pilot, lesson)
    await next_step(pilot, lesson)
    await pilot.until(lambda: lesson.steps[lesson.index].id == "indices", "clues step")
    await press(pilot, "lesson:advisor")
    await pilot.until(lambda: lesson.help_state in ("sent", "queued", "failed"), "advisor called", timeout=15)
    seen["help"] = [lesson.help_state, lesson.help_ticket]
    await shot(pilot, out, "advisor_called", shots, layout, texts)
    await pilot.frames(3)
    await tap_ref(pilot, lesson, "urgent")  # at 100 %
    seen["clue_at_100"] = list(lesson.view.found)
    await press(pilot, "lesson:later")
    code = lesson.resume_code()
    seen["code"] = code
    await pilot.frames(3)
    seen["code_in_view"] = inside_view(lesson.ids.scroll, lesson._code_label)
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
        for _ in range(4):
            await press(pilot, "text:bigger")
        await pilot.until(lambda: app.theme.text_scale == 2.0, "text at 200 %")
        await pilot.frames(3)
        await tap_ref(pilot, lesson, "urgent")  # at 200 %: the words moved, the refs with them
        await point_into_view(pilot, lambda: lesson.view.ref_point("urgent"))
        await shot(pilot, out, "clues_big", shots, layout, texts)
        await tap_plain(pilot, lesson)
        seen["clue_wrong_at_200"] = verdict(lesson)
        await tap_ref(pilot, lesson, "lien")
        seen["clues"] = lesson.view.solved
        await press(pilot, "text:bigger")  # back to 100 %

    await finish_and_leave(pilot, lesson, {"indices": clues}, ("rien", "non"))
    return {"seen": seen, "shots": shots, "layout": layout, "texts": texts}
