"""The lesson schema's building blocks: the strict base model, ids, pictures, the step bases (text steps,
practice steps with their hint ladder and ``on_stuck``) and error helpers that point at a line.

Pure data (pydantic, no Kivy); models are immutable once validated, so they may be shared between threads.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

STEP_ID = r"^[a-z0-9][a-z0-9_-]{0,39}$"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=STEP_ID)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_image(value: str | None) -> str | None:
    if value is None:
        return None
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value:
        raise ValueError(f"a path inside the lesson folder such as media/picture.png, got {value!r}")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"a .png, .jpg or .webp picture, got {value!r}")
    return value


def _unique(ids: list[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise PydanticCustomError("duplicate_id", "two {what} have the same id", {"what": what})


def located(kind: str, message: str, at: tuple[str | int, ...], **ctx: object) -> PydanticCustomError:
    """An error raised by a step's own rule about one of its parts: ``at`` is that part's path inside
    the step (``("screens", 1, "elements", 0)``); kiosk.content.lessons reports it at that part's line."""
    return PydanticCustomError(kind, message, {**ctx, "at": ".".join(str(p) for p in at)})


class _Step(_Model):
    id: Id
    title: Annotated[str, Field(min_length=1, max_length=60)]


class OnStuck(_Model):
    """Where to send a resident who fails ``after_attempts`` times (a step to review), never a fail screen."""

    after_attempts: Annotated[int, Field(ge=1, le=10)] = 3
    go: Id


class _PracticeStep(_Step):
    """A step where the resident acts. ``hints`` is a ladder: one more hint after each wrong try."""

    text: str = ""
    hints: Annotated[list[Text], Field(max_length=4)] = []
    on_stuck: OnStuck | None = None


class _TextStep(_Step):
    """One idea: a short text, optionally a picture with its description (alt, read aloud)."""

    text: Text
    image: str | None = None
    alt: str = ""

    @field_validator("image")
    @classmethod
    def _relative_image(cls, value: str | None) -> str | None:
        return _check_image(value)

    @model_validator(mode="after")
    def _alt_with_image(self) -> _TextStep:
        if self.image and not self.alt:
            raise PydanticCustomError("alt_missing", "a picture needs its description in alt")
        return self
