"""Anonymous learning statistics on the hub: kiosks post lesson runs; advisors see a table and a chart.

``POST /api/learning-runs`` (kiosk token) stores one run (ids, counts and seconds: no name, no typed
text). ``GET /api/learning-stats`` (advisor) returns the totals as JSON; ``GET /learning`` (login) is the
dashboard page with a table and a bar chart drawn as inline SVG on the server (no script, no CDN).
Thread-safety: handlers share only the store (see learning_store).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.hub import learning_store as stats
from kiosk.hub.auth.deps import AdvisorCaller, AdvisorPage, Hub, KioskCaller, Public
from kiosk.hub.db.store import iso
from kiosk.hub.state import HubState
from kiosk.hub.web.render import templates
from kiosk.i18n import _

router = APIRouter()
Ident = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Title = Annotated[str, Field(max_length=80)]
PERIODS = {7: "7 jours", 30: "30 jours", 365: "1 an"}


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


def _since(hub: HubState, days: int) -> str:
    today = hub.clock().astimezone(ZoneInfo(hub.config.site.timezone)).date()
    return (today - timedelta(days=days - 1)).isoformat()


@router.get("/api/learning-stats", tags=["learning"])
def get_stats(
    hub: Hub,
    who: AdvisorCaller,
    days: Annotated[int, Query(ge=1, le=3660)] = 30,
) -> list[dict[str, object]]:
    """Per lesson (advisor): starts, completions, median minutes, wrong answers per run, and its steps."""
    since = _since(hub, days)
    return [
        {
            **lesson.__dict__,
            "steps": [step.__dict__ for step in stats.step_stats(hub.store, lesson.lesson_id, since)],
        }
        for lesson in stats.lesson_stats(hub.store, since)
    ]


def bar_chart(rows: list[tuple[str, int, int]], *, first: str, second: str) -> dict[str, object]:
    """Geometry of a horizontal bar chart: each row (label, total, part) gives a long bar (``first``) and a
    shorter darker bar (``second``) over it. Returns sizes and bars for the template to draw as SVG."""
    label_w, bar_w, row_h, top = 300, 420, 34, 34
    biggest = max((total for _l, total, _p in rows), default=0) or 1
    bars = []
    for n, (label, total, part) in enumerate(rows):
        y = top + n * row_h
        bars.append(
            {
                "label": label if len(label) <= 40 else label[:39] + "…",
                "y": y,
                "total_w": round(bar_w * total / biggest, 1),
                "part_w": round(bar_w * part / biggest, 1),
                "total": total,
                "part": part,
            }
        )
    return {
        "width": label_w + bar_w + 80,
        "height": top + row_h * len(rows) + 10,
        "label_w": label_w,
        "bars": bars,
        "first": first,
        "second": second,
    }


def catalogue(lessons: list) -> list[tuple[str, list[dict[str, object]]]]:
    """The lessons shipped with the kiosk, by theme in the order of « Apprendre » (unthemed last), each with
    its number of starts in ``lessons`` (the period's statistics; 0 when nobody opened it)."""
    from kiosk.domain.lesson_themes import all_themes
    from kiosk.lessons import DEFAULT_LESSONS_DIR, load_lessons

    starts = {item.lesson_id: item.starts for item in lessons}
    labels = {t.id: t.label for t in all_themes()}
    groups: dict[str, list[dict[str, object]]] = {label: [] for label in labels.values()}
    for lesson in load_lessons(DEFAULT_LESSONS_DIR, log_problems=False).lessons:
        label = labels.get(lesson.theme or "", _("Autres leçons"))
        row = {"id": lesson.id, "title": lesson.title, "starts": starts.get(lesson.id, 0)}
        groups.setdefault(label, []).append(row)
    return [(label, rows) for label, rows in groups.items() if rows]


@router.get("/learning", include_in_schema=False)
def learning_page(
    request: Request,
    hub: Hub,
    found: AdvisorPage,
    days: Annotated[int, Query(ge=1, le=3660)] = 30,
    lesson: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    """The statistics page (login required): lessons table and chart; one lesson's steps when chosen."""
    assert found.user is not None
    since = _since(hub, days)
    lessons = stats.lesson_stats(hub.store, since)
    chosen = next((item for item in lessons if item.lesson_id == lesson), None)
    steps = stats.step_stats(hub.store, chosen.lesson_id, since) if chosen else []
    lesson_chart = bar_chart(
        [(item.title or item.lesson_id, item.starts, item.completions) for item in lessons],
        first=_("commencées"),
        second=_("terminées"),
    )
    step_chart = bar_chart(
        [(f"{s.index + 1}. {s.title or s.step_id}", s.seen, s.stopped_here) for s in steps],
        first=_("vue par"),
        second=_("arrêt ici"),
    )
    response = templates.TemplateResponse(
        request,
        "learning.html",
        {
            "site_name": hub.config.site.name,
            "user_name": found.user.name,
            "csrf": found.session_csrf,
            "days": days,
            "periods": PERIODS,
            "lessons": lessons,
            "chosen": chosen,
            "steps": steps,
            "lesson_chart": lesson_chart,
            "step_chart": step_chart,
            "catalogue": catalogue(lessons),
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/learning.css", include_in_schema=False, dependencies=[Public])
def learning_css() -> Response:
    """The statistics page's stylesheet (on top of the dashboard's)."""
    return FileResponse(
        Path(__file__).parent / "web" / "static" / "learning.css",
        media_type="text/css",
        headers={"Cache-Control": "no-cache"},
    )
