"""Every step type driven by synthetic touches in a real Kivy window (a wrong answer, then the right one),
with a screenshot snapshot of each and the touch rules measured on the real layout. Each test opens the
all-steps lesson in a kiosk of its own, goes to its steps with « Suivant » and asserts as it goes
(tests/ui/remote.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import SNAPSHOTS
from journeys import print_memo
from remote import RemoteKiosk
from snapshots import check_snapshot

from kiosk.content.lessons import load_lesson
from kiosk.domain.lesson_steps import STEP_TYPES
from kiosk.domain.progress import find_resume
from kiosk.printing.decode import decode_escpos

pytestmark = pytest.mark.ui

FIXTURES = Path(__file__).resolve().parent.parent / "steps" / "fixtures" / "etapes"
PARCOURS = FIXTURES.parent / "parcours"
LESSON = FIXTURES / "toutes-les-etapes" / "lesson.yaml"
SIZE, WIDTH_MM = (1280, 800), 217.0
SNAPSHOT_STATES = [f"step_{kind}" for kind in STEP_TYPES] + [
    "step_typing_panel",
    "step_sim_typing_panel",
    "step_end",
]


@pytest.fixture
def lesson(kiosk_factory) -> RemoteKiosk:
    """A kiosk on the all-steps lesson, opened on its first step (real speech, « Ma fiche » as ESC/POS)."""
    kiosk = kiosk_factory(size=list(SIZE), screen_width_mm=WIDTH_MM)
    kiosk.memo = Path(kiosk.do("lessons_setup", lessons_dir=str(FIXTURES)))
    kiosk.do("open_lesson", lesson_id="toutes-les-etapes")
    return kiosk


def to_step(kiosk: RemoteKiosk, step_id: str) -> None:
    """« Suivant » (through each step's pages) until the step ``step_id`` shows."""
    for _turn in range(20):
        state = kiosk.probe("lesson")
        if state["step"] == step_id:
            kiosk.frames(2)
            return
        assert not state["finished"], f"the lesson ended before step {step_id}"
        kiosk.do("next_step")
    raise AssertionError(f"step {step_id} never came")


def press(kiosk: RemoteKiosk, *actions: str) -> list:
    """Tap each button (its page turned to first, as a finger would); the step's verdict then."""
    for action in actions:
        kiosk.do("press", action=action)
    return kiosk.probe("lesson")["verdict"]


def capture(kiosk: RemoteKiosk, name: str, rows: list, part: str = "", *, turn: bool = True) -> list[str]:
    """A screenshot ``step_<name>`` of the step's first page (or of the page where its ``part`` starts),
    compared with its snapshot when it has one; its layout rows go to ``rows``. The visible texts."""
    state = f"step_{name}"
    if turn:
        kiosk.do("turn_to", part=part)
    rows.extend(kiosk.layout(state))
    texts = kiosk.texts()
    shot = kiosk.screenshot(state)
    if state in SNAPSHOT_STATES:
        problem = check_snapshot(shot, SNAPSHOTS / f"{state}-{SIZE[0]}x{SIZE[1]}.png")
        assert not problem, problem
    return texts


def test_calling_the_advisor_from_a_lesson_honours_the_cut_off(lesson):
    """The lesson's « Appeler le conseiller » goes through the help flow: past the cut-off, no request."""
    lesson.do("queue_cut_off", message="Le conseiller ne pourra plus recevoir personne avant 18 h.")
    asked = len(lesson.probe("hub_calls"))
    lesson.do("press", action="lesson:advisor")
    lesson.wait_for("lesson", help_state="cutoff", timeout=15)
    lesson.frames(2)
    state, ticket = lesson.probe("lesson")["help"]
    assert (state, ticket, len(lesson.probe("hub_calls")) - asked) == ("cutoff", "", 0)
    texts = lesson.texts()
    assert "Plus de ticket pour aujourd'hui" in texts
    assert "Le conseiller ne pourra plus recevoir personne avant 18\xa0h." in texts  # French spacing


def test_every_practice_screen_says_it_is_fake(lesson):
    kinds = {step.id: step.type for step in load_lesson(LESSON)[0].steps}
    texts = {}
    while not (state := lesson.probe("lesson"))["finished"]:
        lesson.frames(2)
        texts[kinds[state["step"]]] = lesson.texts()
        lesson.do("next_step")
    for kind in STEP_TYPES:
        practice = kind not in ("explain", "tip", "warning", "recap", "handout")
        shown = "ENTRAÎNEMENT — rien n'est envoyé" in texts[kind]
        assert shown is practice, kind
        assert "Appeler le conseiller" in texts[kind]


def test_read_aloud_made_french_audio(lesson):
    rows: list = []
    capture(lesson, "explain", rows)
    lesson.do("press", action="speak")
    heard = lesson.until("heard", after=0, timeout=30)
    assert heard["text"].startswith("Une boîte mail. Voici une boîte mail.")
    assert heard["text"].endswith("Une boîte mail avec les boutons Écrire et Supprimer.")  # the alt
    assert "Suivant" not in heard["text"]  # navigation is not read
    assert 1.0 < heard["seconds"] < 20
    lesson.do("next_step")
    capture(lesson, "tip", rows)
    lesson.do("next_step")
    capture(lesson, "warning", rows)
    assert not touch_problems(rows)


def test_choose_one_and_choose_many(lesson):
    rows: list = []
    to_step(lesson, "choose-one")
    assert press(lesson, "option:clic") == [False, "Non. Le lien peut être piégé."]
    assert lesson.probe("lesson")["hints"] == 1  # the first hint of the ladder came with the wrong answer
    capture(lesson, "choose_one", rows)
    assert press(lesson, "option:rien") == [True, "Oui. Vous êtes prudent."]
    lesson.do("next_step")
    assert press(lesson, "option:urgence", "step:validate") == [False, "C'est juste, mais il en manque."]
    capture(lesson, "choose_many", rows)
    assert press(lesson, "option:codes", "step:validate")[0] is True
    assert not touch_problems(rows)


def test_dont_know_reveals_the_answer(lesson):
    to_step(lesson, "choose-one")
    verdict = press(lesson, "option:dont_know")
    assert verdict[0] is False and "Je ne touche pas le lien." in verdict[1]
    assert lesson.probe("lesson")["solved"]
    steps = {s["step_id"]: s for s in lesson.probe("lesson_summary")["steps"]}
    assert steps["choose-one"]["dont_know"]


def test_tap_target_and_type_text(lesson):
    rows: list = []
    to_step(lesson, "tap-target")
    lesson.do("tap_zone", zone="supprimer")
    assert lesson.probe("lesson")["verdict"] == [False, "Non, celui-ci efface un message."]
    capture(lesson, "tap_target", rows)
    lesson.do("tap_zone", zone="ecrire")
    assert lesson.probe("lesson")["verdict"] == [True, "Oui, c'est « Écrire »."]
    to_step(lesson, "type-text")
    for typed, verdict in (("Lea", [False, "Il manque le @."]), ("@exemple.fr", [True, "Bravo !"])):
        lesson.do("press", action="type:field")
        lesson.until("lesson", keyboard=True)
        lesson.do("type_keys", text=typed)
        if not verdict[0]:
            capture(lesson, "typing_panel", rows)
        assert press(lesson, "typing:ok") == verdict  # « Lea@exemple.fr »: the capital L is tolerated
        if not verdict[0]:
            capture(lesson, "type_text", rows)
    assert not touch_problems(rows)


def test_form_fill(lesson):
    rows: list = []
    to_step(lesson, "form")
    assert press(lesson, "form:submit")[0] is False
    assert set(lesson.probe("lesson")["errors"]) == {"email", "cp", "motif", "accord"}
    capture(lesson, "form_fill", rows)
    for field, value in (("email", "lea@exemple"), ("cp", "57100")):
        type_in(lesson, f"field:{field}", value)
    press(lesson, "field:motif:1", "field:accord")
    assert lesson.probe("lesson")["errors"] == {"email": "Adresse e-mail invalide. Exemple : nom@exemple.fr"}
    type_in(lesson, "field:email", ".fr")
    assert press(lesson, "form:submit") == [True, "Formulaire bien rempli !"]
    assert not touch_problems(rows)


def type_in(kiosk: RemoteKiosk, field: str, text: str) -> None:
    """Tap the field, type ``text`` on the keyboard that opens, then « OK »."""
    kiosk.do("press", action=field)
    kiosk.until("lesson", keyboard=True)
    kiosk.do("type_keys", text=text)
    kiosk.do("press", action="typing:ok")


def test_spot_the_clues(lesson):
    """Taps on the flowing message's words, found from the laid-out markup refs."""
    rows: list = []
    to_step(lesson, "clues")
    lesson.frames(3)  # the refs are laid out with the text
    lesson.do("tap_plain")
    assert lesson.probe("lesson")["verdict"] == [False, "Ce passage n'est pas suspect. Cherchez ailleurs."]
    lesson.do("tap_clue", clue="nom")
    assert lesson.probe("lesson")["found"] == ["nom"]
    spoken = lesson.probe("clue_texts")
    assert "AMELl : votre carte expire." in spoken["step"] and "[" not in spoken["step"]
    screen = spoken["screen"]  # 🔊 reads the message's words, never its markup or clue ids
    assert "AMELl : votre carte expire." in screen and "[" not in screen and " ref" not in screen
    lesson.do("press", action="step:hint")  # last rung of the ladder: the two clues left, underlined
    assert lesson.probe("clue_texts")["underlined"] == [0, 2]
    capture(lesson, "spot_the_clues", rows, part="card")
    lesson.do("tap_clue", clue="lien")
    state = lesson.probe("lesson")
    assert state["verdict"] == [True, "Vous avez trouvé 2 indices sur 3."]
    assert state["found"] == ["nom", "lien"]
    assert not touch_problems(rows)


def test_safe_or_scam_and_order(lesson):
    rows: list = []
    to_step(lesson, "sort")
    assert press(lesson, "sort:fiable")[0] is False
    capture(lesson, "safe_or_scam", rows)
    assert press(lesson, "sort:suspect", "message:media", "sort:fiable")[0] is True
    to_step(lesson, "order")
    assert press(lesson, "order:1") == [False, "Pas encore. Quelle étape vient en numéro 1 ?"]
    capture(lesson, "order_steps", rows)
    assert press(lesson, "order:0", "order:1", "order:2")[0] is True
    assert not touch_problems(rows)


def test_gesture_drill(lesson):
    rows: list = []
    to_step(lesson, "gestures")
    lesson.do("gesture", kind="miss")  # beside the target
    assert lesson.probe("lesson")["verdict"][0] is False
    capture(lesson, "gesture_drill", rows)
    positions = []
    for gesture in ("tap", "long_press", "swipe_left", "scroll"):
        lesson.until("run", current=gesture)
        positions.append(lesson.do("gesture", kind=gesture))
    assert positions == [1, 2, 3, 4]  # tap, long press, swipe left, scroll: each recognised
    assert lesson.probe("lesson")["verdict"][0] is True
    assert not touch_problems(rows)


def test_guided_sim(lesson):
    rows: list = []
    to_step(lesson, "sim")
    assert press(lesson, "sim:msg-vrai") == [False, "Ce n'est pas ici. Cherchez « Rechercher un message »."]
    capture(lesson, "guided_sim", rows, part="frame")
    # The search field is typed into; « guidé » lights the next key: c, then Effacer after a slip, then OK.
    keys = [lesson.do("open_keyboard", action="sim:recherche")]
    lesson.do("type_keys", text="cols")
    keys.append(lesson.probe("lesson")["highlighted"])
    capture(lesson, "sim_typing_panel", rows)
    assert press(lesson, "typing:ok") == [False, "Pas encore. Vérifiez chaque lettre. Écrivez : colis"]
    lesson.do("open_keyboard", action="sim:recherche")
    assert lesson.probe("lesson")["typed"] == "cols"  # reopened with what was typed
    lesson.do("press", action="key:erase")
    keys.append(lesson.probe("lesson")["highlighted"])
    lesson.do("type_keys", text="is")
    keys.append(lesson.probe("lesson")["highlighted"])
    assert keys == ["c", "erase", "i", "ok"]
    lesson.do("press", action="typing:ok")
    lesson.until("run", screen="resultats")
    assert lesson.probe("sim_value", field="recherche") == "colis"
    lesson.do("press", action="sim:msg-faux")
    assert lesson.until("run", screen="message")["screen"] == "message"
    capture(lesson, "guided_sim_message", rows)
    # A wrong element with its own feedback says it (then, « guidé », where to look) and moves nothing.
    feedback = "Ne payez pas. C'est une arnaque au colis. Cherchez « Supprimer »."
    assert press(lesson, "sim:payer") == [False, feedback]
    assert lesson.probe("run")["screen"] == "message"
    texts = capture(lesson, "guided_sim_feedback", rows, turn=False)
    assert feedback in [" ".join(t.replace("\xa0", " ").split()) for t in texts]
    before = lesson.probe("spoken")
    lesson.do("press", action="speak")
    heard = lesson.until("heard", after=before, timeout=30)
    assert feedback in heard["text"].replace("\xa0", " ")  # 🔊 reads the explanation shown
    assert press(lesson, "sim:supprimer")[0] is True
    assert not touch_problems(rows)


def test_phone_call(lesson):
    """A wrong reply explains itself; a right one moves on; « Raccrocher » ends it."""
    rows: list = []
    to_step(lesson, "appel")
    assert press(lesson, "call:paniquer") == [False, "Non. Ne donnez rien."]
    lesson.do("press", action="call:ecouter")
    assert [lesson.probe("run")["turn"], lesson.probe("lesson")["solved"]] == [1, False]
    capture(lesson, "phone_call", rows, part="phone")
    verdict = press(lesson, "call:raccrocher")
    assert verdict == [True, "Oui ! Vous avez raccroché. Bravo, vous avez bien réagi !"]
    assert not touch_problems(rows)


def test_checkpoint_and_its_review(lesson):
    rows: list = []
    to_step(lesson, "checkpoint")
    press(lesson, "option:payer", "checkpoint:next", "option:non", "checkpoint:next")
    run = lesson.probe("run")
    assert [run["score"], run["mastered"]] == [1, False]
    capture(lesson, "checkpoint", rows)
    lesson.do("press", action="step:review")
    assert lesson.until("lesson", step="choose-one")["step"] == "choose-one"
    to_step(lesson, "checkpoint")
    press(lesson, "option:rien", "checkpoint:next", "option:non", "checkpoint:next")
    run = lesson.probe("run")
    assert [run["score"], run["mastered"]] == [2, True]
    assert not touch_problems(rows)


def test_the_memo_was_printed_with_the_recap_links_and_code(lesson):
    rows: list = []
    to_step(lesson, "recap")
    capture(lesson, "recap", rows)
    to_step(lesson, "fiche")
    capture(lesson, "handout", rows)
    print_memo(lesson)
    code = lesson.probe("lesson")["resume_code"]
    printed = decode_escpos(lesson.memo.read_bytes())
    text = " ".join(printed.text.split())
    assert "Je ne donne jamais mes codes." in text and code in text
    assert printed.qr == ["https://www.33700.fr", "https://www.cybermalveillance.gouv.fr"]
    assert find_resume(code, [load_lesson(LESSON)[0]])[0].id == "toutes-les-etapes"
    lesson.do("next_step")
    lesson.until("lesson", finished=True)
    capture(lesson, "end", rows)
    assert not touch_problems(rows)


def test_statistics_of_the_run(lesson):
    to_step(lesson, "choose-one")  # « Suivant » on the explanation: done
    press(lesson, "option:clic")  # a wrong answer, with the first hint
    to_step(lesson, "type-text")
    type_in(lesson, "type:field", "Lea")
    to_step(lesson, "form")
    type_in(lesson, "field:email", "lea@exemple")
    assert press(lesson, "form:submit")[0] is False
    while not lesson.probe("lesson")["finished"]:
        lesson.do("next_step")
    summary = lesson.probe("lesson_summary")
    assert summary["completed"] and summary["stopped_at"] is None
    by_id = {s["step_id"]: s for s in summary["steps"]}
    assert by_id["choose-one"]["wrong"] == 1 and by_id["choose-one"]["hints"] == 1
    assert by_id["explain"]["done"] and by_id["form"]["wrong"] == 1
    text = str(summary)
    assert "Zoé" not in text and "Lea" not in text and "lea@" not in text  # no typed text


def touch_problems(rows: list[dict]) -> list:
    """Targets ≥ 10 mm and 4 mm apart, no text cut, on the screenshots' layouts. Under the typing panel
    the lesson is covered: only the panel's own keys count there."""
    assert rows
    px_per_mm = SIZE[0] / WIDTH_MM
    rows = [
        r
        for r in rows
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
    return problems


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
