"""The lesson schema's guided_sim step: a small simulated app (mailbox, browser, phone settings) made of
screens and elements, with the taps the resident is expected to make.

Pure data (pydantic, no Kivy); models are immutable once validated, so they may be shared between threads.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from kiosk.domain.lesson_base import Id, Text, _Model, _PracticeStep, _unique, located
from kiosk.domain.lesson_typing import Check, Tolerance, check_answers

TYPING_KEYS = ("prompt", "answers", "tolerance", "checks")


class SimElement(_Model):
    """Something on a simulated screen: a button, a link, a message in a list, an input field.

    A ``field`` is typed into with the kiosk keyboard: ``prompt`` is what the keyboard asks (default:
    « Écrivez : » and the first answer, or the label), ``answers`` the values accepted within
    ``tolerance`` (as type_text; none: any text), ``checks`` targeted messages; ``detail`` is the text
    already in the field. ``feedback`` is what a tap says when the element is not the next target (one or
    two short sentences, instead of « Ce n'est pas ici. »): for tempting wrong targets.
    """

    id: Id
    kind: Literal["button", "link", "item", "field", "text", "toggle"] = "button"
    label: Text
    detail: str = ""
    goto: str | None = None  # the screen it opens
    prompt: str = ""
    answers: list[Text] = []
    tolerance: Tolerance = Tolerance()
    checks: list[Check] = []
    feedback: Annotated[str, Field(max_length=140)] = ""

    @model_validator(mode="after")
    def _typing_only_in_fields(self) -> SimElement:
        if self.kind != "field":
            extra = [k for k in TYPING_KEYS if k in self.model_fields_set]
            if extra:
                raise PydanticCustomError(
                    "not_a_field",
                    "{keys}: only a field (kind: field) is typed into, this is a {kind}",
                    {"keys": ", ".join(extra), "kind": self.kind},
                )
        check_answers(self.answers, self.tolerance, self.checks, ())
        if self.checks and not self.answers:
            raise PydanticCustomError("checks_without_answers", "checks need answers to compare with")
        if self.feedback and self.kind == "text":
            raise PydanticCustomError(
                "feedback_on_text", "feedback: a text (kind: text) is not tapped, its feedback is never shown"
            )
        return self


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
        placed = [
            (e, ("screens", i, "elements", j))
            for i, s in enumerate(self.screens)
            for j, e in enumerate(s.elements)
        ]
        if self.start not in screens:
            raise located("sim_start", "start '{start}' is not a screen", ("start",), start=self.start)
        for element, at in placed:
            if element.goto is not None and element.goto not in screens:
                raise located(
                    "sim_goto",
                    "element '{el}' goes to '{goto}', which is not a screen",
                    (*at, "goto"),
                    el=element.id,
                    goto=element.goto,
                )
        known = {e.id for e, _at in placed}
        for n, target in enumerate(self.expect):
            if target not in known:
                raise located(
                    "sim_expect", "expect names '{target}', which is no element", ("expect", n), target=target
                )
        for element, at in placed:
            if element.kind == "field" and element.answers and element.id not in self.expect:
                raise located(
                    "sim_field_unused",
                    "field '{el}' has answers but is not in expect: nobody would type into it",
                    (*at, "answers"),
                    el=element.id,
                )
        # Walk the expected taps: each target must be on the screen the resident sees at that moment.
        by_screen = {s.id: {e.id: e for e in s.elements} for s in self.screens}
        screen = self.start
        shown: set[str] = set()  # screens the resident sees while the exercise runs
        missable: set[str] = set()  # elements on screen at a moment when they are not the target
        for n, target in enumerate(self.expect):
            here = by_screen[screen].get(target)
            if here is None:
                raise located(
                    "sim_unreachable",
                    "expect names '{target}', which is not on screen '{screen}' at that moment",
                    ("expect", n),
                    target=target,
                    screen=screen,
                )
            shown.add(screen)
            missable |= set(by_screen[screen]) - {target}
            screen = here.goto or screen
        self._feedback_is_shown(shown, missable)
        return self

    def _feedback_is_shown(self, shown: set[str], missable: set[str]) -> None:
        """A ``feedback`` nobody can see is a mistake: the element is the next target each time it is on
        screen, or its screen opens only when the exercise is over (or never)."""
        for i, screen in enumerate(self.screens):
            for j, element in enumerate(screen.elements):
                if not element.feedback or element.id in missable:
                    continue
                at = ("screens", i, "elements", j, "feedback")
                if screen.id not in shown:
                    raise located(
                        "sim_feedback_unseen",
                        "feedback of '{el}' is never shown: "
                        "screen '{screen}' does not open before the exercise ends",
                        at,
                        el=element.id,
                        screen=screen.id,
                    )
                raise located(
                    "sim_feedback_target",
                    "feedback of '{el}' is never shown: it is the next target each time it is on screen",
                    at,
                    el=element.id,
                )
