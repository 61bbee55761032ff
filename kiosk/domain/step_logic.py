"""How practice steps judge what the resident did: pure functions and small state objects, no Kivy.

Every judgement returns a ``Verdict`` (right or not, and what to say in plain French). Retrying costs
nothing, so the state objects only move forward on right answers. Thread-safety: the functions are pure;
each state object belongs to one step view (main thread).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from datetime import date

from kiosk.domain.lesson_steps import (
    Check,
    ChooseManyStep,
    Clue,
    FormField,
    GestureDrillStep,
    GuidedSimStep,
    Message,
    Option,
    OrderStepsStep,
    Question,
    SimElement,
    TapTargetStep,
    Tolerance,
    TypeTextStep,
    Zone,
)
from kiosk.domain.lesson_typing import normalise, strip_accents  # noqa: F401 - re-exported
from kiosk.i18n import _

ZONE_SLACK = 0.02  # a zone is hit a little outside its drawn edge (older users miss by a few mm)


@dataclass(frozen=True)
class Verdict:
    """The judgement of one try: ``ok`` and the sentence to show (and read aloud)."""

    ok: bool
    message: str


# -- typing -------------------------------------------------------------------------------------------
def judge_typed(
    answers: list[str], tolerance: Tolerance, checks: list[Check], typed: str, success: str
) -> Verdict:
    """Right when ``typed`` matches one of ``answers`` within ``tolerance`` (no answers: any text);
    else the first ``checks`` message whose part is missing, else a plain « check each letter »."""
    if not typed.strip():
        return Verdict(False, _("Écrivez votre réponse avec le clavier."))
    got = normalise(typed, tolerance)
    if not answers or any(got == normalise(answer, tolerance) for answer in answers):
        return Verdict(True, success)
    for check in checks:
        if normalise(check.missing, tolerance) not in got:
            return Verdict(False, check.message)
    return Verdict(False, _("Pas encore. Vérifiez chaque lettre."))


def check_typed(step: TypeTextStep, typed: str) -> Verdict:
    """A type_text answer judged (see ``judge_typed``)."""
    return judge_typed(step.answers, step.tolerance, step.checks, typed, step.success)


def _same(a: str, b: str, tolerance: Tolerance) -> bool:
    return normalise(a, tolerance) == normalise(b, tolerance) or (a == " " == b)


def next_key(answers: list[str], tolerance: Tolerance, typed: str) -> tuple[str, str] | None:
    """Guided typing: what to press next to reach an answer, and what is left to type.

    Returns ("ok", "") when ``typed`` is right, ("erase", "") when it went wrong (the last character must
    go), (character, rest) for the next character (``rest`` starts with it), or None without answers.
    Compared character by character within ``tolerance``; the answer followed is the first one ``typed``
    still leads to.
    """
    if not answers:
        return ("ok", "") if typed.strip() else None
    if any(normalise(typed, tolerance) == normalise(a, tolerance) for a in answers):
        return ("ok", "")
    for answer in answers:
        i = j = 0
        while i < len(typed) and j < len(answer):
            if tolerance.spaces and typed[i] == " " and answer[j] != " ":
                i += 1
            elif tolerance.spaces and answer[j] == " " and typed[i] != " ":
                j += 1
            elif _same(typed[i], answer[j], tolerance):
                i, j = i + 1, j + 1
            else:
                break
        if i == len(typed) and j < len(answer):
            return (answer[j], answer[j:])
    return ("erase", "")


# -- forms --------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_LENIENT = Tolerance(case=True, accents=True, spaces=True)


def _kind_error(kind: str, value: str) -> str | None:
    """The realistic message a site shows when ``value`` is not a valid ``kind``, or None."""
    if kind == "email" and not _EMAIL.match(value):
        return _("Adresse e-mail invalide. Exemple : nom@exemple.fr")
    if kind == "date":
        match = _DATE.match(value)
        try:
            if match is None:
                raise ValueError(value)
            date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return _("Format attendu : JJ/MM/AAAA")
    if kind == "phone":
        digits = re.sub(r"[\s.]", "", value)
        if not (digits.isdigit() and len(digits) == 10 and digits.startswith("0")):
            return _("Le numéro doit avoir 10 chiffres. Exemple : 06 12 34 56 78")
    if kind == "postcode" and not (value.isdigit() and len(value) == 5):
        return _("Le code postal a 5 chiffres. Exemple : 57100")
    return None


def field_error(form_field: FormField, value: str) -> str | None:
    """What the fake site says about this field's ``value`` (checkbox: "1" ticked), or None when fine."""
    value = value.strip()
    if form_field.kind == "checkbox":
        if form_field.required and value != "1":
            return form_field.error or _("Cochez cette case pour continuer.")
        return None
    if not value:
        return _("Ce champ est obligatoire.") if form_field.required else None
    if form_field.kind == "select" and value not in form_field.options:
        return form_field.error or _("Choisissez dans la liste.")
    problem = _kind_error(form_field.kind, value)
    if problem is not None:
        return form_field.error or problem
    if form_field.expected is not None and normalise(value, _LENIENT) != normalise(
        form_field.expected, _LENIENT
    ):
        return form_field.error or _("Écrivez : {expected}").format(expected=form_field.expected)
    return None


# -- questions ----------------------------------------------------------------------------------------
def judge_option(options: list[Option], chosen: str | None) -> Verdict:
    """One answer to a one-right-answer question; ``chosen`` None is « Je ne sais pas »."""
    right = next(o for o in options if o.correct)
    if chosen is None:
        return Verdict(False, _("Ce n'est pas grave. La bonne réponse : {answer}").format(answer=right.text))
    option = next((o for o in options if o.id == chosen), None)
    if option is None:
        raise KeyError(chosen)
    return Verdict(option.correct, option.feedback)


def judge_many(step: ChooseManyStep, chosen: set[str]) -> tuple[Verdict, list[Option]]:
    """The ticked options against the right ones: the verdict and the options to explain."""
    right = {o.id for o in step.options if o.correct}
    wrong_ticked = [o for o in step.options if o.id in chosen and not o.correct]
    missing = [o for o in step.options if o.id in right - chosen]
    if not chosen:
        return Verdict(False, _("Touchez une ou plusieurs réponses, puis « Valider ».")), []
    if not wrong_ticked and not missing:
        return Verdict(True, _("Bravo, c'est tout juste !")), [o for o in step.options if o.id in chosen]
    if wrong_ticked:
        return Verdict(False, _("Une réponse cochée n'est pas juste.")), wrong_ticked
    return Verdict(False, _("C'est juste, mais il en manque.")), []


@dataclass
class CheckpointRun:
    """Questions one at a time; ``answers`` holds the chosen option id (None: « Je ne sais pas »)."""

    questions: list[Question]
    mastery: int
    answers: list[str | None] = field(default_factory=list)

    @property
    def current(self) -> int:
        return len(self.answers)

    @property
    def finished(self) -> bool:
        return len(self.answers) >= len(self.questions)

    def answer(self, chosen: str | None) -> Verdict:
        verdict = judge_option(self.questions[self.current].options, chosen)
        self.answers.append(chosen)
        return verdict

    @property
    def score(self) -> int:
        return sum(
            1
            for q, a in zip(self.questions, self.answers, strict=False)
            if a is not None and next(o for o in q.options if o.id == a).correct
        )

    @property
    def mastered(self) -> bool:
        return self.finished and self.score >= self.mastery


# -- pictures -----------------------------------------------------------------------------------------
def zone_at(step: TapTargetStep, fx: float, fy: float) -> Zone | None:
    """The zone under a tap at fractions (fx, fy) of the picture, from its top left; the smallest wins."""
    hits = [
        z
        for z in step.zones
        if z.rect[0] - ZONE_SLACK <= fx <= z.rect[0] + z.rect[2] + ZONE_SLACK
        and z.rect[1] - ZONE_SLACK <= fy <= z.rect[1] + z.rect[3] + ZONE_SLACK
    ]
    return min(hits, key=lambda z: z.rect[2] * z.rect[3]) if hits else None


# -- messages -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    """A piece of a rendered message: ``part`` in sender, subject, body; ``clue`` the clue id or None."""

    part: str
    text: str
    clue: str | None


def segments(message: Message, clues: list[Clue]) -> list[Segment]:
    """The message cut at every clue target (first occurrence, in order), each piece tappable."""
    out: list[Segment] = []
    for part in ("sender", "subject", "body"):
        text = str(getattr(message, part))
        if not text:
            continue
        found = sorted(
            ((text.find(c.target), c) for c in clues if c.target in text), key=lambda pair: pair[0]
        )
        cursor = 0
        for start, clue in found:
            if start < cursor:
                continue  # overlaps an earlier clue: that one wins
            if start > cursor:
                out.append(Segment(part, text[cursor:start], None))
            out.append(Segment(part, clue.target, clue.id))
            cursor = start + len(clue.target)
        if cursor < len(text):
            out.append(Segment(part, text[cursor:], None))
    return [s for s in out if s.text]  # a lone space between two clues is kept (« 1,99 € avant »)


# -- ordering -----------------------------------------------------------------------------------------
def shuffled_order(step: OrderStepsStep) -> list[int]:
    """Indexes of ``step.items`` in the order shown: shuffled the same way every time, never right."""
    order = list(range(len(step.items)))
    seed = int.from_bytes(hashlib.sha256(step.id.encode()).digest()[:4], "big")
    rng = random.Random(seed)
    while order == sorted(order):
        rng.shuffle(order)
    return order


@dataclass
class OrderRun:
    """Items tapped so far (indexes into the right order)."""

    count: int
    tapped: list[int] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return len(self.tapped) == self.count

    def tap(self, index: int) -> bool:
        """True when ``index`` is the next item; a wrong tap changes nothing."""
        if index in self.tapped or index != len(self.tapped):
            return False
        self.tapped.append(index)
        return True


# -- gestures -----------------------------------------------------------------------------------------
@dataclass
class GestureRun:
    """The gestures to practise, each ``repetitions`` times; misses make the target grow."""

    plan: list[str]
    position: int = 0
    misses: int = 0
    skipped: int = 0

    @classmethod
    def of(cls, step: GestureDrillStep) -> GestureRun:
        return cls([g for g in step.gestures for _ in range(step.repetitions)])

    @property
    def current(self) -> str | None:
        return self.plan[self.position] if self.position < len(self.plan) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.plan)

    def did(self, gesture: str) -> bool:
        """The resident made ``gesture``: True (and on to the next) when it was the one asked."""
        if gesture == self.current:
            self.position += 1
            self.misses = 0
            return True
        self.misses += 1
        return False

    def skip(self) -> None:
        """Tap alternative: leave this gesture (all its repetitions) without doing it."""
        current = self.current
        while self.current is not None and self.current == current:
            self.position += 1
            self.skipped += 1
        self.misses = 0


# -- simulated apps -----------------------------------------------------------------------------------
@dataclass
class SimRun:
    """Where the resident is in a guided simulation: the screen shown, how many targets were done, the
    field being typed into (``typing``) and what was typed in each field (forgotten with the run)."""

    step: GuidedSimStep
    screen: str = ""
    position: int = 0
    wrong: int = 0
    typing: str | None = None
    values: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.screen = self.screen or self.step.start

    @property
    def finished(self) -> bool:
        return self.position >= len(self.step.expect)

    @property
    def target(self) -> str | None:
        """The element to tap next (highlighted in « guidé » mode)."""
        return None if self.finished else self.step.expect[self.position]

    def element(self, element_id: str) -> SimElement:
        return next(e for s in self.step.screens for e in s.elements if e.id == element_id)

    def tap(self, element_id: str) -> bool:
        """True when ``element_id`` was the next target: its ``goto`` screen opens, or, for a field, the
        field opens for typing (``typing``) and only ``type_into`` moves on. Else nothing moves."""
        if element_id != self.target:
            self.wrong += 1
            return False
        if self.element(element_id).kind == "field":
            self.typing = element_id
            return True
        self._advance(element_id)
        return True

    @property
    def guided(self) -> bool:
        """« guidé » mode, or « autonome » after two wrong tries: the next target is shown."""
        return self.step.mode == "guide" or self.wrong >= 2

    def miss(self, element_id: str) -> str:
        """Wrong tap: the element's ``feedback`` or « Ce n'est pas ici. », then (guided) the target."""
        said = self.element(element_id).feedback or _("Ce n'est pas ici.")
        if self.guided and self.target is not None:
            said += " " + _("Cherchez « {label} ».").format(label=self.element(self.target).label)
        return said

    def value(self, element_id: str) -> str:
        """What the field shows: what was typed, else the text already in it (``detail``)."""
        return self.values.get(element_id, self.element(element_id).detail)

    def type_into(self, text: str) -> Verdict:
        """The keyboard's OK on the field being typed: judged as type_text is; right moves on."""
        element = self.element(self.typing or "")
        self.values[element.id] = text
        verdict = judge_typed(element.answers, element.tolerance, element.checks, text, _("Bien écrit !"))
        if verdict.ok:
            self._advance(element.id)
        elif text.strip():
            self.wrong += 1
        return verdict

    def guide(self, typed: str) -> tuple[str, str] | None:
        """The next key for the field being typed (see ``next_key``)."""
        element = self.element(self.typing or "")
        return next_key(element.answers, element.tolerance, typed)

    def _advance(self, element_id: str) -> None:
        self.position += 1
        self.wrong = 0
        self.typing = None
        self.screen = self.element(element_id).goto or self.screen
