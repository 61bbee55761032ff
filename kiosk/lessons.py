"""Reading lesson folders (``lessons/<folder>/lesson.yaml``) with line numbers for every problem, and the CLI.

ruamel.yaml's round-trip loader keeps each key's line, so a pydantic error location such as
``steps[3].title`` is reported as ``lessons/x/lesson.yaml:42: steps[3].title: …``. A broken lesson is skipped
and logged, never fatal. Thread-safety: functions share no state; call them from any thread.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kiosk.config import Config
from kiosk.domain.lessons import STEP_TYPES, Lesson

log = logging.getLogger(__name__)

DEFAULT_LESSONS_DIR = Path(__file__).parent.parent / "lessons"
LESSON_FILE = "lesson.yaml"


@dataclass
class LessonIndex:
    """Valid lessons sorted by ``order`` (then id), and one ``file:line: message`` per problem found."""

    lessons: list[Lesson] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def by_id(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


def _plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses, as plain dicts, lists, str, int, float, bool."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    for kind in (str, int, float):
        if isinstance(node, kind):
            return kind(node)
    return node


def _locate(root: Any, loc: Sequence[str | int]) -> tuple[int, str]:
    """The 1-based line and the readable key path (``steps[3].title``) of a pydantic error location.

    Parts missing from the YAML (a required key, or the step type tag pydantic adds for unions) keep the
    line of the enclosing mapping; a missing key still appears in the path, a union tag does not.
    """
    node, line, path = root, 0, ""
    for part in loc:
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            line, node = node.lc.key(part)[0], node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.lc.item(part)[0], node[part]
        elif isinstance(part, str) and (part in STEP_TYPES or part.startswith("function-")):
            continue  # the discriminated union's tag, or a validator's name: not in the file
        else:
            node = None  # a missing key: later parts cannot be found either
        path += f"[{part}]" if isinstance(part, int) else ("." if path else "") + str(part)
    return line + 1, path


# Errors raised by kiosk.domain.lessons' own rules: their message says it all.
_OWN_MESSAGES = frozenset(
    {"value_error", "duplicate_step_id", "correct_count", "duplicate_option_id", "alt_missing"}
)


def _message(error: Any) -> str:
    """One pydantic error as a short English phrase (the CLI's language, as for configuration errors)."""
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "required, missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "union_tag_invalid":
        return f"unknown step type {ctx.get('tag')!r} (expected one of: {', '.join(STEP_TYPES)})"
    if kind == "union_tag_not_found":
        return f"type is missing (one of: {', '.join(STEP_TYPES)})"
    message = str(error["msg"])
    message = (message[0].lower() + message[1:]).removeprefix("value error, ")
    if kind not in _OWN_MESSAGES and isinstance(got, str | int | float | bool):
        message += f", got {got!r}"
    return message


def _yaml_problem(path: Path, exc: YAMLError) -> str:
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        what = exc.problem or exc.context or "syntax error"
        return f"{path}:{exc.problem_mark.line + 1}: invalid YAML: {what}"
    return f"{path}:1: invalid YAML: {exc}"


def load_lesson(path: Path) -> tuple[Lesson | None, list[str]]:
    """Read and validate one ``lesson.yaml`` and the pictures it names.

    Returns:
        (the lesson with its folder set, []) when valid, else (None, problems as ``file:line: message``).
    """
    try:
        root = YAML(typ="rt").load(path.read_text(encoding="utf-8-sig"))  # tolerate a BOM
    except OSError as exc:
        return None, [f"{path}:1: cannot read: {exc.strerror or exc}"]
    except UnicodeDecodeError:
        return None, [f"{path}:1: not UTF-8 text"]
    except YAMLError as exc:
        return None, [_yaml_problem(path, exc)]
    if not isinstance(root, CommentedMap):
        return None, [f"{path}:1: expected keys such as schema_version, id, title, steps"]
    try:
        lesson = Lesson.model_validate(_plain(root))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = list(error["loc"])
            if error["type"] == "duplicate_step_id":
                loc += [error["ctx"]["index"], "id"]
            elif error["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc.append("type")
            line, where = _locate(root, loc)
            problems.append(f"{path}:{line}: {where or 'lesson'}: {_message(error)}")
        return None, problems
    lesson.with_folder(path.parent)
    problems = []
    for index, image in lesson.images():
        if not (path.parent / image).is_file():
            line, where = _locate(root, ["steps", index, "image"])
            problems.append(f"{path}:{line}: {where}: picture not found: {image}")
    return (None, problems) if problems else (lesson, [])


def load_lessons(folder: Path, *, log_problems: bool = True) -> LessonIndex:
    """Every lesson in ``folder`` (one sub-folder each; names starting with ``_`` or ``.`` are skipped).

    Invalid lessons, and a second lesson with an id already taken, are left out and reported in
    ``.problems`` (and logged when ``log_problems``). Never raises for bad content.
    """
    index = LessonIndex()
    if not folder.is_dir():
        index.problems.append(f"{folder}:1: lessons folder not found")
    else:
        for child in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
            _add(index, child / LESSON_FILE)
    index.lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    if log_problems:
        for problem in index.problems:
            log.warning("lesson skipped: %s", problem)
    return index


def _add(index: LessonIndex, path: Path) -> None:
    if not path.is_file():
        index.problems.append(f"{path}:1: file missing: every lesson folder needs a {LESSON_FILE}")
        return
    lesson, problems = load_lesson(path)
    if lesson is not None and (other := index.by_id(lesson.id)) is not None:
        problems = [f"{path}:1: id: {lesson.id!r} is already the id of {other.folder}"]
        lesson = None
    index.problems.extend(problems)
    if lesson is not None:
        index.lessons.append(lesson)


def _collect(paths: Sequence[str]) -> LessonIndex | None:
    if not paths:
        return load_lessons(DEFAULT_LESSONS_DIR, log_problems=False)
    index = LessonIndex()
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            _add(index, path)
        elif (path / LESSON_FILE).is_file():
            _add(index, path / LESSON_FILE)
        elif path.is_dir():
            found = load_lessons(path, log_problems=False)
            index.problems.extend(found.problems)
            index.lessons.extend(found.lessons)
        else:
            print(f"kiosk: {path}: no such file or directory", file=sys.stderr)
            return None
    return index


def check_command(config: Config, paths: Sequence[str]) -> int:
    """``kiosk lessons check [PATH ...]``: print every problem as ``file:line: message``.

    Returns:
        0 when every lesson is valid (prints « N lessons OK »), 1 when a problem was found,
        2 for a path that does not exist.
    """
    index = _collect(paths)
    if index is None:
        return 2
    for problem in index.problems:
        print(problem)
    if index.problems:
        return 1
    count = len(index.lessons)
    print(f"{count} lesson{'s' if count != 1 else ''} OK")
    return 0


def list_command(config: Config, as_json: bool) -> int:
    """``kiosk lessons list [--json]``: id, title, duration and step types of every valid lesson."""
    index = load_lessons(DEFAULT_LESSONS_DIR, log_problems=False)
    for problem in index.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    rows: list[dict[str, object]] = [
        {
            "id": lesson.id,
            "title": lesson.title,
            "duration_min": lesson.duration_min,
            "level": lesson.level,
            "order": lesson.order,
            "folder": str(lesson.folder),
            "steps": [step.type for step in lesson.steps],
        }
        for lesson in index.lessons
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for lesson in index.lessons:
        kinds = ", ".join(step.type for step in lesson.steps)
        print(f"{lesson.id:<26} {lesson.duration_min:>2} min  {lesson.title}  [{kinds}]")
    return 0
