"""The lesson schema (version 1): a lesson and its steps (a union on ``type``), as pydantic models.

Pure data: reading YAML and reporting line numbers is kiosk.content.lessons' job. Models are immutable once
validated, so they may be shared between threads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from kiosk.domain.lesson_steps import (  # noqa: F401 - re-exported: the lesson schema in one import
    PRACTICE_TYPES,
    STEP_ID,
    STEP_TYPES,
    ChooseOneStep,
    ExplainStep,
    RecapStep,
    Step,
    TapTargetStep,
    Text,
    TipStep,
    WarningStep,
    _Model,
    _Step,
    _TextStep,
)
from kiosk.domain.lesson_themes import ThemeId
from kiosk.domain.topics import all_topics, topic_by_id

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Level = Literal["decouverte", "debutant", "intermediaire"]


class Source(_Model):
    """Where content was adapted from, with its licence (credited on screen and on the memo)."""

    title: Text
    org: Text
    license: Text
    url: str | None = None


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
    steps: Annotated[list[Step], Field(min_length=1, max_length=64)]  # a resume code holds 64 steps
    # Words that find this lesson's next workshop in the agenda (« sécurité », « traitement de texte »).
    agenda_keywords: list[Text] = []
    # The help topic of « Appeler le conseiller » from this lesson (an id of kiosk.domain.topics);
    # default: the pictogram when it names a topic, else « autre ».
    help_topic: str | None = None
    # The group of « Apprendre » the lesson is listed in (kiosk.domain.lesson_themes), and its place in the
    # suggested path of a first visit (1 first; none: not suggested).
    theme: ThemeId | None = None
    first_visit: Annotated[int, Field(ge=1, le=20)] | None = None

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

    @field_validator("steps")
    @classmethod
    def _jumps_exist(cls, steps: list[_Step]) -> list[_Step]:
        ids = {step.id for step in steps}
        for index, step in enumerate(steps):
            stuck = getattr(step, "on_stuck", None)
            for target in (stuck.go if stuck else None, getattr(step, "review", None)):
                if target is not None and target not in ids:
                    raise PydanticCustomError(
                        "unknown_jump",
                        "step '{step_id}' jumps to '{target}', which is not a step of this lesson",
                        {"step_id": step.id, "target": target, "index": index},
                    )
        return steps

    @field_validator("help_topic")
    @classmethod
    def _known_topic(cls, value: str | None) -> str | None:
        if value is not None and topic_by_id(value) is None:
            ids = ", ".join(t.id for t in all_topics())
            raise PydanticCustomError(
                "unknown_topic", "unknown help topic '{topic}' (one of: {ids})", {"topic": value, "ids": ids}
            )
        return value

    def topic_id(self) -> str:
        """The help topic a request from this lesson carries."""
        if self.help_topic:
            return self.help_topic
        if self.pictogram and topic_by_id(self.pictogram) is not None:
            return self.pictogram
        return "autre"

    @property
    def folder(self) -> Path | None:
        """The folder the lesson was loaded from (None when built in memory)."""
        return self._folder

    def with_folder(self, folder: Path) -> Lesson:
        """This lesson, remembering the folder it came from. Returns self."""
        self._folder = folder
        return self

    def image_path(self, step: _TextStep | TapTargetStep) -> Path | None:
        """Where a step's picture is on disk, or None (no picture, or the lesson has no folder)."""
        if step.image is None or self._folder is None:
            return None
        return self._folder / step.image

    def images(self) -> list[tuple[int, str]]:
        """(step index, relative path) of every picture the lesson shows."""
        return [
            (i, s.image)
            for i, s in enumerate(self.steps)
            if isinstance(s, _TextStep | TapTargetStep) and s.image
        ]
