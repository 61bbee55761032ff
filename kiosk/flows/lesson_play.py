"""A lesson played at the kiosk, step by step, without Kivy: which step is shown, whether the end is
reached, whether the pause card (« Continuer plus tard ») is open, and the anonymous record of the run
(kiosk.domain.progress.LessonRun). The lesson screen (kiosk.ui.screens.lesson) turns the pages of a step
and draws; it asks this class where « Suivant », « Précédent » and a jump lead. Main thread only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from kiosk.domain.lessons import Lesson, Step
from kiosk.domain.progress import LessonRun


class Move(StrEnum):
    """Where « Suivant » led."""

    STEP = "step"  # the next step is shown
    END = "end"  # the lesson's end (« Bravo ! »): the run is complete
    LEAVE = "leave"  # after the end: back to the list of lessons


class LessonPlay:
    """One resident's way through ``lesson`` from step ``start`` (a resume code may start further on)."""

    def __init__(
        self, lesson: Lesson | None = None, start: int = 0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.lesson = lesson
        self.steps: list[Step] = list(lesson.steps) if lesson is not None else []
        self.run: LessonRun | None = LessonRun(lesson, start=start, clock=clock) if lesson else None
        self.index = 0
        self.finished = False
        self.paused = False  # the pause card with the resume code is open

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def step(self) -> Step | None:
        """The step shown, or None at the end (or for a lesson without steps)."""
        return self.steps[self.index] if self.steps and not self.finished else None

    @property
    def at_last(self) -> bool:
        return self.index + 1 >= self.count

    def show(self, index: int) -> None:
        """Step ``index`` (kept within the lesson), the end left and the pause card closed."""
        self.index = max(0, min(index, max(self.count - 1, 0)))
        self.finished = False
        self.paused = False
        if self.run is not None and self.steps:
            self.run.enter(self.index)

    def back(self) -> bool:
        """« Précédent » once the step's first page is shown: True when another step is shown."""
        if self.finished:
            self.show(self.count - 1)
            return True
        if self.index > 0:
            self.show(self.index - 1)
            return True
        return False

    def forward(self, text_step_seen: bool) -> Move:
        """« Suivant » once the step's last page is shown. ``text_step_seen``: the step shown explains
        (no practice), so going on from it counts as done."""
        if self.finished:
            return Move.LEAVE
        if text_step_seen:
            self.step_done()
        if not self.at_last:
            self.show(self.index + 1)
            return Move.STEP
        self.finished = True
        if self.run is not None:
            self.run.finish()
        return Move.END

    def jump(self, step_id: str) -> None:
        """Go to the step ``step_id`` (on_stuck, checkpoint review); unknown ids stay where they are."""
        self.show(next((i for i, s in enumerate(self.steps) if s.id == step_id), self.index))

    def title_of(self, step_id: str) -> str:
        return next((s.title for s in self.steps if s.id == step_id), step_id)

    # -- what the step shown reports ------------------------------------------------------------------
    def step_wrong(self) -> None:
        if self.run is not None:
            self.run.wrong()

    def step_hint(self) -> None:
        if self.run is not None:
            self.run.hint()

    def step_done(self, dont_know: bool = False) -> None:
        if self.run is not None:
            self.run.done(dont_know=dont_know)
