"""The lesson schema (version 1): a lesson and its steps (a union on ``type``), as pydantic models.

Pure data: reading YAML and reporting line numbers is kiosk.lessons' job. Models are immutable once
validated, so they may be shared between threads.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
STEP_ID = r"^[a-z0-9][a-z0-9_-]{0,39}$"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")

Level = Literal["decouverte", "debutant", "intermediaire"]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Model):
    """Where content was adapted from, with its licence (credited on screen and on the memo)."""

    title: Text
    org: Text
    license: Text
    url: str | None = None


class _Step(_Model):
    id: Annotated[str, Field(pattern=STEP_ID)]
    title: Annotated[str, Field(min_length=1, max_length=60)]


class _TextStep(_Step):
    """One idea: a short text, optionally a picture with its description (alt, read aloud)."""

    text: Text
    image: str | None = None
    alt: str = ""

    @field_validator("image")
    @classmethod
    def _relative_image(cls, value: str | None) -> str | None:
        if value is None:
            return None
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts or "\\" in value:
            raise ValueError(f"a path inside the lesson folder such as media/picture.png, got {value!r}")
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise ValueError(f"a .png, .jpg or .webp picture, got {value!r}")
        return value

    @model_validator(mode="after")
    def _alt_with_image(self) -> _TextStep:
        if self.image and not self.alt:
            raise PydanticCustomError("alt_missing", "a picture needs its description in alt")
        return self


class ExplainStep(_TextStep):
    """Explains one idea."""

    type: Literal["explain"]


class TipStep(_TextStep):
    """A helpful hint (light-bulb card)."""

    type: Literal["tip"]


class WarningStep(_TextStep):
    """A danger to avoid (red card)."""

    type: Literal["warning"]


class RecapStep(_Step):
    """« À retenir »: one to three short sentences, collected into the printed memo."""

    type: Literal["recap"]
    bullets: Annotated[list[Text], Field(min_length=1, max_length=3)]


class Option(_Model):
    """One answer of a question, with what to say when it is chosen."""

    id: Annotated[str, Field(pattern=STEP_ID)]
    text: Annotated[str, Field(min_length=1, max_length=80)]
    correct: bool = False
    feedback: Text


class ChooseOneStep(_Step):
    """A question with 2 to 4 answers, exactly one right; the kiosk always adds « Je ne sais pas »."""

    type: Literal["choose_one"]
    question: Text
    options: Annotated[list[Option], Field(min_length=2, max_length=4)]

    @model_validator(mode="after")
    def _one_right_answer(self) -> ChooseOneStep:
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("duplicate_option_id", "two options have the same id")
        right = sum(o.correct for o in self.options)
        if right != 1:
            raise PydanticCustomError(
                "correct_count", "exactly one option must have correct: true, found {n}", {"n": right}
            )
        return self


Step = Annotated[ExplainStep | TipStep | WarningStep | RecapStep | ChooseOneStep, Field(discriminator="type")]
STEP_TYPES: tuple[str, ...] = ("explain", "tip", "warning", "recap", "choose_one")


class Lesson(_Model):
    """A lesson as written in ``lessons/<folder>/lesson.yaml`` (schema version 1).

    ``folder`` (not a field) is the lesson's folder once loaded from disk; pictures are relative to it.
    """

    schema_version: Literal[1]
    id: Annotated[str, Field(pattern=KEBAB, max_length=60)]
    title: Annotated[str, Field(min_length=1, max_length=60)]
    summary: Text
    objectives: Annotated[list[Text], Field(min_length=1, max_length=4)]
    level: Level
    duration_min: Annotated[int, Field(ge=3, le=30)]
    order: int
    pictogram: str | None = None
    sources: list[Source] = []
    steps: Annotated[list[Step], Field(min_length=1)]

    _folder: Path | None = PrivateAttr(default=None)

    @field_validator("steps")
    @classmethod
    def _unique_step_ids(cls, steps: list[_Step]) -> list[_Step]:
        seen: set[str] = set()
        for index, step in enumerate(steps):
            if step.id in seen:
                raise PydanticCustomError(
                    "duplicate_step_id",
                    "step id '{step_id}' is used twice",
                    {"step_id": step.id, "index": index},
                )
            seen.add(step.id)
        return steps

    @property
    def folder(self) -> Path | None:
        """The folder the lesson was loaded from (None when built in memory)."""
        return self._folder

    def with_folder(self, folder: Path) -> Lesson:
        """This lesson, remembering the folder it came from. Returns self."""
        self._folder = folder
        return self

    def image_path(self, step: _TextStep) -> Path | None:
        """Where a step's picture is on disk, or None (no picture, or the lesson has no folder)."""
        if step.image is None or self._folder is None:
            return None
        return self._folder / step.image

    def images(self) -> list[tuple[int, str]]:
        """(step index, relative path) of every picture the lesson shows."""
        return [(i, s.image) for i, s in enumerate(self.steps) if isinstance(s, _TextStep) and s.image]
