"""Anonymous learning statistics on the hub: kiosks post lesson runs; advisors see a table and a chart.

``POST /api/learning-runs`` (kiosk token) stores one run (ids, counts and seconds: no name, no typed
text). ``GET /api/learning-stats`` (advisor) returns the totals as JSON; ``GET /learning`` (login) is the
dashboard page with a table and a bar chart drawn as inline SVG on the server (no script, no CDN).
Thread-safety: handlers share only the store (see learning_store).
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.hub.auth.deps import AdvisorCaller, Hub, KioskCaller
from kiosk.hub.db.store import iso
from kiosk.hub.learning import sql as stats

router = APIRouter()
Ident = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Title = Annotated[str, Field(max_length=80)]


class LearningStepIn(BaseModel):
    """One step a resident saw."""

    model_config = ConfigDict(extra="ignore")

    step_id: Ident
    index: Annotated[int, Field(ge=0, le=63)]
    title: Title = ""
    seconds: Annotated[float, Field(ge=0, le=86_400)] = 0
    wrong: Annotated[int, Field(ge=0, le=1000)] = 0
    hints: Annotated[int, Field(ge=0, le=1000)] = 0
    done: bool = False
    dont_know: bool = False


class LearningRunIn(BaseModel):
    """One resident's way through one lesson, anonymous (``run_key`` is random)."""

    model_config = ConfigDict(extra="ignore")

    run_key: Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    lesson_id: Ident
    lesson_title: Title = ""
    completed: bool
    stopped_at: Ident | None = None
    seconds: Annotated[float, Field(ge=0, le=86_400)] = 0
    steps: Annotated[list[LearningStepIn], Field(max_length=64)] = []

    @field_validator("steps")
    @classmethod
    def _one_record_per_step(cls, steps: list[LearningStepIn]) -> list[LearningStepIn]:
        if len({s.index for s in steps}) != len(steps):
            raise ValueError("two steps have the same index")
        return steps


@router.post("/api/learning-runs", status_code=status.HTTP_204_NO_CONTENT, tags=["learning"])
def post_run(body: LearningRunIn, hub: Hub, who: KioskCaller) -> Response:
    """Store a lesson run (kiosk token). The same run key again replaces it."""
    assert who.kiosk_id is not None
    now = hub.clock()
    day = now.astimezone(ZoneInfo(hub.config.site.timezone)).date().isoformat()
    stats.record_run(hub.store, who.kiosk_id, day, iso(now), body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/learning-stats", tags=["learning"])
def get_stats(
    hub: Hub,
    who: AdvisorCaller,
    days: Annotated[int, Query(ge=1, le=3660)] = 30,
) -> list[dict[str, object]]:
    """Per lesson (advisor): starts, completions, median minutes, wrong answers per run, and its steps."""
    since = stats.since_day(hub.clock(), hub.config.site.timezone, days)
    return [
        {
            **lesson.__dict__,
            "steps": [step.__dict__ for step in stats.step_stats(hub.store, lesson.lesson_id, since)],
        }
        for lesson in stats.lesson_stats(hub.store, since)
    ]
