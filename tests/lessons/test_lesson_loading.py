"""Broken lessons are reported as ``file:line: message`` and skipped, the others load; CLI exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.lessons import PICTOGRAMS_DIR, SCHEMA_FILE, load_lesson, load_lessons, schema_text
from kiosk.domain.lessons import STEP_TYPES

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
    assert main(["lessons", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "the shipped lessons are listed"
    for row in rows:
        assert row["id"] in out and row["title"] in out
        assert isinstance(row["duration_min"], int) and 3 <= row["duration_min"] <= 30
        assert row["steps"] and set(row["steps"]) <= set(STEP_TYPES)
    assert [r["order"] for r in rows] == sorted(r["order"] for r in rows)


FIXTURES = Path(__file__).parent.parent / "steps" / "fixtures" / "etapes"


def test_the_fixture_has_every_step_type_and_loads():
    lesson, problems = load_lesson(FIXTURES / "toutes-les-etapes" / "lesson.yaml")
    assert problems == [] and lesson is not None
    assert {step.type for step in lesson.steps} == set(STEP_TYPES)
    assert lesson.topic_id() == "emails"


def test_every_error_of_a_lesson_is_reported_each_at_its_line(tmp_path):
    text = (FIXTURES / "toutes-les-etapes" / "lesson.yaml").read_text(encoding="utf-8")
    broken = (
        text.replace(
            "image: media/boite.png\n    alt: Une boîte mail.\n",
            "image: media/absente.png\n    alt: Une boîte mail.\n",
        )
        .replace("review: choose-one", "review: nulle-part")
        .replace("expect: [recherche, msg-faux, supprimer]", "expect: [supprimer, recherche, msg-faux]")
        .replace("help_topic: emails", "help_topic: cuisine")
        .replace("pictogram: emails", "pictogram: licorne")
    )
    folder = tmp_path / "toutes"
    folder.mkdir()
    (folder / "media").mkdir()
    (folder / "media" / "boite.png").write_bytes(
        (FIXTURES / "toutes-les-etapes" / "media" / "boite.png").read_bytes()
    )
    path = folder / "lesson.yaml"
    path.write_text(broken, encoding="utf-8")
    lines = broken.splitlines()

    def line_of(fragment: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if fragment in line)

    _lesson, problems = load_lesson(path)
    joined = "\n".join(problems)
    assert f"{path}:{line_of('help_topic: cuisine')}: help_topic: unknown help topic 'cuisine'" in joined
    assert (
        f"{path}:{line_of('expect: [supprimer, recherche, msg-faux]')}: steps[12].expect[0]: "
        "expect names 'supprimer', which is not on screen 'inbox'" in joined
    )
    assert (
        f"{path}:{line_of('review: nulle-part')}: steps[15].review: step 'checkpoint' jumps to 'nulle-part'"
        in joined
    )
    # The schema errors stop before pictures are looked at; fixed, the picture and pictogram are reported.
    fixed = (
        broken.replace("help_topic: cuisine", "help_topic: emails")
        .replace("review: nulle-part", "review: choose-one")
        .replace("expect: [supprimer, recherche, msg-faux]", "expect: [recherche, msg-faux, supprimer]")
    )
    path.write_text(fixed, encoding="utf-8")
    _lesson, problems = load_lesson(path)
    lines = fixed.splitlines()
    assert problems == [
        f"{path}:{line_of('image: media/absente.png')}: steps[5].image: picture not found: media/absente.png",
        f"{path}:{line_of('pictogram: licorne')}: pictogram: unknown pictogram 'licorne' (one of: "
        + ", ".join(sorted(p.stem for p in PICTOGRAMS_DIR.glob("*.png")))
        + ")",
    ]


def test_the_json_schema_for_editors_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "lessons/_schema/lesson.schema.json is stale: run `python -m kiosk.content.lessons`"
    )
    schema = json.loads(schema_text())
    step_refs = schema["properties"]["steps"]["items"]["discriminator"]["mapping"]
    assert set(step_refs) == set(STEP_TYPES)


def test_the_fast_reader_reads_every_lesson_as_the_line_numbered_one():
    from ruamel.yaml import YAML

    from kiosk.content.lessons import DEFAULT_LESSONS_DIR, _fast_lesson, _plain
    from kiosk.domain.lessons import Lesson

    paths = sorted(DEFAULT_LESSONS_DIR.glob("*/lesson.yaml")) + sorted(
        FIXTURES.parent.glob("*/*/lesson.yaml")
    )
    assert len(paths) >= 5
    for path in paths:
        text = path.read_text(encoding="utf-8")
        slow = Lesson.model_validate(_plain(YAML(typ="rt").load(text)))
        assert _fast_lesson(text) == slow, path


def test_a_changed_lesson_is_read_again(tmp_path):
    path = write(tmp_path, "changing", good())
    assert load_lesson(path)[0].title == "Une leçon"
    path.write_text(
        good().replace("title: Une leçon", "title: Une autre leçon plus longue"), encoding="utf-8"
    )
    assert load_lesson(path)[0].title == "Une autre leçon plus longue"
    (tmp_path / "changing" / "media" / "a.png").unlink()  # a picture removed: the lesson is checked again
    assert load_lesson(path)[0] is None


BAD_FIELDS = """\
schema_version: 1
id: cases
title: Des cases
summary: Des cases à remplir.
objectives: [J'écris.]
level: debutant
duration_min: 8
order: 1
steps:
  - id: sim
    type: guided_sim
    title: Écrire
    app: mailbox
    task: Écrivez.
    start: nouveau
    screens:
      - id: nouveau
        title: Nouveau message
        elements:
          - id: champ-a
            kind: field
            label: À
            answers: [lea@exemple.fr !]
          - id: champ-objet
            kind: field
            label: Objet
            answers: [Bonjour]
            checks:
              - missing: "@"
                message: Il manque le @.
          - id: envoyer
            kind: button
            label: Envoyer
            answers: [oui]
    expect: [champ-a, envoyer]
"""


def test_bad_field_definitions_are_reported_each_at_its_line(tmp_path):
    path = tmp_path / "cases" / "lesson.yaml"
    path.parent.mkdir()
    path.write_text(BAD_FIELDS, encoding="utf-8")
    lines = BAD_FIELDS.splitlines()

    def line_of(fragment: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if fragment in line)

    _lesson, problems = load_lesson(path)
    elements = "steps[0].screens[0].elements"
    assert problems == [
        f"{path}:{line_of('answers: [lea@')}: {elements}[0].answers[0]: answer 'lea@exemple.fr !' has '!', "
        "which the kiosk keyboard cannot type",
        f"{path}:{line_of('missing:')}: {elements}[1].checks[0].missing: checks: '@' is in no answer, "
        "so its message is never right",
        f"{path}:{line_of('- id: envoyer')}: {elements}[2]: "
        "answers: only a field (kind: field) is typed into, this is a button",
    ]
    # Fixed, the field nobody types into (not in expect) is reported at its answers.
    fixed = BAD_FIELDS.replace(" !]", "]").replace('"@"', "Bon").replace("            answers: [oui]\n", "")
    path.write_text(fixed, encoding="utf-8")
    lines = fixed.splitlines()
    _lesson, problems = load_lesson(path)
    assert problems == [
        f"{path}:{line_of('answers: [Bonjour]')}: steps[0].screens[0].elements[1].answers: "
        "field 'champ-objet' has answers but is not in expect: nobody would type into it"
    ]


def test_valid_lessons_load_without_the_line_number_parser():
    # ruamel.yaml (1.5 MiB of the kiosk's memory) is imported only for a lesson with a problem.
    code = (
        "import sys\n"
        "from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons\n"
        "index = load_lessons(DEFAULT_LESSONS_DIR)\n"
        "print(len(index.lessons), len(index.problems), 'ruamel.yaml' in sys.modules)\n"
    )
    run = [sys.executable, "-c", code]
    done = subprocess.run(run, capture_output=True, text=True, timeout=60, check=True)
    lessons, problems, ruamel = done.stdout.split()
    assert int(lessons) > 10 and problems == "0"
    assert ruamel == "False"
