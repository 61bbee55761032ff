"""Every step type driven by synthetic touches in a real Kivy window (a wrong answer, then the right one),
with a screenshot snapshot of each and the touch rules measured on the real layout."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import SNAPSHOTS, run_driver
from snapshots import check_snapshot

from kiosk.content.lessons import load_lesson
from kiosk.domain.lesson_steps import STEP_TYPES
from kiosk.domain.progress import find_resume
from kiosk.printing.decode import decode_escpos
from kiosk.speech import wav_seconds

pytestmark = pytest.mark.ui

FIXTURES = Path(__file__).resolve().parent.parent / "steps" / "fixtures" / "etapes"
PARCOURS = FIXTURES.parent / "parcours"
SIZE, WIDTH_MM = (1280, 800), 217.0
SNAPSHOT_STATES = [f"step_{kind}" for kind in STEP_TYPES] + [
    "step_typing_panel",
    "step_sim_typing_panel",
    "step_end",
]


@pytest.fixture(scope="module")
def steps_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("lesson-steps")
    result = run_driver(
        out, scenario="lesson_steps", size=list(SIZE), screen_width_mm=WIDTH_MM, lessons_dir=str(FIXTURES)
    )
    result["out"] = out
    return result


def test_calling_the_advisor_from_a_lesson_honours_the_cut_off(steps_run):
    """The lesson's « Appeler le conseiller » goes through the help flow: past the cut-off, no request."""
    state, ticket, requests_sent = steps_run["seen"]["advisor_at_cut_off"]
    assert (state, ticket, requests_sent) == ("cutoff", "", 0)
    texts = steps_run["seen"]["advisor_at_cut_off_texts"]
    assert "Plus de ticket pour aujourd'hui" in texts
    assert "Le conseiller ne pourra plus recevoir personne avant 18\xa0h." in texts  # French spacing


def test_right_and_wrong_answers_of_every_practice_step(steps_run):
    seen = steps_run["seen"]
    assert seen["choose_one_wrong"] == [False, "Non. Le lien peut être piégé."]
    assert seen["choose_one_hint"] == 1  # the first hint of the ladder came with the wrong answer
    assert seen["choose_one_right"] == [True, "Oui. Vous êtes prudent."]
    assert seen["choose_many_wrong"] == [False, "C'est juste, mais il en manque."]
    assert seen["choose_many_right"][0] is True
    assert seen["tap_wrong"] == [False, "Non, celui-ci efface un message."]
    assert seen["tap_right"] == [True, "Oui, c'est « Écrire »."]
    assert seen["type_wrong"] == [False, "Il manque le @."]
    assert seen["type_right"] == [True, "Bravo !"]  # « Lea@exemple.fr »: the capital L is tolerated
    assert set(seen["form_errors"]) == {"email", "cp", "motif", "accord"}
    assert seen["form_errors_after_fill"] == {"email": "Adresse e-mail invalide. Exemple : nom@exemple.fr"}
    assert seen["form_right"] == [True, "Formulaire bien rempli !"]
    # Spot the clues: taps on the flowing message's words, found from the laid-out markup refs.
    assert seen["clues_wrong"] == [False, "Ce passage n'est pas suspect. Cherchez ailleurs."]
    assert seen["clues_found_first"] == ["nom"]
    assert "AMELl : votre carte expire." in seen["clues_speech"] and "[" not in seen["clues_speech"]
    screen = seen["clues_screen_speech"]  # 🔊 reads the message's words, never its markup or clue ids
    assert "AMELl : votre carte expire." in screen and "[" not in screen and " ref" not in screen
    assert seen["clues_underlined"] == [0, 2]  # last rung of the ladder: the two clues left, underlined
    assert seen["clues_right"] == [True, "Vous avez trouvé 2 indices sur 3."]
    assert seen["clues_found"] == ["nom", "lien"]
    assert seen["sort_wrong"][0] is False and seen["sort_right"][0] is True
    assert seen["order_wrong"] == [False, "Pas encore. Quelle étape vient en numéro 1 ?"]
    assert seen["order_right"][0] is True
    assert seen["gesture_miss"][0] is False
    assert seen["gestures_positions"] == [1, 2, 3, 4]  # tap, long press, swipe left, scroll: each recognised
    assert seen["sim_wrong"] == [False, "Ce n'est pas ici. Cherchez « Rechercher un message »."]
    # The search field is typed into; « guidé » lights the next key: c, then Effacer after a slip, then OK.
    assert seen["sim_keys"] == ["c", "erase", "i", "ok"]
    assert seen["sim_typed_wrong"] == [False, "Pas encore. Vérifiez chaque lettre. Écrivez : colis"]
    assert seen["sim_reopened_with"] == "cols" and seen["sim_field_value"] == "colis"
    assert seen["sim_screen_after_first"] == "message" and seen["sim_right"][0] is True
    # A wrong element with its own feedback says it (then, « guidé », where to look) and moves nothing.
    feedback = "Ne payez pas. C'est une arnaque au colis. Cherchez « Supprimer »."
    assert seen["sim_feedback"] == [False, feedback] and seen["sim_feedback_screen"] == "message"
    shown = [" ".join(t.replace("\xa0", " ").split()) for t in steps_run["texts"]["step_guided_sim_feedback"]]
    assert feedback in shown
    assert feedback in seen["sim_feedback_spoken"].replace("\xa0", " ")  # 🔊 reads the explanation shown
    # A phone call: a wrong reply explains itself; a right one moves on; « Raccrocher » ends it.
    assert seen["call_wrong"] == [False, "Non. Ne donnez rien."]
    assert seen["call_after_first"] == [1, False]
    assert seen["call_right"] == [True, "Oui ! Vous avez raccroché. Bravo, vous avez bien réagi !"]
    assert seen["checkpoint_score"] == [1, False] and seen["review_jump"] == "choose-one"
    assert seen["checkpoint_mastered"] == [2, True]
    verdict, solved, recorded = seen["dont_know"]
    assert verdict[0] is False and "Je ne touche pas le lien." in verdict[1] and solved and recorded


def test_every_practice_screen_says_it_is_fake(steps_run):
    texts = steps_run["texts"]
    for kind in STEP_TYPES:
        practice = kind not in ("explain", "tip", "warning", "recap", "handout")
        shown = "ENTRAÎNEMENT — rien n'est envoyé" in texts[f"step_{kind}"]
        assert shown is practice, kind
        assert "Appeler le conseiller" in texts[f"step_{kind}"]


def test_read_aloud_made_french_audio(steps_run):
    seen = steps_run["seen"]
    assert seen["spoken_text"].startswith("Une boîte mail. Voici une boîte mail.")
    assert seen["spoken_text"].endswith("Une boîte mail avec les boutons Écrire et Supprimer.")  # the alt
    assert "Suivant" not in seen["spoken_text"]  # navigation is not read
    assert 1.0 < wav_seconds(Path(seen["wav"])) < 20


def test_the_memo_was_printed_with_the_recap_links_and_code(steps_run):
    seen = steps_run["seen"]
    assert seen["memo_state"] == "printed"
    printed = decode_escpos((steps_run["out"] / "memo.bin").read_bytes())
    text = " ".join(printed.text.split())
    assert "Je ne donne jamais mes codes." in text and seen["resume_code"] in text
    assert printed.qr == ["https://www.33700.fr", "https://www.cybermalveillance.gouv.fr"]
    lesson, _problems = load_lesson(FIXTURES / "toutes-les-etapes" / "lesson.yaml")
    assert find_resume(seen["resume_code"], [lesson])[0].id == "toutes-les-etapes"


def test_statistics_of_the_run(steps_run):
    summary = steps_run["seen"]["summary"]
    assert summary["completed"] and summary["stopped_at"] is None
    by_id = {s["step_id"]: s for s in summary["steps"]}
    assert by_id["choose-one"]["wrong"] == 1 and by_id["choose-one"]["hints"] == 1
    assert by_id["explain"]["done"] and by_id["form"]["wrong"] == 1
    assert "Zoé" not in str(summary) and "lea@" not in str(summary)  # no typed text


@pytest.mark.parametrize("state", SNAPSHOT_STATES)
def test_snapshot(steps_run, state):
    shot = Path(steps_run["shots"][state])
    problem = check_snapshot(shot, SNAPSHOTS / f"{state}-{SIZE[0]}x{SIZE[1]}.png")
    assert not problem, problem


def test_touch_rules_on_every_step(steps_run):
    px_per_mm = SIZE[0] / WIDTH_MM
    # Under the typing panel the lesson is covered: only the panel's own keys count there.
    rows = [
        r
        for r in steps_run["layout"]
        if not r["state"].endswith("typing_panel")
        or r["kind"] == "label"
        or r["action"].startswith(("key:", "typing:"))
    ]
    problems = []
    buttons = [r for r in rows if r["kind"] == "button" and _visible(r)]
    for r in buttons:
        width, height = r["box"][2] - r["box"][0], r["box"][3] - r["box"][1]
        if not r["in_scroll"] and min(width, height) < 10 * px_per_mm - 1:
            problems.append(
                ("small", r["state"], r["action"], round(width / px_per_mm), round(height / px_per_mm))
            )
    for a, b in itertools.combinations([_visible(r) for r in buttons], 2):
        if a["state"] != b["state"]:
            continue
        dx = max(b["box"][0] - a["box"][2], a["box"][0] - b["box"][2], 0)
        dy = max(b["box"][1] - a["box"][3], a["box"][1] - b["box"][3], 0)
        if max(dx, dy) < 4 * px_per_mm - 1:
            problems.append(("tight", a["state"], a["action"], b["action"]))
    for r in rows:
        if r["kind"] == "label" and not r.get("shorten"):
            width, height = r["box"][2] - r["box"][0], r["box"][3] - r["box"][1]
            if r["texture"][1] > height + 2 or r["texture"][0] > width + 2:
                problems.append(("cut", r["state"], r["text"][:40]))
    assert not problems


def _visible(row):
    if not row["in_scroll"]:
        return row
    box, view = row["box"], row["scroll_box"]
    clipped = [max(box[0], view[0]), max(box[1], view[1]), min(box[2], view[2]), min(box[3], view[3])]
    if clipped[0] >= clipped[2] or clipped[1] >= clipped[3]:
        return None
    return {**row, "box": clipped}


def test_the_schema_knows_every_character_of_the_kiosk_keyboard():
    """kiosk lessons check refuses answers the keyboard cannot type: both lists must agree."""
    from kiosk.domain.lesson_typing import KEYBOARD_CHARS
    from kiosk.ui.widgets.keyboard import DIGIT_ROWS, LETTER_ROWS, SPECIAL

    keys = {k for row in (*LETTER_ROWS, *DIGIT_ROWS) for k in row if k not in SPECIAL}
    assert keys | {k.upper() for k in keys} | {" "} == set(KEYBOARD_CHARS)
