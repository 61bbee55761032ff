"""The kiosk speaks and enlarges everywhere: 🔊 and « A+ » on home, the first-name screen, the lesson's
typing panel and the resume-code screen (no overlap or cut text at 100 % and 200 % on the 7-inch
display), the inactivity question said aloud and silenced by a tap, « C'est à vous ! » with chime and
voice (repeated once, and on « Rappeler »), and the help ticket that did not print shown on screen
with a QR code a phone can read. Real Kivy window, real espeak-ng audio, driven from each test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SIZES
from journeys import ask_for_help
from test_layout import cut_texts, outside, overlaps, small_targets, tight_gaps

from kiosk.ui.theme import BODY_MM
from kiosk.ui.widgets.ticket_views import call_speech

pytestmark = [
    pytest.mark.ui,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]
SIZE = (800, 480)
NAME_HINT = "Écrivez votre prénom.\nC'est facultatif."  # why the first name, and that it is optional


@pytest.fixture
def speaking(kiosk_factory):
    """A kiosk on fakes with real espeak-ng speech, its hub ready."""
    kiosk = kiosk_factory(poll_interval_s=0.3, print_fallback_s=2.0)
    kiosk.do("speech")
    kiosk.until("hub_ready")
    return kiosk


@pytest.fixture
def lessons(speaking):
    """The same, with the test lessons (tests/lessons/parcours)."""
    from test_lessons_steps import PARCOURS

    speaking.do("lessons_setup", lessons_dir=str(PARCOURS))
    return speaking


def real_audio(heard: dict) -> str:
    """The words of ``heard`` (the ``heard`` probe), once its audio is a real WAV file."""
    assert heard["wav"].endswith(".wav") and Path(heard["wav"]).is_file()
    assert heard["seconds"] > 1.0, heard  # real audio, not an empty file
    return heard["text"]


def say(kiosk, action: str = "speak") -> str:
    """Tap 🔊 (``action``) and wait until its audio is made and handed to the sound card; what it said."""
    before = kiosk.probe("spoken")
    kiosk.tap(action)
    return real_audio(kiosk.until("heard", after=before, timeout=30))


def clean(rows: list[dict], state: str) -> set[str]:
    """The actions of the buttons in ``rows``, which keep the touch rules on the 7-inch display."""
    px_per_mm = SIZE[0] / SIZES[SIZE]
    assert rows, state
    assert not small_targets(rows, px_per_mm)
    assert not tight_gaps(rows, px_per_mm)
    assert not outside(rows, SIZE)
    assert not cut_texts(rows)  # widths and heights: key letters fit their keys at 200 % too
    assert not overlaps(rows)
    return {r["action"] for r in rows if r["kind"] == "button"}


def bigger(kiosk, taps: int, scale: float) -> None:
    for _ in range(taps):
        kiosk.tap("text:bigger")
    kiosk.until("text_scale", wanted=scale)


def test_home_reads_aloud_and_its_text_really_doubles(speaking):
    home = speaking.layout("home")
    assert {"speak", "text:bigger"} <= clean(home, "home")
    said = say(speaking)
    assert "Touchez ce que vous voulez faire." in said and "Demander de l'aide" in said

    bigger(speaking, 4, 2.0)  # « A+ » four times is 200 %
    home_200 = speaking.layout("home_200")
    assert {"speak", "text:bigger"} <= clean(home_200, "home_200")

    def height(rows):
        return next(r["texture"][1] for r in rows if r["text"].startswith("Touchez ce que"))

    assert height(home_200) >= 1.9 * height(home)  # the words grew (two lines, or twice as tall)
    texts = speaking.texts()
    assert "Apprendre" in texts and "Demander de l'aide" in texts
    # The three tiles need no scrolling, even at 200 % on 7 inches.
    tiles = [r for r in home_200 if r["action"] in ("home:learn", "home:help", "home:agenda")]
    assert sorted(r["action"] for r in tiles) == ["home:agenda", "home:help", "home:learn"]
    for tile in tiles:
        x0, y0, x1, y1 = tile["box"]
        assert x0 >= 0 and y0 >= 0 and x1 <= SIZE[0] and y1 <= SIZE[1], tile


def test_the_name_screen_at_200_reads_its_instructions_without_the_name(speaking):
    bigger(speaking, 4, 2.0)
    speaking.tap("home:help")
    speaking.tap("topic:papiers")
    speaking.tap("needs:continue")
    speaking.wait_screen("help_name")
    # On the 7-inch screen at 200 % the instruction has its own page first, with 🔊, A+ and « Écrire ».
    assert speaking.keyboard_stage() == "instruction"
    page = clean(speaking.layout("help_name_page_200"), "help_name_page_200")
    assert {"speak", "text:bigger", "help:write", "help:no_name"} <= page
    assert NAME_HINT in speaking.texts()
    speaking.type("Zoé")  # « Écrire », then the keys
    speaking.wait_for("help_name", name_text="Zoé")
    assert speaking.probe("text_scale") == 2.0  # « A+ » holds for the whole session
    assert {"speak", "text:bigger"} <= clean(speaking.layout("help_name_200"), "help_name_200")

    said = say(speaking)  # the instructions and the count of letters, not the name
    assert "Écrivez votre prénom" in said and "3 lettres" in said and "Valider" in said
    assert "facultatif" in said and "conseiller" in said  # why, and that it is optional
    assert "Zoé" not in said and "Zo" not in said

    bigger(speaking, 1, 1.0)  # after 200 %: back to 100 %, still typing
    assert {"speak", "text:bigger"} <= clean(speaking.layout("help_name_100"), "help_name_100")
    speaking.tap("nav:back")  # « Retour »: the instruction's own page again, the name kept
    assert speaking.keyboard_stage() == "instruction"
    assert NAME_HINT in speaking.texts()
    assert speaking.read("help_name", "name_text") == "Zoé"


def test_the_idle_question_is_said_then_silenced_by_a_tap(speaking):
    idle_s, _answer_s = speaking.probe("idle_timeouts")
    ask_for_help(speaking, "Zoé")
    before = speaking.probe("spoken")
    speaking.advance(idle_s + 1)
    speaking.until("overlay")
    heard = speaking.until("heard", after=before, saying="toujours là", timeout=30)
    said = real_audio(heard)
    assert said.startswith("Êtes-vous toujours là ?") and "Je continue" in said
    assert heard["playing"]  # handed to the sound card: what the tap must stop

    speaking.tap("idle:continue")
    speaking.until("overlay", shown=False)
    after = speaking.probe("heard")
    assert after["asked"] > heard["asked"] and not after["playing"]  # the reading was stopped

    # [speech] enabled = false: the question shows, nothing is said.
    speaking.do("speech", on=False)
    speaking.advance(idle_s + 1)
    speaking.until("overlay")
    assert "Êtes-vous toujours là\u00a0?" in speaking.texts()
    speaking.frames(10)
    assert speaking.probe("spoken") == 0
    speaking.tap("idle:continue")
    speaking.until("overlay", shown=False)


def test_the_call_is_chimed_and_said_again_once_and_on_recall(speaking):
    ask_for_help(speaking, "Zoé")
    speaking.set("help_ticket", call_repeat_s=3.0)
    speaking.tap("help:validate")
    speaking.wait_for("help_ticket", state="ticket", print_state="printed")
    plays, before = speaking.probe("chime_plays"), speaking.probe("spoken")

    speaking.do("fake_hub", status="called")
    speaking.wait_for("help_ticket", state="called")
    said = real_audio(speaking.until("heard", after=before, saying=call_speech("P07"), timeout=30))
    assert said == "C'est à vous ! Numéro P 7. Allez voir le conseiller."
    assert not any("Zoé" in t for t in speaking.texts())
    speaking.wait_for("help_ticket", announcements=2, timeout=15)  # said again once

    speaking.do("fake_hub", recall_count=1)  # the advisor presses « Rappeler »
    speaking.wait_for("help_ticket", announcements=3)
    speaking.frames(30)
    assert speaking.read("help_ticket", "announcements") == 3  # no further repeat after that
    assert speaking.probe("chime_plays") - plays == 3


def test_a_ticket_that_did_not_print_shows_on_screen_with_its_qr_code(speaking):
    speaking.do("printer_error", message="paper out")
    ask_for_help(speaking, "")
    speaking.tap("help:validate")
    paper = speaking.until("ticket_paper", timeout=15)
    speaking.frames(3)
    texts = speaking.texts()
    assert "P07" in texts and "Montrez cet écran au conseiller." in texts
    assert "Votre ticket, à l'écran\u00a0:" in texts
    assert paper["on_screen"]
    speaking.do("scroll_down", screen="help_ticket")  # as the resident is told to
    scrolled = speaking.screenshot("help_ticket_paper_scrolled")
    request_id = speaking.read("help_ticket", "request_id")
    for image in (Path(paper["paper"]), scrolled):  # the paper, and the screen
        read = subprocess.run(
            ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, timeout=30
        )
        assert read.stdout.split() == [f"kiosk:ticket:{request_id}"], image


@pytest.mark.parametrize(("taps", "scale"), [(0, 1.0), (4, 2.0)], ids=["100", "200"])
def test_the_typing_panel_shows_and_reads_what_to_type_on_7_inches(lessons, taps, scale):
    lessons.do("open_lesson", lesson_id="essai-ecrire-adresse")
    lessons.do("next_step")
    lessons.until("lesson", step="ecrire")
    bigger(lessons, taps, scale)
    lessons.tap("type:field", scroll=True)
    # First the instruction on its own page, at body size or more (« A+ » included), with 🔊, A+, « Écrire ».
    state = f"typing_{round(scale * 100)}"
    panel = lessons.probe("typing_panel", state=f"{state}_page")
    assert panel["stage"] == "instruction"
    prompt = panel["prompt"]
    assert prompt["shown"] and prompt["text"] == "Écrivez zoé@exemple.fr"
    assert "Écrivez zoé@exemple.fr" in lessons.texts()
    assert prompt["font_mm"] >= BODY_MM * scale - 0.05
    page = clean(panel["layout"], f"{state}_page")
    assert {"typing:speak", "text:bigger", "typing:write", "typing:cancel"} <= page
    said = say(lessons, "typing:speak")
    assert said.startswith("Écrivez zoé@exemple.fr") and "Écrire" in said
    # Then the keys, ≥ 10 mm, with 🔊 and A+ still there.
    lessons.do("type_keys", text="zo")
    panel = lessons.probe("typing_panel", state=state)
    assert panel["stage"] == "keys"
    actions = clean(panel["layout"], state)
    assert {"typing:speak", "text:bigger", "typing:ok", "typing:cancel", "key:a", "key:erase"} <= actions
    assert panel["prompt"]["key_mm"] >= 10.0 - 0.2  # the keys gave a little room, no more
    said = say(lessons, "typing:speak")
    assert said.startswith("Écrivez zoé@exemple.fr") and "OK" in said


def test_the_code_screen_keeps_speaker_and_bigger_text_with_the_error(lessons):
    lessons.tap("home:learn")
    lessons.wait_screen("learn")
    lessons.tap("learn:code")
    lessons.wait_screen("lesson_code")
    bigger(lessons, 4, 2.0)
    for char in "ZZZZZZ":
        lessons.tap(f"code:{char}")
    assert {"speak", "text:bigger"} <= clean(lessons.layout("code_keys_200"), "code_keys_200")
    lessons.tap("code:validate")
    lessons.wait_for("lesson_code", error=True)
    wrong = "Ce code n'existe pas. Vérifiez les lettres."
    actions = clean(lessons.layout("code_wrong_200"), "code_wrong_200")
    assert {"speak", "text:bigger", "code:retry"} <= actions and wrong in lessons.texts()

    said = say(lessons)
    assert "Ce code n'existe pas" in said and "Réessayer" in said

    bigger(lessons, 1, 1.0)  # after 200 %: back to 100 %
    actions = clean(lessons.layout("code_wrong_100"), "code_wrong_100")
    assert {"speak", "text:bigger", "code:retry"} <= actions and wrong in lessons.texts()
    assert lessons.read("lesson_code", "typed", "error") == {"typed": "ZZZZZZ", "error": True}  # kept
