"""Inactivity: after ``idle_timeout_s`` without a touch, ask « Êtes-vous toujours là ? »; without an
answer in ``idle_answer_s``, wipe the session and go home.

The decision is pure (``IdleWatcher.step``) and driven by an injected monotonic clock, so tests control time.
Thread-safety: main thread only (ticked by the Kivy Clock).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class IdleWatcher:
    """Tracks the last activity and tells the app what to do.

    ``guarded()`` says whether the current screen holds anything to wipe (home does not).
    ``step()`` returns "none", "ask" (show the overlay), "tick" (overlay up, update the count) or "wipe".
    """

    timeout_s: float
    answer_s: float
    monotonic: Callable[[], float]
    guarded: Callable[[], bool]
    last_activity: float = 0.0
    asked_at: float | None = None

    def __post_init__(self) -> None:
        self.last_activity = self.monotonic()

    def activity(self) -> None:
        """A touch happened (while the question is up, only « Je continue » counts: see ``answer``)."""
        if self.asked_at is None:
            self.last_activity = self.monotonic()

    def answer(self) -> None:
        """The resident tapped « Je continue »."""
        self.asked_at = None
        self.last_activity = self.monotonic()

    def reset(self) -> None:
        """After going home: start afresh."""
        self.answer()

    @property
    def asking(self) -> bool:
        return self.asked_at is not None

    def seconds_left(self) -> int:
        """Whole seconds before the wipe while asking (0 when not asking)."""
        if self.asked_at is None:
            return 0
        return max(0, int(self.answer_s - (self.monotonic() - self.asked_at) + 0.999))

    def step(self) -> str:
        now = self.monotonic()
        if self.asked_at is not None:
            if now - self.asked_at >= self.answer_s:
                self.asked_at = None
                self.last_activity = now
                return "wipe"
            return "tick"
        if not self.guarded():
            self.last_activity = now
            return "none"
        if now - self.last_activity >= self.timeout_s:
            self.asked_at = now
            return "ask"
        return "none"
