"""Every shipped lesson, played to its end in one real Kivy window at 800×480 (the 7-inch screen) with the
taps a resident who knows the answers would make: every practice step solved without « Je ne sais pas »,
no wrong answer, « Ma fiche » printed and decoded back to its recap and its QR codes."""

from __future__ import annotations

import pytest
from conftest import run_driver

from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons
from kiosk.domain.lesson_steps import PRACTICE_TYPES, HandoutStep, RecapStep
from kiosk.printing.decode import decode_escpos

pytestmark = pytest.mark.ui

LESSONS = load_lessons(DEFAULT_LESSONS_DIR).lessons
SHOOT = {"faux-appel-faux-sms": ["faux-conseiller"], "fiche-commerce": ["faux-demarchage"]}


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    out = tmp_path_factory.mktemp("play-all")
    result = run_driver(
        out, scenario="play_all", lessons_dir=str(DEFAULT_LESSONS_DIR), shoot=SHOOT, maxfps=0, timeout_s=1500
    )
    result["out"] = out
    return result


def test_learn_lists_the_first_visit_path_and_the_themes(played):
    """« Apprendre »: « Par où commencer ? » and the themes; a theme opens its lessons; a numbered path."""
    from kiosk.domain.lesson_themes import all_themes

    def shown(state: str) -> str:
        return " ".join(" ".join(t.split()) for t in played["texts"][state])

    themes = shown("learn_themes")
    assert "Par où commencer ?" in themes
    assert all(theme.label in themes for theme in all_themes())
    assert "Mon compte ameli" not in themes, "lessons are behind their theme"
    demarches = shown("learn_demarches")
    assert "Mes démarches" in demarches and "Mon compte ameli : attestation et remboursements" in demarches
    path = sorted((lesson for lesson in LESSONS if lesson.first_visit), key=lambda lesson: lesson.first_visit)
    numbered = [f"{n}. {lesson.title}" for n, lesson in enumerate(path, start=1)]
    text = shown("learn_path")
    assert all(title in text for title in numbered), (numbered, text)
    # in the order a resident reads them: from the top of the screen down (window y grows upwards)
    buttons = [r for r in played["layout"] if r["state"] == "learn_path" and r["kind"] == "button"]
    top_of = {" ".join(r["text"].split("\n")[0].split()): r["box"][3] for r in buttons}
    tops = [top_of[title] for title in numbered]
    assert tops == sorted(tops, reverse=True), (numbered, tops)


def test_the_kiosk_does_not_grow_slower_lesson_after_lesson(played):
    """The theme and the lesson screen outlive every step: what a step made must not stay with them. Kivy's
    ``bind`` kept a dead observer per button until « A+ » was pressed, and checked each new one against all
    of them: after 13 lessons, 5,600 of them, and the 13th lesson took 30 s to play instead of 15. And a
    picture's closure bound to the lesson screen kept its step view alive: 3 more views a lesson. At the end
    card one view is left, the one shown (views themselves are counted, not the weak proxies Kivy hands
    out: those, counted too until now, made the count vary from run to run)."""
    runs = played["played"]
    assert max(run["step_views"] for run in runs.values()) <= 1, {
        k: (r["step_views"], r["step_view_holders"], r.get("held_first"))
        for k, r in runs.items()
        if r["step_views"] > 1
    }
    assert max(run["font_observers"] for run in runs.values()) < 50
    # The widgets that follow the fonts are those of the screen shown (a keyboard has 50 keys), not those
    # of every step played.
    assert max(run["font_followers"] for run in runs.values()) < 400, {
        k: r["font_followers"] for k, r in runs.items()
    }


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_lesson_plays_to_its_end_and_prints_its_memo(played, lesson):
    run = played["played"][lesson.id]
    assert run["completed"] is True
    assert [s[0] for s in run["steps"]] == [s.id for s in lesson.steps]
    for step_id, kind, solved, revealed, wrong, _started in run["steps"]:
        if kind in PRACTICE_TYPES:
            assert (solved, revealed, wrong) == (True, False, 0), f"{lesson.id}/{step_id}"
    assert run["memo_state"] == "printed"
    printed = decode_escpos((played["out"] / f"memo-{lesson.id}.bin").read_bytes())
    text = " ".join(printed.text.split())
    for step in lesson.steps:
        if isinstance(step, RecapStep):
            for bullet in step.bullets:
                assert " ".join(bullet.split()) in text, bullet
    handout = next(s for s in lesson.steps if isinstance(s, HandoutStep))
    assert [link.url for link in handout.qr_links] == list(printed.qr)
