"""Text made safe for the printer: no control bytes, transliteration instead of "?", French wrapping."""

from __future__ import annotations

import pytest

from kiosk.printing.text import NBSP, printable, wrap


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zoë\x1b@\x1dV\x00\x10\x04\x01\x7f\x9b", "Zoë@V"),
        ("Lucas 😀👍🏽 !", f"Lucas{NBSP}!"),
        ("“Bonjour” — l’atelier…", "“Bonjour” — l’atelier…"),  # all in CP1252 (0x93 0x94 0x97 0x92 0x85)
        ("Łukasz Ðorđe ﬁn ½ Ω", "Lukasz Ðorde fin ½"),
        ("deux\nlignes\tet\u200bzéro", "deux lignes etzéro"),
    ],
)
def test_cp1252(raw, expected):
    assert printable(raw, "cp1252") == expected


def test_cp437_transliterates_what_it_lacks():
    assert printable("Œuvre, cœur, 12 € “ok” — À", "cp437") == 'OEuvre, coeur, 12 EUR "ok" - A'


def test_french_spaces_keep_signs_and_units_with_their_word():
    text = printable("Attente : environ 20 à 40 min. Où ? « Oui » 16 h 05")
    lines = wrap(text, 22)
    assert lines == ["Attente : environ 20 à", "40 min. Où ? « Oui »", "16 h 05"]
    assert all(len(line) <= 22 for line in lines)


def test_wrap_breaks_words_longer_than_the_line():
    lines = wrap("https://www.service-public.gouv.fr/particuliers", 16)
    assert "".join(lines) == "https://www.service-public.gouv.fr/particuliers"
    assert all(len(line) <= 16 for line in lines)
    assert wrap("", 10) == [""]
