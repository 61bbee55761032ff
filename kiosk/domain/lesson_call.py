"""The lesson schema's phone_call step: a simulated phone call (a fake bank adviser, a fake support) where
the resident answers each thing the caller says, and hangs up when it is a scam; and ``CallRun``, where the
resident is in the call.

Pure data and pure logic (pydantic, no Kivy); models are immutable once validated. A CallRun belongs to one
step view (main thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from kiosk.domain.lesson_base import Id, Text, _Model, _PracticeStep, _unique, located


class CallReply(_Model):
    """A reply the resident can make; ``hang_up`` draws it as the red « Raccrocher » button."""

    id: Id
    text: Annotated[str, Field(min_length=1, max_length=80)]
    correct: bool = False
    hang_up: bool = False
    feedback: Text


class CallTurn(_Model):
    """What the caller says (one or two short sentences), and the replies offered (one right)."""

    says: Annotated[str, Field(min_length=1, max_length=160)]
    replies: Annotated[list[CallReply], Field(min_length=2, max_length=3)]


class PhoneCallStep(_PracticeStep):
    """A simulated incoming call: ``caller`` and ``number`` show on a drawn phone; each turn the caller
    speaks and the resident picks a reply. A right reply moves to the next turn; a right « hang up » ends
    the call (so it may only be the right reply of the last turn). Nothing is dialled: it is an exercise."""

    type: Literal["phone_call"]
    caller: Annotated[str, Field(min_length=1, max_length=40)]
    number: Annotated[str, Field(max_length=24)] = ""
    turns: Annotated[list[CallTurn], Field(min_length=1, max_length=5)]
    success: Text = "Bravo, vous avez bien réagi !"

    @model_validator(mode="after")
    def _one_right_reply(self) -> PhoneCallStep:
        last = len(self.turns) - 1
        for n, turn in enumerate(self.turns):
            _unique([r.id for r in turn.replies], "replies")
            right = [r for r in turn.replies if r.correct]
            if len(right) != 1:
                raise located(
                    "correct_count",
                    "exactly one reply of each turn must have correct: true, found {n}",
                    ("turns", n, "replies"),
                    n=len(right),
                )
            if right[0].hang_up and n != last:
                raise located(
                    "hang_up_early",
                    "turn {turn}: the right reply hangs up, so the turns after it are never heard",
                    ("turns", n, "replies"),
                    turn=n + 1,
                )
        return self


@dataclass
class CallRun:
    """Where the resident is in the call: the turn being answered, and whether the call ended."""

    step: PhoneCallStep
    turn: int = 0
    hung_up: bool = False

    @property
    def finished(self) -> bool:
        return self.hung_up or self.turn >= len(self.step.turns)

    def reply(self, reply_id: str) -> tuple[bool, str]:
        """The resident's reply to the current turn: (right, its feedback). A right reply moves on (and a
        right « hang up » ends the call); a wrong one changes nothing."""
        if self.finished:
            raise ValueError("the call is over")
        chosen = next((r for r in self.step.turns[self.turn].replies if r.id == reply_id), None)
        if chosen is None:
            raise KeyError(reply_id)
        if not chosen.correct:
            return False, chosen.feedback
        if chosen.hang_up:
            self.hung_up = True
        self.turn += 1
        return True, chosen.feedback

    def right_reply(self) -> CallReply:
        """The right reply of the current turn (what « Je ne sais pas » shows)."""
        return next(r for r in self.step.turns[self.turn].replies if r.correct)
