"""The lesson schema's typing steps: type_text (an answer on the on-screen keyboard, judged within a
tolerance) and form_fill (a fake online form with the messages real sites show).

Pure data (pydantic, no Kivy); models are immutable once validated, so they may be shared between threads.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from kiosk.domain.lesson_base import Id, Text, _Model, _PracticeStep, _unique, located

# Every character the kiosk's on-screen AZERTY keyboard types (kiosk/ui/widgets/keyboard.py; a UI test
# checks that they agree): an answer with any other character could never be typed at the kiosk.
_LETTERS = "azertyuiopqsdfghjklmwxcvbnéèêëàâçîïôûùœ"
KEYBOARD_CHARS = frozenset(_LETTERS + _LETTERS.upper() + "'-1234567890@._,:/+#() ")


class Tolerance(_Model):
    """What a typed answer may differ by: letter case, accents, spaces."""

    case: bool = True
    accents: bool = False
    spaces: bool = True


class Check(_Model):
    """Targeted feedback: when the typed text lacks ``missing``, say ``message`` (« Il manque le @ »)."""

    missing: Text
    message: Text


def strip_accents(text: str) -> str:
    """« Élève, cœur » → « Eleve, coeur » (ligatures spelled out)."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str, tolerance: Tolerance) -> str:
    """``text`` reduced by what ``tolerance`` allows to differ; outer spaces never count."""
    text = " ".join(text.split())
    if tolerance.spaces:
        text = text.replace(" ", "")
    if tolerance.case:
        text = text.casefold()
    if tolerance.accents:
        text = strip_accents(text)
    return unicodedata.normalize("NFC", text)


def check_answers(answers: list[str], tolerance: Tolerance, checks: list[Check], at: tuple) -> None:
    """Typed answers a resident can really type: every character on the kiosk keyboard, and each
    ``checks[].missing`` inside the answer (else the check's message would never make sense).
    Raises a located error (``at`` is the path of the step or element holding them)."""
    for n, answer in enumerate(answers):
        odd = sorted({c for c in answer if c not in KEYBOARD_CHARS})
        if odd:
            raise located(
                "untypeable",
                "answer '{answer}' has {chars}, which the kiosk keyboard cannot type",
                (*at, "answers", n),
                answer=answer,
                chars=" ".join(repr(c) for c in odd),
            )
    for n, check in enumerate(checks):
        if answers and not any(
            normalise(check.missing, tolerance) in normalise(a, tolerance) for a in answers
        ):
            raise located(
                "check_missing",
                "checks: '{missing}' is in no answer, so its message is never right",
                (*at, "checks", n, "missing"),
                missing=check.missing,
            )


class TypeTextStep(_PracticeStep):
    """Type an answer on the on-screen keyboard; any of ``answers`` is right, within ``tolerance``."""

    type: Literal["type_text"]
    prompt: Text
    answers: Annotated[list[Text], Field(min_length=1)]
    tolerance: Tolerance = Tolerance()
    checks: list[Check] = []
    success: Text = "Bravo !"

    @model_validator(mode="after")
    def _typeable(self) -> TypeTextStep:
        check_answers(self.answers, self.tolerance, self.checks, ())
        return self


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
