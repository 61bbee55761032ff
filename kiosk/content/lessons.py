"""Reading lesson folders (``lessons/<folder>/lesson.yaml``) with line numbers for every problem, and the CLI.

ruamel.yaml's round-trip loader keeps each key's line, so a pydantic error location such as
``steps[3].title`` is reported as ``lessons/x/lesson.yaml:42: steps[3].title: …``. Valid lessons are first
read with libyaml (fast); a lesson that fails is read again by ruamel (imported only then) for its line
numbers. A broken lesson is skipped and logged, never fatal. Thread-safety: call from any thread; the only
shared state is a cache of parsed files (keyed by mtime and size) behind a lock.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from kiosk.config import Config

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

try:  # PyYAML comes with python-escpos; its libyaml loader makes the common case fast
    import yaml as _pyyaml

    _FAST_LOADER: Any = getattr(_pyyaml, "CSafeLoader", _pyyaml.SafeLoader)
except ImportError:  # pragma: no cover - then every lesson takes the slow, line-numbered path
    _pyyaml = None
from kiosk.domain.lessons import STEP_TYPES, Lesson

log = logging.getLogger(__name__)

DEFAULT_LESSONS_DIR = Path(__file__).parents[2] / "lessons"
LESSON_FILE = "lesson.yaml"
PICTOGRAMS_DIR = Path(__file__).parents[2] / "assets" / "pictograms"
SCHEMA_FILE = DEFAULT_LESSONS_DIR / "_schema" / "lesson.schema.json"
# path -> ((mtime_ns, size), media folder stamp, lesson or None, problems): the kiosk re-reads the folder
# at each visit of « Apprendre »; unchanged files are not parsed again. Lessons are immutable, so sharing
# them between threads is safe.
_CACHE: dict[Path, tuple[Any, Any, Lesson | None, tuple[str, ...]]] = {}
_CACHE_LOCK = threading.Lock()


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
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
    {
        "value_error",
        "duplicate_step_id",
        "correct_count",
        "duplicate_option_id",
        "alt_missing",
        "unknown_topic",
        "hang_up_early",
    }
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
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        what = exc.problem or exc.context or "syntax error"
        return f"{path}:{exc.problem_mark.line + 1}: invalid YAML: {what}"
    return f"{path}:1: invalid YAML: {exc}"


def clear_cache() -> None:
    """Forget every parsed file (benchmarks measure a cold start with it)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _fast_lesson(text: str) -> Lesson | None:
    """The lesson parsed with libyaml (PyYAML's C loader, ~20× faster than ruamel's pure-Python round-trip
    parser), or None when anything is off: then the slow path parses again and reports line numbers."""
    if _pyyaml is None:
        return None
    try:
        data = _pyyaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
        return Lesson.model_validate(data) if isinstance(data, dict) else None
    except (_pyyaml.YAMLError, ValidationError, ValueError, TypeError):
        return None


def load_lesson(path: Path) -> tuple[Lesson | None, list[str]]:
    """Read and validate one ``lesson.yaml`` and the pictures it names (cached while the file is unchanged).

    Returns:
        (the lesson with its folder set, []) when valid, else (None, problems as ``file:line: message``).
    """
    try:
        stat = path.stat()
    except OSError as exc:
        return None, [f"{path}:1: cannot read: {exc.strerror or exc}"]
    key = (stat.st_mtime_ns, stat.st_size)
    with _CACHE_LOCK:
        cached = _CACHE.get(path)
    if cached is not None and cached[0] == key and _media_unchanged(cached[1]):
        return cached[2], list(cached[3])
    found, problems = _load_lesson(path)
    with _CACHE_LOCK:
        _CACHE[path] = (key, _media_stamp(path.parent), found, tuple(problems))
    return found, problems


def _media_stamp(folder: Path) -> tuple[Path, int]:
    media = folder / "media"
    try:
        return media, media.stat().st_mtime_ns
    except OSError:
        return media, 0


def _media_unchanged(stamp: tuple[Path, int]) -> bool:
    """A picture added or removed changes its folder's mtime: then the lesson is checked again."""
    media, mtime = stamp
    try:
        return media.stat().st_mtime_ns == mtime
    except OSError:
        return mtime == 0


def _load_lesson(path: Path) -> tuple[Lesson | None, list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")  # tolerate a BOM
    except OSError as exc:
        return None, [f"{path}:1: cannot read: {exc.strerror or exc}"]
    except UnicodeDecodeError:
        return None, [f"{path}:1: not UTF-8 text"]
    lesson = _fast_lesson(text)
    root: Any = None
    if lesson is None:
        # ruamel.yaml only for a lesson with a problem, for its line numbers (1.5 MiB of the kiosk's memory)
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.error import YAMLError

        try:
            root = YAML(typ="rt").load(text)
        except YAMLError as exc:
            return None, [_yaml_problem(path, exc)]
        if not isinstance(root, CommentedMap):
            return None, [f"{path}:1: expected keys such as schema_version, id, title, steps"]
        try:
            lesson = Lesson.model_validate(_plain(root))
        except ValidationError as exc:
            problems = _jump_problems(path, root)  # checked on the raw steps: reported even when others fail
            for error in exc.errors():
                if error["type"] == "unknown_jump":
                    continue
                loc = list(error["loc"])
                at = (error.get("ctx") or {}).get("at")
                if at:  # a step's own rule about one of its parts (kiosk.domain.lesson_base.located)
                    loc += [int(p) if p.isdigit() else p for p in str(at).split(".")]
                if error["type"] == "duplicate_step_id":
                    loc += [error["ctx"]["index"], "id"]
                elif error["type"] in ("union_tag_invalid", "union_tag_not_found"):
                    loc.append("type")
                line, where = _locate(root, loc)
                problems.append(f"{path}:{line}: {where or 'lesson'}: {_message(error)}")
            return None, problems
    lesson.with_folder(path.parent)

    def locate(loc: list[str | int]) -> tuple[int, str]:
        nonlocal root
        if root is None:  # line numbers are only needed for a problem: parse for them now
            from ruamel.yaml import YAML

            root = YAML(typ="rt").load(text)
        return _locate(root, loc)

    problems = []
    for index, image in lesson.images():
        if not (path.parent / image).is_file():
            line, where = locate(["steps", index, "image"])
            problems.append(f"{path}:{line}: {where}: picture not found: {image}")
    if lesson.pictogram and not (PICTOGRAMS_DIR / f"{lesson.pictogram}.png").is_file():
        line, where = locate(["pictogram"])
        known = ", ".join(sorted(p.stem for p in PICTOGRAMS_DIR.glob("*.png")))
        problems.append(f"{path}:{line}: {where}: unknown pictogram {lesson.pictogram!r} (one of: {known})")
    return (None, problems) if problems else (lesson, [])


def _jump_problems(path: Path, root: CommentedMap) -> list[str]:
    """``on_stuck.go`` and ``review`` naming no step, each at its own line (from the raw YAML)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    steps = root.get("steps")
    if not isinstance(steps, CommentedSeq):
        return []
    ids = {str(s.get("id")) for s in steps if isinstance(s, CommentedMap)}
    problems = []
    for index, step in enumerate(steps):
        if not isinstance(step, CommentedMap):
            continue
        stuck = step.get("on_stuck")
        targets = [(["on_stuck", "go"], stuck.get("go"))] if isinstance(stuck, CommentedMap) else []
        targets.append((["review"], step.get("review")))
        for keys, target in targets:
            if target is not None and str(target) not in ids:
                line, where = _locate(root, ["steps", index, *keys])
                problems.append(
                    f"{path}:{line}: {where}: step '{step.get('id')}' jumps to '{target}', "
                    "which is not a step of this lesson"
                )
    return problems


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
    index.problems.extend(_first_visit_problems(index.lessons))
    if log_problems:
        for problem in index.problems:
            log.warning("lesson skipped: %s", problem)
    return index


def _first_visit_problems(lessons: list[Lesson]) -> list[str]:
    """Two lessons at the same place of the first-visit path: the second is reported (both still load)."""
    taken: dict[int, Lesson] = {}
    problems = []
    for lesson in lessons:
        place = lesson.first_visit
        if place is None:
            continue
        if place in taken:
            path = (lesson.folder or Path(lesson.id)) / LESSON_FILE
            line = _key_line(path, "first_visit")
            problems.append(
                f"{path}:{line}: first_visit: {place} is already the place of {taken[place].id!r}"
            )
        else:
            taken[place] = lesson
    return problems


def _key_line(path: Path, key: str) -> int:
    """The 1-based line where a top-level ``key:`` is written (1 when it cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), 1)


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


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``lesson.yaml`` generated from the pydantic models (for editors such as VS Code
    with the YAML extension: ``# yaml-language-server: $schema=../_schema/lesson.schema.json``)."""
    schema = Lesson.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "lesson.schema.json"
    return schema


def schema_text() -> str:
    """The schema file's exact text (sorted keys, so a diff shows real changes only)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m kiosk.content.lessons: rewrite lessons/_schema/lesson.schema.json
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
