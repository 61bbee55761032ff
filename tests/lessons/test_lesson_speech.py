"""Every sentence of every lesson in lessons/ (steps' texts, questions, options, feedback, hints, pictures'
descriptions, messages, prompts…), prepared by kiosk.domain.spoken, reaches espeak-ng with no markup and
no raw address, time, duration, price or date format, and in French: espeak-ng's own phonemes show no
switch to its English voice except for names said the English way (``SAID_IN_ENGLISH``). Generic over the
lesson model: a new lesson or a new step type is checked without touching this file."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons
from kiosk.domain.spoken import SAID_IN_ENGLISH, spoken

INDEX = load_lessons(DEFAULT_LESSONS_DIR)
NOT_SAID = {"image", "url", "license", "answers", "expected", "missing"}  # files, links, typed answers
IDENTIFIER = re.compile(r"^[a-z0-9_-]+$")  # ids and kinds (« choose_one », « swipe_left »): never read
RAW = {
    "markup": re.compile(r"\[/?[a-z_]+(=[^\]]*)?\]"),
    "e-mail address": re.compile(r"\w@\w|@"),
    "web address": re.compile(
        r"://|\bwww\b|\w\.(fr|com|org|net|info|eu|gouv)\b|(^|\s)\.(fr|info|gouv)\b", re.I
    ),
    "time": re.compile(r"\d\s?[hH]\b|\d[hH]\d|\b\d{1,2}:\d\d\b"),
    "duration": re.compile(r"\d\s?(min|mn)\b"),
    "number sign": re.compile(r"[nN][°º]"),
    "price or percentage": re.compile(r"[€%]"),
    "date format": re.compile(r"\b(JJ|MM|AAAA)\b|\d/\d"),
    "« e-mail »": re.compile(r"\be-?mail", re.I),
}


def _texts(value: object, key: str = "") -> Iterator[str]:
    """Every string of a lesson the kiosk may show and read aloud."""
    if key in NOT_SAID:
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), name)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item, key)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _texts(item, str(name))
    elif isinstance(value, str) and value.strip() and not IDENTIFIER.match(value):
        yield value


SENTENCES = sorted({text for lesson in INDEX.lessons for text in _texts(lesson)})


def test_the_shipped_lessons_have_sentences_to_read():
    assert not INDEX.problems and len(INDEX.lessons) >= 15
    assert len(SENTENCES) > 1000
    assert any("@" in s for s in SENTENCES) and any(re.search(r"\d h\b", s) for s in SENTENCES)


@pytest.mark.parametrize("what", sorted(RAW))
def test_nothing_raw_reaches_the_voice(what):
    pattern = RAW[what]
    raw = [(text, said) for text in SENTENCES if pattern.search(said := spoken(text))]
    assert not raw, f"{len(raw)} sentences still have a raw {what}, e.g. {raw[:3]}"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_every_word_is_said_with_the_french_voice():
    words = sorted(
        {w.strip(".'’-") for text in SENTENCES for w in re.split(r"[\s,;:!?«»()\"…]+", spoken(text))} - {""}
    )
    done = subprocess.run(
        ["espeak-ng", "-v", "fr", "--ipa", "-q"],
        input="".join(f"{w}.\n" for w in words),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    ipa = done.stdout.splitlines()
    assert len(ipa) == len(words)  # one line of phonemes per word
    english = [(w, p) for w, p in zip(words, ipa, strict=True) if "(en)" in p and w not in SAID_IN_ENGLISH]
    assert not english, f"espeak-ng switches to English for {english[:10]}: add them to spoken.WORDS"


def test_ordinary_words_are_said_as_written():
    """A rule never eats into a plain word (« montants » must not become « montA N T S »)."""
    from kiosk.domain.spoken import WORDS

    table = re.compile("|".join(f"(?:{pattern})" for pattern in WORDS))
    units = {"h", "min", "mn", "www", "le", "du"}  # « 16 h », « 10 min », « le @ » → « l'arobase »…
    changed = []
    for text in SENTENCES:
        said = set(re.findall(r"[^\W\d_]+", spoken(text)))
        for token in text.split():
            word = token.strip(',.;:!?«»()"…')
            if word.isalpha() and word.islower() and not table.fullmatch(word) and word not in said | units:
                changed.append((word, text))
    assert not changed, changed[:5]
