"""Lesson steps (schema version 1): one pydantic model per step type, a union on ``type``.

Content steps explain; practice steps let the resident try, with a hint ladder (``hints``), feedback on
every answer and no timer; assessment steps close the lesson. Pure data: the Kivy widget of each type
lives in kiosk/ui/steps/. Models are immutable once validated.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Literal

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


class Tolerance(_Model):
    """What a typed answer may differ by: letter case, accents, spaces."""

    case: bool = True
    accents: bool = False
    spaces: bool = True


class Check(_Model):
    """Targeted feedback: when the typed text lacks ``missing``, say ``message`` (« Il manque le @ »)."""

    missing: Text
    message: Text


class TypeTextStep(_PracticeStep):
    """Type an answer on the on-screen keyboard; any of ``answers`` is right, within ``tolerance``."""

    type: Literal["type_text"]
    prompt: Text
    answers: Annotated[list[Text], Field(min_length=1)]
    tolerance: Tolerance = Tolerance()
    checks: list[Check] = []
    success: Text = "Bravo !"


FieldKind = Literal["text", "email", "date", "phone", "postcode", "select", "checkbox"]


class FormField(_Model):
    """One field of a fake online form. ``expected`` (optional) is what the lesson asks to type."""

    id: Id
    label: Text
    kind: FieldKind = "text"
    required: bool = True
    options: list[Text] = []
    expected: str | None = None
    error: str | None = None  # the site's message when wrong; a realistic default per kind otherwise

    @model_validator(mode="after")
    def _select_has_options(self) -> FormField:
        if self.kind == "select" and len(self.options) < 2:
            raise PydanticCustomError("select_options", "a select field needs at least 2 options")
        return self


class FormFillStep(_PracticeStep):
    """Fill a fake online form; « Valider » shows the validation messages real sites show."""

    type: Literal["form_fill"]
    site: Text  # the fake site's name shown in its header, never a real service's logo
    fields: Annotated[list[FormField], Field(min_length=1, max_length=8)]
    submit: Text = "Valider"
    success: Text = "Formulaire bien rempli !"

    @model_validator(mode="after")
    def _unique_fields(self) -> FormFillStep:
        _unique([f.id for f in self.fields], "fields")
        return self


class Message(_Model):
    """A fake SMS or e-mail drawn by the kiosk (data, not a screenshot)."""

    id: Id = "message"
    kind: Literal["sms", "email"]
    sender: Text
    subject: str = ""
    body: Text


class Clue(_Model):
    """A suspicious part of a message: ``target`` is the exact text (in sender, subject or body)."""

    id: Id
    target: Text
    explain: Text


class SpotTheCluesStep(_PracticeStep):
    """Tap each suspicious part of a fake message; each clue found shows its explanation."""

    type: Literal["spot_the_clues"]
    message: Message
    clues: Annotated[list[Clue], Field(min_length=1, max_length=8)]
    min_found: Annotated[int, Field(ge=1)] = 1

    @model_validator(mode="after")
    def _targets_exist(self) -> SpotTheCluesStep:
        _unique([c.id for c in self.clues], "clues")
        whole = "\n".join((self.message.sender, self.message.subject, self.message.body))
        for clue in self.clues:
            if clue.target not in whole:
                raise PydanticCustomError(
                    "clue_target",
                    "clue '{clue}': '{target}' is not in the message",
                    {"clue": clue.id, "target": clue.target},
                )
        if self.min_found > len(self.clues):
            raise PydanticCustomError("min_found", "min_found is larger than the number of clues")
        return self


class SortItem(_Model):
    """One message to sort, with the right answer and why."""

    message: Message
    answer: Literal["fiable", "suspect"]
    explain: Text


class SafeOrScamStep(_PracticeStep):
    """Tap a message, then « Fiable » or « Suspect » (tap-tap sorting, no drag)."""

    type: Literal["safe_or_scam"]
    items: Annotated[list[SortItem], Field(min_length=2, max_length=6)]

    @model_validator(mode="after")
    def _unique_messages(self) -> SafeOrScamStep:
        _unique([i.message.id for i in self.items], "messages")
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


class SimElement(_Model):
    """Something on a simulated screen: a button, a link, a message in a list, an input field."""

    id: Id
    kind: Literal["button", "link", "item", "field", "text", "toggle"] = "button"
    label: Text
    detail: str = ""
    goto: str | None = None  # the screen it opens


class SimScreen(_Model):
    """One screen of a simulated app."""

    id: Id
    title: Text
    elements: Annotated[list[SimElement], Field(min_length=1)]


class GuidedSimStep(_PracticeStep):
    """A small simulated app (mailbox, browser, phone settings). The resident taps ``expect`` in order;
    in ``guide`` mode the next target is highlighted. Nothing is sent: it is visibly an exercise."""

    type: Literal["guided_sim"]
    app: Literal["mailbox", "browser", "phone"]
    mode: Literal["guide", "autonome"] = "guide"
    task: Text
    start: Id
    screens: Annotated[list[SimScreen], Field(min_length=1)]
    expect: Annotated[list[Id], Field(min_length=1)]  # element ids to tap, in order
    success: Text = "Bravo, c'est fait !"

    @model_validator(mode="after")
    def _references(self) -> GuidedSimStep:
        _unique([s.id for s in self.screens], "screens")
        screens = {s.id for s in self.screens}
        elements = [e for s in self.screens for e in s.elements]
        if self.start not in screens:
            raise PydanticCustomError("sim_start", "start '{start}' is not a screen", {"start": self.start})
        for element in elements:
            if element.goto is not None and element.goto not in screens:
                raise PydanticCustomError(
                    "sim_goto",
                    "element '{el}' goes to '{goto}', which is not a screen",
                    {"el": element.id, "goto": element.goto},
                )
        known = {e.id for e in elements}
        for target in self.expect:
            if target not in known:
                raise PydanticCustomError(
                    "sim_expect", "expect names '{target}', which is no element", {"target": target}
                )
        # Walk the expected taps: each target must be on the screen the resident sees at that moment.
        by_screen = {s.id: {e.id: e for e in s.elements} for s in self.screens}
        screen = self.start
        for target in self.expect:
            here = by_screen[screen].get(target)
            if here is None:
                raise PydanticCustomError(
                    "sim_unreachable",
                    "expect names '{target}', which is not on screen '{screen}' at that moment",
                    {"target": target, "screen": screen},
                )
            screen = here.goto or screen
        return self


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
    "checkpoint",
    "handout",
)
PRACTICE_TYPES = frozenset(STEP_TYPES) - {"explain", "tip", "warning", "recap", "handout"}
