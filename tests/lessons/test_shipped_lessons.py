"""Shipped lessons load and follow the curriculum and plain-French rules; the README covers the schema."""

from __future__ import annotations

import re

import pytest

from kiosk.domain.lessons import STEP_TYPES, ChooseOneStep, ExplainStep, RecapStep, TipStep, WarningStep
from kiosk.lessons import DEFAULT_LESSONS_DIR, load_lessons

INDEX = load_lessons(DEFAULT_LESSONS_DIR)
README = (DEFAULT_LESSONS_DIR / "README.md").read_text(encoding="utf-8")


def test_every_shipped_lesson_loads_without_problems():
    assert INDEX.problems == []
    assert [lesson.id for lesson in INDEX.lessons][:2] == ["ecran-tactile", "reperer-arnaque-sms"]
    for lesson in INDEX.lessons:
        assert lesson.folder is not None and (lesson.folder / "lesson.yaml").is_file()


@pytest.mark.parametrize("lesson", INDEX.lessons, ids=lambda lesson: lesson.id)
def test_lesson_shape(lesson):
    kinds = [step.type for step in lesson.steps]
    assert 8 <= len(kinds) <= 12
    assert "choose_one" in kinds
    assert kinds[-1] == "recap"
    for step in lesson.steps:
        if isinstance(step, ExplainStep | TipStep | WarningStep) and step.image:
            assert lesson.image_path(step).is_file()
            assert step.alt


def _texts(lesson) -> list[str]:
    texts = [lesson.summary, *lesson.objectives]
    for step in lesson.steps:
        if isinstance(step, ExplainStep | TipStep | WarningStep):
            texts += [step.text, step.alt]
        elif isinstance(step, RecapStep):
            texts += step.bullets
        elif isinstance(step, ChooseOneStep):
            texts += [step.question, *(o.text for o in step.options), *(o.feedback for o in step.options)]
    return texts


@pytest.mark.parametrize("lesson", INDEX.lessons, ids=lambda lesson: lesson.id)
def test_sentences_are_short(lesson):
    too_long = []
    for text in _texts(lesson):
        for sentence in re.split(r"(?<=[.!?…])\s+", text):
            words = [w for w in sentence.split() if re.search(r"\w", w)]
            if len(words) > 12:
                too_long.append(sentence)
    assert too_long == []


def test_adapted_content_credits_its_source_and_licence():
    sms = INDEX.by_id("reperer-arnaque-sms")
    assert sms is not None
    assert [(s.org, s.license) for s in sms.sources] == [("Cybermalveillance.gouv.fr", "Licence Ouverte 2.0")]


def test_every_step_type_is_documented_in_the_readme():
    undocumented = [t for t in STEP_TYPES if f"### `{t}`" not in README or f"type: {t}\n" not in README]
    assert undocumented == []


def test_the_schema_and_the_list_of_step_types_agree():
    from typing import get_args

    from kiosk.domain.lessons import Step

    union = get_args(get_args(Step)[0])
    assert sorted(get_args(m.model_fields["type"].annotation)[0] for m in union) == sorted(STEP_TYPES)
