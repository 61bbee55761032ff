"""The statistics page: counts and SVG charts of a period, and the CRA CSV export (login required)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from markupsafe import Markup

from kiosk.domain.appointments import FIRST_YEAR, LAST_YEAR
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth.deps import AdvisorPage, Hub
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.state import HubState
from kiosk.hub.stats.report import activities_csv_chunks, bar_chart, summarize
from kiosk.hub.stats.sql import activity_batches, activity_count, period_counts
from kiosk.hub.web.render import templates
from kiosk.i18n import _

router = APIRouter(include_in_schema=False)


DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DEFAULT_DAYS = 30


def _day(text: str | None, default: date) -> date:
    """``text`` as a day when it is one the hub can have data for (years 2000-2200), else ``default``."""
    if text and DAY_RE.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return default
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            return day
    return default


def _period(hub: HubState, start: str | None, end: str | None) -> tuple[date, date]:
    today = date.fromisoformat(hub.desk.site_day(hub.clock()))
    last = _day(end, today)
    first = _day(start, last - timedelta(days=DEFAULT_DAYS - 1))
    return (first, last) if first <= last else (last, first)


def _days(first: date, last: date) -> tuple[str, str]:
    return first.isoformat(), last.isoformat()


@router.get("/statistics")
def statistics_page(
    request: Request,
    hub: Hub,
    found: AdvisorPage,
    start: str | None = None,
    end: str | None = None,
    site: str | None = None,
) -> Response:
    """Requests by theme, day, hour and site; waiting and service times; no-show rate (anonymous)."""
    first, last = _period(hub, start, end)
    sites = cs.sites(hub.store)
    names = {s.id: s.name or hub.config.site.name for s in sites}
    site_id = site if site in names else None
    summary = summarize(period_counts(hub.store, *_days(first, last), site_id), hub.desk.zone, names)
    charts = [
        (_("Demandes par thématique"), bar_chart(_("Demandes par thématique"), summary.by_theme)),
        (_("Demandes par jour"), bar_chart(_("Demandes par jour"), summary.by_day, label_width=90)),
        (
            _("Demandes par heure d'arrivée"),
            bar_chart(_("Demandes par heure"), summary.by_hour, label_width=90),
        ),
        (_("Demandes par site"), bar_chart(_("Demandes par site"), summary.by_site)),
    ]
    return templates.TemplateResponse(
        request,
        "statistics.html",
        {
            "site_name": hub.config.site.name,
            "user_name": found.user.name if found.user else "",
            "summary": summary,
            "charts": [(title, Markup(svg)) for title, svg in charts],  # noqa: S704 (escaped by bar_chart)
            "first": first.isoformat(),
            "last": last.isoformat(),
            "sites": [(s.id, names[s.id]) for s in sites],
            "site_id": site_id or "",
            "activity_count": activity_count(hub.store, *_days(first, last), site_id),
        },
    )


@router.get("/statistics/activities.csv")
def activities_export(
    hub: Hub,
    found: AdvisorPage,
    start: str | None = None,
    end: str | None = None,
    site: str | None = None,
) -> Response:
    """The CRA lines of the period in La Coop's « Activités » columns (anonymous), for a spreadsheet."""
    first, last = _period(hub, start, end)
    site_id = site if site and cs.site(hub.store, site[:40]) else None
    count = activity_count(hub.store, *_days(first, last), site_id)
    assert found.user is not None
    admin_sql.audit(hub.store, hub.clock(), found.user.name, "export", f"{first}..{last}", str(count))
    name = f"activites-{first.isoformat()}-{last.isoformat()}.csv"
    return StreamingResponse(  # batch by batch from its own connection: constant memory, no shared lock
        activities_csv_chunks(activity_batches(hub.store, *_days(first, last), site_id)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
