"""Broken lessons are reported as ``file:line: message`` and skipped, the others load; CLI exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.domain.lessons import STEP_TYPES
from kiosk.lessons import load_lesson, load_lessons

GOOD = """\
schema_version: 1
id: {id}
title: Une leçon
summary: Un résumé court.
objectives:
  - Je sais faire.
level: debutant
duration_min: 5
order: {order}
steps:
  - id: s1
    type: explain
    title: Premier écran
    text: Touchez le bouton.
    image: media/a.png
    alt: Un bouton.
  - id: s2
    type: choose_one
    title: Une question
    question: Que faites-vous ?
    options:
      - id: a
        text: J'attends.
        correct: true
        feedback: Oui.
      - id: b
        text: Je pars.
        feedback: Non.
  - id: s3
    type: recap
    title: À retenir
    bullets: [J'attends.]
"""


def write(root: Path, folder: str, text: str, *, image: bool = True) -> Path:
    path = root / folder / "lesson.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    if image:
        (root / folder / "media").mkdir()
        (root / folder / "media" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


def good(lesson_id: str = "bonne-lecon", order: int = 1) -> str:
    return GOOD.format(id=lesson_id, order=order)


# Each broken variant: (text, expected "line: message" in the problem).
BROKEN = {
    "bad-yaml": (
        good().replace("summary: Un résumé court.", "summary: Attention : ceci casse."),
        "4: invalid YAML: mapping values are not allowed here",
    ),
    "unknown-type": (
        good().replace("type: recap", "type: quiz"),
        "30: steps[2].type: unknown step type 'quiz'",
    ),
    "duplicate-id": (good().replace("id: s3", "id: s1"), "29: steps[2].id: step id 's1' is used twice"),
    "missing-title": (good().replace("title: Une leçon\n", ""), "1: title: required, missing"),
    "missing-step-title": (
        good().replace("    title: Premier écran\n", ""),
        "11: steps[0].title: required, missing",
    ),
    "wrong-type": (
        good().replace("duration_min: 5", "duration_min: cinq"),
        "8: duration_min: input should be a valid integer, unable to parse string as an integer, got 'cinq'",
    ),
    "two-right-answers": (
        good().replace("feedback: Non.", "feedback: Non.\n        correct: true"),
        "17: steps[1]: exactly one option must have correct: true, found 2",
    ),
    "unknown-key": (good().replace("order: 1", "order: 1\ncolor: red"), "10: color: unknown key"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_lesson_is_reported_with_its_line(tmp_path, name):
    text, expected = BROKEN[name]
    path = write(tmp_path, name, text)
    lesson, problems = load_lesson(path)
    assert lesson is None
    assert problems and problems[0].startswith(f"{path}:{expected}"), problems


def test_a_missing_picture_is_reported_at_its_image_line(tmp_path):
    path = write(tmp_path, "no-picture", good(), image=False)
    assert load_lesson(path) == (None, [f"{path}:15: steps[0].image: picture not found: media/a.png"])


def test_broken_lessons_are_skipped_and_the_others_load(tmp_path, caplog):
    write(tmp_path, "02-second", good("seconde", order=2))
    write(tmp_path, "01-first", good("premiere", order=1))
    for name, (text, _) in BROKEN.items():
        write(tmp_path, f"broken-{name}", text)
    write(tmp_path, "03-same-id", good("premiere", order=3))
    (tmp_path / "_tools").mkdir()
    (tmp_path / "empty").mkdir()
    index = load_lessons(tmp_path)
    assert [lesson.id for lesson in index.lessons] == ["premiere", "seconde"]
    assert index.lessons[0].folder == tmp_path / "01-first"
    assert len(index.problems) >= len(BROKEN) + 2
    assert any("03-same-id/lesson.yaml:1: id: 'premiere' is already the id of" in p for p in index.problems)
    assert any(p.startswith(f"{tmp_path / 'empty' / 'lesson.yaml'}:1: file missing") for p in index.problems)
    assert not any("_tools" in p for p in index.problems)
    assert "lesson skipped" in caplog.text


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path):
    assert load_lessons(tmp_path / "nowhere").problems == [
        f"{tmp_path / 'nowhere'}:1: lessons folder not found"
    ]


def test_check_command_exit_codes(tmp_path, capsys):
    assert main(["lessons", "check"]) == 0
    assert capsys.readouterr().out.strip().endswith("lessons OK")
    good_path = write(tmp_path, "ok", good())
    assert main(["lessons", "check", str(good_path.parent)]) == 0
    assert capsys.readouterr().out.strip() == "1 lesson OK"
    text, expected = BROKEN["unknown-type"]
    bad = write(tmp_path, "bad", text)
    assert main(["lessons", "check", str(good_path), str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:30: steps[2].type: unknown step type 'quiz' (expected one of: {', '.join(STEP_TYPES)})"
    ]
    assert main(["lessons", "check", str(tmp_path)]) == 1
    assert main(["lessons", "check", str(tmp_path / "nowhere")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_list_command(capsys):
    assert main(["lessons", "list"]) == 0
    out = capsys.readouterr().out
    assert "ecran-tactile" in out and "Utiliser l'écran tactile" in out and "choose_one" in out
    assert main(["lessons", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    first = rows[0]
    assert (first["id"], first["title"], first["duration_min"]) == (
        "ecran-tactile",
        "Utiliser l'écran tactile",
        5,
    )
    assert first["steps"][-1] == "recap"
