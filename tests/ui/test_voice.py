"""The kiosk speaks and enlarges everywhere: 🔊 and « A+ » on home, the first-name screen, the lesson's
typing panel and the resume-code screen (no overlap or cut text at 100 % and 200 % on the 7-inch
display), the inactivity question said aloud and silenced by a tap, « C'est à vous ! » with chime and
voice (repeated once, and on « Rappeler »), and the help ticket that did not print shown on screen
with a QR code a phone can read. Real Kivy window, real espeak-ng audio."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SIZES, run_driver
from test_layout import cut_texts, outside, overlaps, small_targets, tight_gaps

from kiosk.ui.theme import BODY_MM

pytestmark = [
    pytest.mark.ui,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]
SIZE = (800, 480)


@pytest.fixture(scope="module")
def voice(tmp_path_factory):
    out = tmp_path_factory.mktemp("voice")
    return run_driver(out, scenario="voice", poll_interval_s=0.3, print_fallback_s=2.0)


def _said(heard: dict) -> str:
    assert heard["wav"].endswith(".wav") and Path(heard["wav"]).is_file()
    assert heard["seconds"] > 1.0, heard  # real audio, not an empty file
    return heard["text"]


@pytest.mark.parametrize("state", ["home", "home_200", "help_name_200", "help_name_100"])
def test_speaker_and_bigger_text_buttons_and_a_clean_layout(voice, state):
    rows = [r for r in voice["layout"] if r["state"] == state]
    actions = {r["action"] for r in rows if r["kind"] == "button"}
    assert {"speak", "text:bigger"} <= actions
    px_per_mm = SIZE[0] / SIZES[SIZE]
    assert not small_targets(rows, px_per_mm)
    assert not tight_gaps(rows, px_per_mm)
    assert not outside(rows, SIZE)
    assert not cut_texts(rows)  # widths and heights: key letters fit their keys at 200 % too
    assert not overlaps(rows)
    if state.startswith("help_name"):  # why the first name, and that it is optional, in words
        texts = voice[f"texts_{state}"] + voice.get("texts_help_name_page_100", [])  # its own page on 7"
        assert "Écrivez votre prénom.\nC'est facultatif." in texts


@pytest.fixture(scope="module")
def keyboards(tmp_path_factory):
    from test_lessons_steps import PARCOURS

    out = tmp_path_factory.mktemp("keyboards")
    return run_driver(out, scenario="keyboards", lessons_dir=str(PARCOURS), poll_interval_s=0.3)


def _clean(rows, state):
    rows = [r for r in rows if r["state"] == state]
    px_per_mm = SIZE[0] / SIZES[SIZE]
    assert rows, state
    assert not small_targets(rows, px_per_mm)
    assert not tight_gaps(rows, px_per_mm)
    assert not outside(rows, SIZE)
    assert not cut_texts(rows)
    assert not overlaps(rows)
    return {r["action"] for r in rows if r["kind"] == "button"}


@pytest.mark.parametrize("state", ["typing_100", "typing_200"])
def test_the_typing_panel_shows_and_reads_what_to_type_on_7_inches(keyboards, state):
    # First the instruction on its own page, at body size or more (« A+ » included), with 🔊, A+, « Écrire ».
    prompt = keyboards[f"{state}_prompt"]
    scale = int(state.split("_")[1]) / 100
    assert prompt["stage"] == "instruction" and prompt["shown"] and prompt["text"] == "Écrivez zoé@exemple.fr"
    assert "Écrivez zoé@exemple.fr" in keyboards[f"texts_{state}_page"]
    assert prompt["font_mm"] >= BODY_MM * scale - 0.05
    page = _clean(keyboards["layout"], f"{state}_page")
    assert {"typing:speak", "text:bigger", "typing:write", "typing:cancel"} <= page
    said = _said(keyboards[f"{state}_page_heard"])
    assert said.startswith("Écrivez zoé@exemple.fr") and "Écrire" in said
    # Then the keys, ≥ 10 mm, with 🔊 and A+ still there.
    actions = _clean(keyboards["layout"], state)
    assert {"typing:speak", "text:bigger", "typing:ok", "typing:cancel", "key:a", "key:erase"} <= actions
    assert keyboards[f"{state}_key_mm"] >= 10.0 - 0.2
    said = _said(keyboards[f"{state}_heard"])
    assert said.startswith("Écrivez zoé@exemple.fr") and "OK" in said


@pytest.mark.parametrize("state", ["code_keys_200", "code_wrong_200", "code_wrong_100"])
def test_the_code_screen_keeps_speaker_and_bigger_text_with_the_error(keyboards, state):
    actions = _clean(keyboards["layout"], state)
    assert {"speak", "text:bigger"} <= actions
    if state.startswith("code_wrong"):
        assert (
            "code:retry" in actions
            and "Ce code n'existe pas. Vérifiez les lettres." in keyboards[f"texts_{state}"]
        )
    said = _said(keyboards["code_heard"])
    assert "Ce code n'existe pas" in said and "Réessayer" in said
    assert keyboards["code_after"] == ["ZZZZZZ", True]  # « A+ » lost nothing typed


def test_text_really_doubles_on_home(voice):
    def height(state):
        rows = [r for r in voice["layout"] if r["state"] == state and r["text"].startswith("Touchez ce que")]
        return rows[0]["texture"][1]

    assert height("home_200") >= 1.9 * height("home")  # the words grew (two lines, or twice as tall)
    assert "Apprendre" in voice["texts_home_200"] and "Demander de l'aide" in voice["texts_home_200"]
    assert voice["tiles_in_view_200"]  # the three tiles need no scrolling, even at 200 % on 7 inches
    assert voice["scale_on_name"] == 2.0  # « A+ » holds for the whole session


def test_speaker_reads_home_and_the_name_screen_without_the_name(voice):
    home = _said(voice["home_heard"])
    assert "Touchez ce que vous voulez faire." in home and "Demander de l'aide" in home
    name = _said(voice["name_heard"])
    assert "Écrivez votre prénom" in name and "3 lettres" in name and "Valider" in name
    assert "facultatif" in name and "conseiller" in name  # why, and that it is optional
    assert "Zoé" not in name and "Zo" not in name


def test_the_idle_question_is_said_then_silenced_by_a_tap(voice):
    said = _said(voice["idle_heard"])
    assert said.startswith("Êtes-vous toujours là ?") and "Je continue" in said
    assert voice["idle_silenced"]
    assert voice["idle_off_spoken"] == 0  # [speech] enabled = false: shown, never said


def test_the_call_is_chimed_and_said_again_once_and_on_recall(voice):
    said = _said(voice["call_heard"])
    assert said == "C'est à vous ! Numéro P 7. Allez voir le conseiller."
    assert not any("Zoé" in t for t in voice["texts_called"])
    assert voice["announcements_after_repeat"] == 2
    assert voice["announcements_after_recall"] == 3  # no further repeat after that
    assert voice["chime_plays"] == 3


def test_a_ticket_that_did_not_print_shows_on_screen_with_its_qr_code(voice):
    texts = voice["texts_help_ticket_paper"]
    assert "P07" in texts and "Montrez cet écran au conseiller." in texts
    assert "Votre ticket, à l'écran\u00a0:" in texts
    assert voice["paper_on_screen"]
    out = Path(voice["out_dir"])
    for image in (out / "paper.png", out / "help_ticket_paper_scrolled.png"):  # the paper, and the screen
        read = subprocess.run(
            ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, timeout=30
        )
        assert read.stdout.split() == [f"kiosk:ticket:{voice['request_id']}"], image
