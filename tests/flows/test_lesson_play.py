"""A lesson played step by step without Kivy: « Suivant », « Précédent », jumps, the end, and what the
anonymous record keeps (a shipped lesson)."""

from __future__ import annotations

import pytest

from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lesson
from kiosk.flows.lesson_play import LessonPlay, Move


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def lesson():
    found, problems = load_lesson(DEFAULT_LESSONS_DIR / "01-ecran-tactile" / "lesson.yaml")
    assert found is not None, problems
    assert len(found.steps) >= 4
    return found


def started(lesson, start: int = 0) -> tuple[LessonPlay, Clock]:
    clock = Clock()
    play = LessonPlay(lesson, start=start, clock=clock)
    play.show(start)
    return play, clock


def test_next_goes_step_by_step_to_the_end_then_leaves(lesson):
    play, _ = started(lesson)
    moves = [play.forward(text_step_seen=False) for _ in range(play.count)]
    assert moves == [Move.STEP] * (play.count - 1) + [Move.END]
    assert play.finished and play.step is None and play.run is not None and play.run.completed
    assert play.forward(text_step_seen=False) == Move.LEAVE


def test_back_from_the_end_shows_the_last_step_and_stops_at_the_first(lesson):
    play, _ = started(lesson, start=1)
    assert play.back() and play.index == 0
    assert not play.back() and play.index == 0
    for _ in range(play.count):
        play.forward(text_step_seen=False)
    assert play.back() and not play.finished and play.index == play.count - 1


def test_a_text_step_seen_counts_as_done_a_practice_step_does_not(lesson):
    play, clock = started(lesson)
    clock.now = 12.0
    play.forward(text_step_seen=True)
    play.forward(text_step_seen=False)
    assert play.run is not None
    records = play.run.records
    assert records[0].done and not records[1].done
    assert records[0].seconds == 12.0


def test_a_jump_goes_to_the_step_named_and_an_unknown_name_stays(lesson):
    play, _ = started(lesson)
    target = lesson.steps[2]
    play.paused = True
    play.jump(target.id)
    assert (play.index, play.step, play.paused) == (2, target, False)
    play.jump("nowhere")
    assert play.index == 2
    assert play.title_of(target.id) == target.title and play.title_of("nowhere") == "nowhere"


def test_a_resume_code_start_is_kept_within_the_lesson(lesson):
    play, _ = started(lesson, start=99)
    assert play.index == play.count - 1 and play.at_last


def test_no_lesson_is_an_empty_play():
    play = LessonPlay()
    play.show(3)
    assert (play.count, play.index, play.step, play.run) == (0, 0, None, None)
    assert play.forward(text_step_seen=True) == Move.END
