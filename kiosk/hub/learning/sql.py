"""SQL of the anonymous learning statistics: store a lesson run, then sum runs per lesson and per step.

Tables from migration 0005. A run is identified by (kiosk, random run key): sending it again replaces it,
so a kiosk may resend safely. Thread-safety: every call goes through ``Store.transaction()`` (the store's
re-entrant lock, one writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.hub.db.store import Store


def since_day(now: datetime, timezone: str, days: int) -> str:
    """The first day (ISO, in the site's ``timezone``) of the ``days`` days ending on ``now``'s day."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return (today - timedelta(days=days - 1)).isoformat()


@dataclass(frozen=True)
class LessonStats:
    """Totals for one lesson: runs started, finished, median minutes, wrong answers per run."""

    lesson_id: str
    title: str
    starts: int
    completions: int
    median_minutes: float
    wrong_per_run: float

    @property
    def completion_rate(self) -> float:
        return self.completions / self.starts if self.starts else 0.0


@dataclass(frozen=True)
class StepStats:
    """Totals for one step of a lesson: how many saw it, stopped there, wrong answers, median seconds."""

    index: int
    step_id: str
    title: str
    seen: int
    stopped_here: int
    wrong: int
    dont_know: int
    median_seconds: float


def record_run(store: Store, kiosk_id: str, day: str, received_at: str, run: Any) -> None:
    """Insert or replace one run (``run`` has the fields of kiosk.hub.learning.LearningRunIn)."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO learning_runs (kiosk_id, run_key, day, lesson_id, lesson_title, completed,"
            " stopped_at, seconds, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kiosk_id, run_key) DO UPDATE SET lesson_id = excluded.lesson_id,"
            " lesson_title = excluded.lesson_title, completed = excluded.completed,"
            " stopped_at = excluded.stopped_at, seconds = excluded.seconds,"
            " received_at = excluded.received_at",
            (
                kiosk_id,
                run.run_key,
                day,
                run.lesson_id,
                run.lesson_title,
                int(run.completed),
                run.stopped_at,
                run.seconds,
                received_at,
            ),
        )
        run_id = conn.execute(
            "SELECT id FROM learning_runs WHERE kiosk_id = ? AND run_key = ?", (kiosk_id, run.run_key)
        ).fetchone()[0]
        conn.execute("DELETE FROM learning_steps WHERE run_id = ?", (run_id,))
        conn.executemany(
            "INSERT INTO learning_steps (run_id, step_index, step_id, step_title, seconds, wrong, hints,"
            " done, dont_know) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id,
                    s.index,
                    s.step_id,
                    s.title,
                    s.seconds,
                    s.wrong,
                    s.hints,
                    int(s.done),
                    int(s.dont_know),
                )
                for s in run.steps
            ],
        )


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def lesson_stats(store: Store, since_day: str) -> list[LessonStats]:
    """Every lesson with runs since ``since_day`` (YYYY-MM-DD), most started first."""
    with store.transaction() as conn:
        runs = conn.execute(
            "SELECT r.lesson_id, r.lesson_title, r.completed, r.seconds,"
            " (SELECT COALESCE(SUM(wrong), 0) FROM learning_steps WHERE run_id = r.id)"
            " FROM learning_runs r WHERE r.day >= ? ORDER BY r.id",
            (since_day,),
        ).fetchall()
    grouped: dict[str, list[tuple]] = {}
    for row in runs:
        grouped.setdefault(row[0], []).append(row)
    stats = [
        LessonStats(
            lesson_id=lesson_id,
            title=rows[-1][1],
            starts=len(rows),
            completions=sum(r[2] for r in rows),
            median_minutes=round(_median([r[3] for r in rows]) / 60, 1),
            wrong_per_run=round(sum(r[4] for r in rows) / len(rows), 1),
        )
        for lesson_id, rows in grouped.items()
    ]
    return sorted(stats, key=lambda s: (-s.starts, s.title))


def step_stats(store: Store, lesson_id: str, since_day: str) -> list[StepStats]:
    """Every step of ``lesson_id`` seen since ``since_day``, in lesson order."""
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT s.step_index, s.step_id, s.step_title, s.seconds, s.wrong, s.dont_know,"
            " COALESCE(r.completed = 0 AND r.stopped_at = s.step_id, 0)"
            " FROM learning_steps s JOIN learning_runs r ON r.id = s.run_id"
            " WHERE r.lesson_id = ? AND r.day >= ? ORDER BY s.step_index, r.id",
            (lesson_id, since_day),
        ).fetchall()
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return [
        StepStats(
            index=index,
            step_id=group[-1][1],
            title=group[-1][2],
            seen=len(group),
            stopped_here=sum(r[6] for r in group),
            wrong=sum(r[4] for r in group),
            dont_know=sum(r[5] for r in group),
            median_seconds=round(_median([r[3] for r in group]), 1),
        )
        for index, group in sorted(grouped.items())
    ]
