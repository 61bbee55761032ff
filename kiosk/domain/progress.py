"""A resident's way through one lesson (anonymous) and the resume code that reopens it at a step.

Resume codes are stateless: 6 symbols from an alphabet without 0/O/1/I, shown as « K7M-4QX »-like
``XXX-XXX``. They carry 18 bits of a hash of the lesson id, the step index (6 bits) and a 6-bit checksum,
and nothing personal: the kiosk needs no account and the hub no table. A ``LessonRun`` records time,
wrong answers, hints and « Je ne sais pas » per step for the anonymous statistics. Thread-safety: pure
functions; a LessonRun belongs to one screen (main thread).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from kiosk.domain.lessons import Lesson
from kiosk.i18n import _

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, O, 1 or I
CODE_LENGTH = 6
MAX_STEP_INDEX = 63
_LESSON_BITS, _STEP_BITS, _CHECK_BITS = 18, 6, 6


class CodeError(ValueError):
    """A resume code that cannot be read; ``str(error)`` is a short French sentence for the resident."""


def _lesson_hash(lesson_id: str) -> int:
    digest = hashlib.sha256(lesson_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") >> (32 - _LESSON_BITS)


def _checksum(lesson_hash: int, step: int) -> int:
    digest = hashlib.sha256(f"kiosk-resume:{lesson_hash}:{step}".encode()).digest()
    return digest[0] >> (8 - _CHECK_BITS)


def encode_resume(lesson_id: str, step_index: int) -> str:
    """The code that reopens ``lesson_id`` at ``step_index`` (clamped to 0..63), e.g. ``"K7M-4QX"``."""
    step = max(0, min(step_index, MAX_STEP_INDEX))
    lesson_hash = _lesson_hash(lesson_id)
    value = (lesson_hash << (_STEP_BITS + _CHECK_BITS)) | (step << _CHECK_BITS) | _checksum(lesson_hash, step)
    symbols = []
    for _i in range(CODE_LENGTH):
        symbols.append(ALPHABET[value & 31])
        value >>= 5
    text = "".join(reversed(symbols))
    return f"{text[:3]}-{text[3:]}"


def clean_code(typed: str) -> str:
    """Upper case, without spaces or dashes (what the resident typed, as the alphabet spells it)."""
    return "".join(c for c in typed.upper() if c not in " -")


def decode_resume(typed: str) -> tuple[int, int]:
    """(lesson hash, step index) of a code. Raises CodeError with a French message."""
    code = clean_code(typed)
    if len(code) != CODE_LENGTH:
        raise CodeError(_("Le code a 6 signes. Vérifiez votre fiche."))
    value = 0
    for char in code:
        if char not in ALPHABET:
            raise CodeError(_("Ce code n'existe pas. Vérifiez les lettres."))
        value = (value << 5) | ALPHABET.index(char)
    check = value & ((1 << _CHECK_BITS) - 1)
    step = (value >> _CHECK_BITS) & ((1 << _STEP_BITS) - 1)
    lesson_hash = value >> (_STEP_BITS + _CHECK_BITS)
    if check != _checksum(lesson_hash, step):
        raise CodeError(_("Ce code n'existe pas. Vérifiez les lettres."))
    return lesson_hash, step


def find_resume(typed: str, lessons: Iterable[Lesson]) -> tuple[Lesson, int]:
    """The lesson and step index a code points to (index clamped to the lesson). Raises CodeError."""
    lesson_hash, step = decode_resume(typed)
    for lesson in lessons:
        if _lesson_hash(lesson.id) == lesson_hash:
            return lesson, min(step, len(lesson.steps) - 1)
    raise CodeError(_("Cette leçon n'est plus sur la borne. Demandez au conseiller."))


@dataclass
class StepRecord:
    """What happened on one step: seconds spent, wrong tries, hints shown, done, « Je ne sais pas »."""

    step_id: str
    index: int
    seconds: float = 0.0
    wrong: int = 0
    hints: int = 0
    done: bool = False
    dont_know: bool = False


@dataclass
class LessonRun:
    """One resident's way through a lesson, from ``start`` (a resume code may start further on).

    ``clock`` returns monotonic seconds (injected by tests). ``key`` identifies the run for the hub
    (idempotent upload); it is random and tied to nobody.
    """

    lesson: Lesson
    start: int = 0
    clock: Callable[[], float] = time.monotonic
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    records: dict[int, StepRecord] = field(default_factory=dict)
    index: int = -1
    completed: bool = False
    _entered: float = 0.0

    def __post_init__(self) -> None:
        self.enter(self.start)

    def record(self, index: int | None = None) -> StepRecord:
        index = self.index if index is None else index
        if index not in self.records:
            self.records[index] = StepRecord(self.lesson.steps[index].id, index)
        return self.records[index]

    def _pause(self) -> None:
        if self.index >= 0:
            self.record().seconds += max(0.0, self.clock() - self._entered)

    def enter(self, index: int) -> None:
        """The resident now sees step ``index``."""
        self._pause()
        self.index = max(0, min(index, len(self.lesson.steps) - 1))
        self.record()
        self._entered = self.clock()

    def wrong(self) -> None:
        self.record().wrong += 1

    def hint(self) -> None:
        self.record().hints += 1

    def done(self, *, dont_know: bool = False) -> None:
        record = self.record()
        record.done = True
        record.dont_know = record.dont_know or dont_know

    def finish(self) -> None:
        """The resident reached the end of the lesson."""
        self.completed = True
        self._pause()
        self._entered = self.clock()

    def resume_code(self) -> str:
        """The code that reopens the lesson where the resident is now (the first step once completed)."""
        return encode_resume(self.lesson.id, 0 if self.completed else self.index)

    def steps_done(self) -> list[str]:
        """Titles of the steps seen, in lesson order (for « Ma fiche »)."""
        return [self.lesson.steps[i].title for i in sorted(self.records)]

    def summary(self) -> dict[str, Any]:
        """The anonymous record sent to the hub: no name, no typed text, only ids, counts and seconds."""
        if not self.completed:
            self._pause()
            self._entered = self.clock()
        steps = [asdict(self.records[i]) for i in sorted(self.records)]
        for step in steps:
            step["seconds"] = round(step["seconds"], 1)
            step["title"] = self.lesson.steps[step["index"]].title
        return {
            "run_key": self.key,
            "lesson_id": self.lesson.id,
            "lesson_title": self.lesson.title,
            "completed": self.completed,
            "stopped_at": None if self.completed else self.lesson.steps[self.index].id,
            "seconds": round(sum(s["seconds"] for s in steps), 1),
            "steps": steps,
        }
