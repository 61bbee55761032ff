"""Lesson 06 (chercher-information): the resident types a web search with tolerant matching, then must
pick the official .gouv.fr result among an advert, a paid look-alike and a forum — checked on the lesson
data and by synthetic touches in a real Kivy window (tests/ui/lesson_scenarios.py « search_sim »)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons
from kiosk.domain.lesson_steps import GuidedSimStep, TapTargetStep
from kiosk.domain.step_logic import SimRun

LESSON = next(x for x in load_lessons(DEFAULT_LESSONS_DIR).lessons if x.id == "chercher-information")
SIM = next(s for s in LESSON.steps if isinstance(s, GuidedSimStep))
UI = Path(__file__).resolve().parents[1] / "ui"


def _results_screen_run() -> SimRun:
    run = SimRun(SIM)
    assert run.tap("champ-recherche") and run.type_into("acte de naissance").ok
    assert run.tap("rechercher") and run.screen == "resultats"
    return run


@pytest.mark.parametrize(
    "typed", ["Acte de naissance", "ACTE  DE NAISSANCE ", "acte naissance", "demander un acte de naissance"]
)
def test_a_search_is_accepted_whatever_the_case_and_spaces(typed):
    run = SimRun(SIM)
    assert run.tap("champ-recherche")
    assert run.type_into(typed).ok
    assert run.target == "rechercher"


@pytest.mark.parametrize(
    ("typed", "message"),
    [("acte", "Écrivez aussi le mot naissance."), ("naissance", "Écrivez aussi le mot acte.")],
)
def test_a_half_search_says_which_word_is_missing(typed, message):
    run = SimRun(SIM)
    run.tap("champ-recherche")
    verdict = run.type_into(typed)
    assert not verdict.ok and verdict.message == message and run.target == "champ-recherche"


def test_only_the_official_gouv_fr_result_opens_the_page():
    run = _results_screen_run()
    results = {e.id: e for s in SIM.screens if s.id == "resultats" for e in s.elements}
    wrong = [i for i in results if i != "res-officiel"]
    assert len(wrong) == 3 and results["res-officiel"].label.endswith(".gouv.fr")
    assert any("Annonce" in results[i].label for i in wrong)
    assert any("€" in results[i].detail for i in wrong if "Annonce" not in results[i].label)
    for choice in wrong:
        assert not run.tap(choice) and run.screen == "resultats"
    assert run.tap("res-officiel") and run.finished and run.screen == "demarche"


def test_each_wrong_result_of_the_picture_has_its_own_feedback():
    step = next(s for s in LESSON.steps if isinstance(s, TapTargetStep) and "recherche" in s.image)
    wrong = [z for z in step.zones if not z.correct]
    assert {z.id for z in wrong} == {"annonce", "sosie", "forum"}
    assert len({z.feedback for z in wrong}) == 3
    assert [z.id for z in step.zones if z.correct] == ["officiel"]


@pytest.mark.ui
def test_a_resident_searches_and_picks_the_official_site_by_touch(tmp_path):
    sys.path.insert(0, str(UI))
    from driver import run_child

    result = run_child(
        tmp_path / "driver",
        {
            "scenario": "search_sim",
            "lessons_dir": str(DEFAULT_LESSONS_DIR),
            "size": [800, 480],
            "screen_width_mm": 154.0,
        },
    )
    seen = result["seen"]
    assert seen["typed_wrong"] == [False, "Écrivez aussi le mot naissance."]
    assert seen["typed"] == "acte de naissance"
    # Each wrong result says why (autonomous mode: the target is named after the second wrong tap);
    # every wrong tap still brings the next hint of the ladder.
    assert seen["look_alike"] == [False, "Ce site finit par .info, pas par gouv.fr. Il fait payer."]
    assert seen["hints_after"] == seen["hints_before"] + 1
    assert seen["feedback_top_in_view"] is True  # « Pas encore. » visible, even when the card is tall
    assert seen["forum"] == [
        False,
        "C'est un forum. Des inconnus y donnent leur avis. Cherchez « www.service-public.gouv.fr ».",
    ]
    assert "Ce site finit par .info, pas par gouv.fr. Il fait payer." in result["texts"]["search_wrong"]
    assert seen["official"] == [True, "Vous êtes sur le site officiel. La demande est gratuite."]
    assert seen["screen"] == "demarche"
    assert any("ENTRAÎNEMENT" in t for t in result["texts"]["search_home"])
