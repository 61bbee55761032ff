"""The learning statistics page (login required): a table and a bar chart drawn as inline SVG on the
server (no script, no CDN), the lessons shipped by theme, and the page's stylesheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse

from kiosk.hub.auth.deps import AdvisorPage, Hub, Public
from kiosk.hub.learning import sql as stats
from kiosk.hub.web.render import STATIC_DIR, templates
from kiosk.i18n import _

router = APIRouter(include_in_schema=False)


PERIODS = {7: "7 jours", 30: "30 jours", 365: "1 an"}


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
    from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons
    from kiosk.domain.lesson_themes import all_themes

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
    since = stats.since_day(hub.clock(), hub.config.site.timezone, days)
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
        STATIC_DIR / "learning.css",
        media_type="text/css",
        headers={"Cache-Control": "no-cache"},
    )
