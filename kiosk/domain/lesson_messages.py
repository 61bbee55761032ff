"""The lesson schema's fake messages: an SMS or e-mail drawn from data, spot_the_clues (tap each
suspicious part) and safe_or_scam (sort messages into « Fiable » and « Suspect »).

Pure data (pydantic, no Kivy); models are immutable once validated, so they may be shared between threads.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from kiosk.domain.lesson_base import Id, Text, _Model, _PracticeStep, _unique, located


class Message(_Model):
    """A fake SMS or e-mail drawn by the kiosk (data, not a screenshot)."""

    id: Id = "message"
    kind: Literal["sms", "email"]
    sender: Text
    subject: str = ""
    body: Text
    time: str = ""  # shown above an SMS or beside an e-mail's sender (« Aujourd'hui, 9 h 41 »)


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
        for n, clue in enumerate(self.clues):
            if clue.target not in whole:
                raise located(
                    "clue_target",
                    "clue '{clue}': '{target}' is not in the message",
                    ("clues", n, "target"),
                    clue=clue.id,
                    target=clue.target,
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
