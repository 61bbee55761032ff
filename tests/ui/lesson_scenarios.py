"""Lesson scenarios run by driver.py (registered in scenarios.SCENARIOS): every shipped lesson played
(play_all), lesson 06's web search by touch (search_sim) and the tap → next step benchmark (bench_next).
Every step type's right and wrong answers are tests/ui/test_lessons_steps.py's, on the remote pilot."""

from __future__ import annotations

from typing import Any

from kivy.base import EventLoop
from lesson_autoplay import play_all
from lesson_touch import (
    inside_view,
    open_keyboard,
    open_lesson,
    press,
    setup,
    shot,
    type_keys,
    verdict,
)
from pilot import SyntheticTouch

from kiosk.ui.services import Services


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
    "bench_next": bench_next,
    "search_sim": search_sim,
}
