"""Lesson steps (schema version 1): one pydantic model per step type, a union on ``type``.

Content steps explain; practice steps let the resident try, with a hint ladder (``hints``), feedback on
every answer and no timer; assessment steps close the lesson. This module holds the content, question,
picture, drill and closing steps and the union; typing and forms (kiosk.domain.lesson_typing), fake
messages (kiosk.domain.lesson_messages), simulated apps (kiosk.domain.lesson_sim) and phone calls
(kiosk.domain.lesson_call) have their own modules, re-exported here. Pure data: the Kivy widget of each
type lives in kiosk/ui/steps/. Models are immutable once validated.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from kiosk.domain.lesson_base import (  # noqa: F401 - re-exported: the step schema in one import
    IMAGE_SUFFIXES,
    STEP_ID,
    Id,
    OnStuck,
    Text,
    _check_image,
    _Model,
    _PracticeStep,
    _Step,
    _TextStep,
    _unique,
)
from kiosk.domain.lesson_call import CallReply, CallTurn, PhoneCallStep  # noqa: F401 - re-exported
from kiosk.domain.lesson_messages import (  # noqa: F401 - re-exported
    Clue,
    Message,
    SafeOrScamStep,
    SortItem,
    SpotTheCluesStep,
)
from kiosk.domain.lesson_sim import GuidedSimStep, SimElement, SimScreen  # noqa: F401 - re-exported
from kiosk.domain.lesson_typing import (  # noqa: F401 - re-exported
    Check,
    FieldKind,
    FormField,
    FormFillStep,
    Tolerance,
    TypeTextStep,
)


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

    id: Id
    text: Annotated[str, Field(min_length=1, max_length=80)]
    correct: bool = False
    feedback: Text


class ChooseOneStep(_PracticeStep):
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


class ChooseManyStep(_PracticeStep):
    """A question with 2 to 6 answers, one or more right; the resident ticks, then « Valider »."""

    type: Literal["choose_many"]
    question: Text
    options: Annotated[list[Option], Field(min_length=2, max_length=6)]

    @model_validator(mode="after")
    def _some_right(self) -> ChooseManyStep:
        _unique([o.id for o in self.options], "options")
        if not any(o.correct for o in self.options):
            raise PydanticCustomError("correct_count", "at least one option must have correct: true")
        return self


class Zone(_Model):
    """A rectangle on a picture, in fractions of its width and height: [x, y, w, h] from the top left."""

    id: Id
    rect: Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=4, max_length=4)]
    correct: bool = False
    feedback: Text

    @model_validator(mode="after")
    def _inside(self) -> Zone:
        x, y, w, h = self.rect
        if w <= 0 or h <= 0 or x + w > 1.0001 or y + h > 1.0001:
            raise PydanticCustomError("zone_outside", "the zone must have a size and stay inside the picture")
        return self


class TapTargetStep(_PracticeStep):
    """Tap the right place on a picture; wrong zones give their own feedback, elsewhere a hint."""

    type: Literal["tap_target"]
    image: str
    alt: Text
    zones: Annotated[list[Zone], Field(min_length=1)]

    @field_validator("image")
    @classmethod
    def _relative_image(cls, value: str) -> str:
        return _check_image(value) or value

    @model_validator(mode="after")
    def _one_right(self) -> TapTargetStep:
        _unique([z.id for z in self.zones], "zones")
        if not any(z.correct for z in self.zones):
            raise PydanticCustomError("correct_count", "at least one zone must have correct: true")
        return self


class OrderStepsStep(_PracticeStep):
    """Tap the items in the right order (they are shown shuffled); numbers appear as they are tapped."""

    type: Literal["order_steps"]
    items: Annotated[list[Text], Field(min_length=2, max_length=6)]  # in the right order
    success: Text = "Bravo, c'est le bon ordre !"


Gesture = Literal["tap", "long_press", "swipe_left", "swipe_right", "scroll"]


class GestureDrillStep(_PracticeStep):
    """Practise phone gestures on a fake phone screen; the target grows after misses."""

    type: Literal["gesture_drill"]
    gestures: Annotated[list[Gesture], Field(min_length=1)]
    repetitions: Annotated[int, Field(ge=1, le=5)] = 2


class Question(_Model):
    """A checkpoint question (one right answer)."""

    question: Text
    options: Annotated[list[Option], Field(min_length=2, max_length=4)]

    @model_validator(mode="after")
    def _one_right(self) -> Question:
        _unique([o.id for o in self.options], "options")
        if sum(o.correct for o in self.options) != 1:
            raise PydanticCustomError("correct_count", "exactly one option must have correct: true")
        return self


class CheckpointStep(_PracticeStep):
    """A few questions; ``mastery`` right answers out of the questions mean the lesson is mastered.
    Below that, the kiosk suggests the ``review`` step, never a « fail » screen."""

    type: Literal["checkpoint"]
    questions: Annotated[list[Question], Field(min_length=2, max_length=5)]
    mastery: Annotated[int, Field(ge=1)]
    review: Id | None = None

    @model_validator(mode="after")
    def _reachable(self) -> CheckpointStep:
        if self.mastery > len(self.questions):
            raise PydanticCustomError("mastery", "mastery is larger than the number of questions")
        return self


class QrLink(_Model):
    """An official site printed as a QR code on the memo, with its address in words."""

    label: Text
    url: Annotated[str, Field(pattern=r"^https://[^\s]+$")]


class HandoutStep(_Step):
    """« Ma fiche »: preview of the take-home memo (recaps, steps, QR codes, resume code), then print."""

    type: Literal["handout"]
    text: str = ""
    qr_links: Annotated[list[QrLink], Field(max_length=4)] = []


Step = Annotated[
    ExplainStep
    | TipStep
    | WarningStep
    | RecapStep
    | ChooseOneStep
    | ChooseManyStep
    | TapTargetStep
    | TypeTextStep
    | FormFillStep
    | SpotTheCluesStep
    | SafeOrScamStep
    | OrderStepsStep
    | GestureDrillStep
    | GuidedSimStep
    | PhoneCallStep
    | CheckpointStep
    | HandoutStep,
    Field(discriminator="type"),
]
STEP_TYPES: tuple[str, ...] = (
    "explain",
    "tip",
    "warning",
    "recap",
    "choose_one",
    "choose_many",
    "tap_target",
    "type_text",
    "form_fill",
    "spot_the_clues",
    "safe_or_scam",
    "order_steps",
    "gesture_drill",
    "guided_sim",
    "phone_call",
    "checkpoint",
    "handout",
)
PRACTICE_TYPES = frozenset(STEP_TYPES) - {"explain", "tip", "warning", "recap", "handout"}


def step_picture(step: _Step) -> tuple[str | None, str]:
    """(picture file relative to the lesson folder, its description read aloud) of a step that shows one;
    (None, "") for the others."""
    if isinstance(step, _TextStep | TapTargetStep):
        return step.image, step.alt
    return None, ""


def step_practice(step: _Step) -> _PracticeStep | None:
    """The step as a practice step (its hint ladder and ``on_stuck``), or None for a content step."""
    return step if isinstance(step, _PracticeStep) else None
