"""Staff pages: workshop registrants (call list, attendance), appointment slips to print, kiosks' printers.

Server-rendered forms, no script: every POST carries the session's CSRF token; a login is required.
Personal data (first names, phones) appears only here. Thread-safety: routes run in FastAPI's thread
pool; the services they call are thread-safe.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from kiosk.domain.appointments import DURATIONS, Appointment
from kiosk.domain.slips import BRING_CHOICES
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.auth.deps import AdvisorForm, AdvisorPage, Hub
from kiosk.hub.print_jobs.jobs import HEALTH_SILENT_AFTER
from kiosk.hub.print_jobs.problems import kiosk_about, local_hhmm
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import RowId, see_other, staff_page
from kiosk.i18n import _

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
JOB_STATUS = {"pending": "En attente", "printing": "En cours", "done": "Imprimé", "failed": "Échec"}
PAPER = {"ok": "papier OK", "near_end": "papier presque fini", "out": "plus de papier"}


def _health_rows(hub: HubState) -> list[dict]:
    now = hub.clock()
    rows = []
    for health in hub.print_jobs.health():
        reported = datetime.fromisoformat(health.reported_at)
        if now - reported > HEALTH_SILENT_AFTER:
            state, problem = _("Borne silencieuse depuis {t}").format(t=local_hhmm(reported, hub)), True
        elif health.online is False or health.paper == "out":
            state, problem = _("Imprimante en panne"), True
        elif health.paper == "near_end":
            state, problem = _("Papier presque fini"), True
        else:
            state, problem = _("Imprimante prête") if health.online else _("État inconnu"), False
        rows.append(
            {
                "kiosk_id": health.kiosk_id,
                "uri": health.printer_uri,
                "state": state,
                "problem": problem,
                "paper": _(PAPER[health.paper]) if health.paper else "",
                "last_error": health.last_error,
                "last_error_at": local_hhmm(datetime.fromisoformat(health.last_error_at), hub)
                if health.last_error_at
                else "",
                "about": kiosk_about(health),
            }
        )
    return rows


@router.get("/staff/impressions")
def printing_page(
    request: Request,
    hub: Hub,
    who: AdvisorPage,
    error: str = "",
    done: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> Response:
    """The appointment form, recent print jobs and every kiosk's printer."""
    jobs = hub.print_jobs
    kiosks = sorted(kiosk_id for kiosk_id, _hash in accounts_sql.kiosk_token_hashes(hub.store))
    today = hub.clock().astimezone(ZoneInfo(hub.config.site.timezone)).date()
    recent = [
        {
            "id": j.id,
            "kiosk_id": j.kiosk_id,
            "first_name": j.payload.get("first_name", ""),
            "start": local_hhmm(datetime.fromisoformat(j.payload["start"]), hub)
            if j.payload.get("start")
            else "",
            "status": j.status,
            "status_label": _(JOB_STATUS[j.status]),
            "error": j.error,
            "created_by": j.created_by,
        }
        for j in jobs.recent(20)
    ]
    context = {
        "page": "impressions",
        "kiosks": kiosks,
        "health": _health_rows(hub),
        "jobs": recent,
        "durations": DURATIONS,
        "bring_choices": BRING_CHOICES,
        "today": today.isoformat(),
        "default_place": hub.config.site.name,
        "error": error[:200],
        "done": done,
    }
    return staff_page(request, hub, who, "staff_printing.html", context)


@router.post("/staff/impressions")
def print_appointment(
    hub: Hub,
    who: AdvisorForm,
    kiosk_id: Annotated[str, Form()] = "",
    first_name: Annotated[str, Form()] = "",
    day: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    duration_min: Annotated[int, Form()] = 30,
    place: Annotated[str, Form()] = "",
    advisor: Annotated[str, Form()] = "",
    bring: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Queue an appointment slip for a kiosk; back to the page with the job or the problem."""
    assert who.user is not None
    jobs = hub.print_jobs
    kiosks = {kiosk for kiosk, _hash in accounts_sql.kiosk_token_hashes(hub.store)}
    if kiosk_id not in kiosks:
        return see_other("/staff/impressions?error=" + _("Choisissez une borne."))
    try:
        start = datetime.combine(
            datetime.strptime(day, "%Y-%m-%d").date(),
            time.fromisoformat(at),
            ZoneInfo(hub.config.site.timezone),
        )
        appointment = Appointment(
            first_name=first_name,
            start=start,
            duration_min=duration_min,
            place=place,
            advisor=advisor,
            bring=tuple(b for b in (bring or []) if b in BRING_CHOICES),
        )
    except (ValueError, ValidationError):
        return see_other("/staff/impressions?error=" + _("Date, heure ou lieu incomplet."))
    job = jobs.create(
        kiosk_id, "appointment", appointment.model_dump(mode="json"), who.user.name, hub.clock()
    )
    return see_other(f"/staff/impressions?done={job.id}")


@router.post("/staff/impressions/{job_id}/retry")
def retry(hub: Hub, who: AdvisorForm, job_id: RowId) -> Response:
    """« Réessayer » on a failed job."""
    hub.print_jobs.retry(job_id)
    return see_other("/staff/impressions")


@router.get("/staff/impressions/{job_id}/apercu.png")
def preview(hub: Hub, who: AdvisorPage, job_id: RowId) -> Response:
    """The slip of a job as the printer would print it (same layout as the paper)."""
    from kiosk.printing import prepare
    from kiosk.printing.preview import render_preview

    prepare()  # escpos's parsed printer database, from the cache (importing kiosk.printing does nothing)

    job = hub.print_jobs.get(job_id)
    if job is None or not job.payload:
        raise NotFound(_("Impression introuvable."))
    zone = ZoneInfo(hub.config.site.timezone)
    try:
        appointment = Appointment.model_validate(job.payload)
    except ValidationError:  # stored before today's checks: nothing printable
        raise NotFound(_("Impression introuvable.")) from None
    receipt = appointment.receipt(
        site_name=hub.config.site.name, printed_at=hub.clock().astimezone(zone), zone=zone
    )
    image = render_preview(receipt, paper_width_mm=hub.config.printer.paper_width_mm)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return Response(buffer.getvalue(), media_type="image/png", headers={"Cache-Control": "no-store"})
