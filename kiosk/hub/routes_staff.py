"""Staff pages: workshop registrants (call list, attendance), appointment slips to print, kiosks' printers.

Server-rendered forms, no script: every POST carries the session's CSRF token; a login is required.
Personal data (first names, phones) appears only here. Thread-safety: routes run in FastAPI's thread
pool; the services they call are thread-safe.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from pydantic import ValidationError

from kiosk.domain.agenda import french_slot
from kiosk.domain.appointments import DURATIONS, Appointment
from kiosk.domain.registration import spaced_phone
from kiosk.domain.slips import BRING_CHOICES
from kiosk.hub.auth.deps import AdvisorForm, AdvisorPage, Hub, Public
from kiosk.hub.auth.roles import sees_phones
from kiosk.hub.auth.sessions import Caller
from kiosk.hub.print_jobs import HEALTH_SILENT_AFTER, KioskHealth
from kiosk.hub.registrations import ACTIONS
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import see_other, templates
from kiosk.i18n import _

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent / "web"
PAST_DAYS, AHEAD_DAYS = 7, 45
JOB_STATUS = {"pending": "En attente", "printing": "En cours", "done": "Imprimé", "failed": "Échec"}
PAPER = {"ok": "papier OK", "near_end": "papier presque fini", "out": "plus de papier"}


RowId = Annotated[int, PathParam(ge=1, le=2**62)]


def _page(request: Request, hub: HubState, who: Caller, name: str, context: dict) -> Response:
    assert who.user is not None
    response = templates.TemplateResponse(
        request,
        name,
        {"site_name": hub.config.site.name, "user_name": who.user.name, "csrf": who.session_csrf, **context},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/staff/static/staff.css", dependencies=[Public])
def staff_css() -> Response:
    """The staff pages' stylesheet."""
    return FileResponse(
        HERE / "static" / "staff.css", media_type="text/css", headers={"Cache-Control": "no-cache"}
    )


@router.get("/staff", dependencies=[Public])
def staff_home() -> Response:
    return see_other("/staff/ateliers")


@router.get("/staff/ateliers")
def workshops(request: Request, hub: Hub, who: AdvisorPage) -> Response:
    """Upcoming (and last week's) workshops with their registrants, and who to tell about a free seat.
    Phone numbers only for staff and admins (`roles.sees_phones`)."""
    assert who.user is not None
    regs, now, phones = hub.registrations, hub.clock(), sees_phones(who.user)
    sessions = [s for s in regs.sessions(now - timedelta(days=PAST_DAYS), now + timedelta(days=AHEAD_DAYS))]
    cards, to_tell = [], []
    for session in sessions:
        if not session.registrable:
            continue
        people = []
        for row in regs.for_session(session.id):
            person = {
                "id": row.id,
                "first_name": row.first_name or _("(effacé)"),
                "phone": spaced_phone(row.phone) if row.phone and phones else "",
                "status": row.status,
                "position": row.position,
                "must_confirm": regs.must_confirm(row, now),
            }
            people.append(person)
            if (row.promoted and not row.notified and row.status == "confirmed") or (
                row.status == "waitlisted" and row.no_phone
            ):
                to_tell.append(
                    {
                        **person,
                        "promoted": row.promoted,
                        "session": session.title,
                        "when": french_slot(session),
                    }
                )
        cards.append(
            {
                "id": session.id,
                "title": session.title,
                "when": french_slot(session),
                "place": session.place,
                "level": session.level,
                "seats_left": session.seats_left,
                "past": session.start < now,
                "people": people,
            }
        )
    return _page(
        request, hub, who, "staff_workshops.html", {"cards": cards, "to_tell": to_tell, "page": "ateliers"}
    )


@router.post("/staff/inscriptions/{registration_id}/{action}")
def registration_action(
    hub: Hub,
    who: AdvisorForm,
    registration_id: RowId,
    action: str,
) -> Response:
    """A button of the workshops page (cancel, attended, noshow, notified)."""
    if action not in ACTIONS:
        raise NotFound(_("Action inconnue."))
    if hub.registrations.act(registration_id, action, hub.clock()) is None:
        raise NotFound(_("Inscription introuvable."))
    return see_other("/staff/ateliers")


def _health_rows(hub: HubState) -> list[dict]:
    now = hub.clock()
    rows = []
    for health in hub.print_jobs.health():
        reported = datetime.fromisoformat(health.reported_at)
        if now - reported > HEALTH_SILENT_AFTER:
            state, problem = _("Borne silencieuse depuis {t}").format(t=_hhmm(reported, hub)), True
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
                "last_error_at": _hhmm(datetime.fromisoformat(health.last_error_at), hub)
                if health.last_error_at
                else "",
                "about": kiosk_about(health),
            }
        )
    return rows


SCREEN = {"on": "écran allumé", "off": "écran en veille", "attract": "écran d'accueil"}


def kiosk_about(health: KioskHealth) -> str:
    """One line of what a kiosk said of itself: version, time since it started, screen, clock."""
    parts = []
    if health.version:
        parts.append(_("version {v}").format(v=health.version))
    if health.uptime_s is not None:
        hours, minutes = divmod(health.uptime_s // 60, 60)
        parts.append(_("allumée depuis {h} h {m:02d}").format(h=hours, m=minutes))
    if health.screen in SCREEN:
        parts.append(_(SCREEN[health.screen]))
    if health.clock == "wrong":
        parts.append(_("horloge fausse"))
    return " · ".join(parts)


def silent_kiosks(hub: HubState) -> list[str]:
    """A sentence for each kiosk that stopped reporting (no report for ``HEALTH_SILENT_AFTER``)."""
    now = hub.clock()
    jobs = hub.print_jobs
    return [
        _("Borne « {k} » : plus de nouvelles depuis {t}. Vérifiez qu'elle est allumée.").format(
            k=health.kiosk_id, t=_hhmm(datetime.fromisoformat(health.reported_at), hub)
        )
        for health in jobs.health()
        if now - datetime.fromisoformat(health.reported_at) > HEALTH_SILENT_AFTER
    ]


FAILED_JOB_SHOWN = timedelta(hours=2)


def printer_problems(hub: HubState) -> list[str]:
    """Short plain-French sentences for the dashboard banner: printers off or out of paper, a kiosk
    whose clock is wrong (its tickets print without the date), and jobs that failed in the last two
    hours (one sentence a kiosk). Empty when all is well."""
    problems: dict[str, str] = {}
    jobs = hub.print_jobs
    for health in jobs.health():
        if health.paper == "out":
            problems[health.kiosk_id] = _("Borne « {k} » : il n'y a plus de papier.").format(
                k=health.kiosk_id
            )
        elif health.online is False:
            problems[health.kiosk_id] = _("Borne « {k} » : l'imprimante ne répond pas.").format(
                k=health.kiosk_id
            )
        elif health.clock == "wrong":
            problems[health.kiosk_id] = _(
                "Borne « {k} » : son horloge est fausse, les tickets sortent sans la date."
            ).format(k=health.kiosk_id)
    since = hub.clock() - FAILED_JOB_SHOWN
    for job in jobs.recent(20):
        finished = datetime.fromisoformat(job.finished_at) if job.finished_at else None
        if job.status == "failed" and finished is not None and finished >= since:
            problems.setdefault(
                job.kiosk_id, _("Borne « {k} » : un ticket n'est pas sorti.").format(k=job.kiosk_id)
            )
    return [problems[k] for k in sorted(problems)]


def _hhmm(moment: datetime, hub: HubState) -> str:
    """« 03/12 10:15 » in the site's zone; "?" for a moment no calendar can show (year 1 minus an offset)."""
    try:
        local = moment.astimezone(ZoneInfo(hub.config.site.timezone))
    except (OverflowError, ValueError):
        return "?"
    return f"{local:%d/%m %H:%M}"


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
    kiosks = sorted(kiosk_id for kiosk_id, _hash in hub.store.kiosk_token_hashes())
    today = hub.clock().astimezone(ZoneInfo(hub.config.site.timezone)).date()
    recent = [
        {
            "id": j.id,
            "kiosk_id": j.kiosk_id,
            "first_name": j.payload.get("first_name", ""),
            "start": _hhmm(datetime.fromisoformat(j.payload["start"]), hub) if j.payload.get("start") else "",
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
    return _page(request, hub, who, "staff_printing.html", context)


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
    kiosks = {kiosk for kiosk, _hash in hub.store.kiosk_token_hashes()}
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
    from kiosk.printing.preview import render_preview

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
