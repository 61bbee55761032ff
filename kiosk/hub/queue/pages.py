"""The advisor dashboard: login and logout pages, the live queue page, and its two static files."""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, Response

from kiosk.domain.help_requests import OPEN_STATUSES, TRANSITIONS
from kiosk.domain.queue_hours import PRIORITY_JUMP
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth.deps import AdvisorCaller, AdvisorPage, Hub, Public
from kiosk.hub.connections import is_loopback
from kiosk.hub.db.store import DEFAULT_SITE
from kiosk.hub.print_jobs.problems import printer_problems, silent_kiosks
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.queue.labels import BUTTON_ACTIONS, cra_vocabulary, dashboard_labels
from kiosk.hub.queue.voice import announcement, display_speech
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import templates
from kiosk.i18n import _

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
# How often an open dashboard asks again which kiosks are silent or have a printer problem.
KIOSK_POLL_S = 60.0


@router.get("/")
def dashboard(request: Request, hub: Hub, found: AdvisorPage, site: str | None = None) -> Response:
    """The live queue of one site (login required; ``?site=`` switches): initial data is embedded, then
    the page follows /api/events."""
    assert found.user is not None
    sites = cs.sites(hub.store)
    site_ids = [s.id for s in sites]
    site_id = site if site in site_ids else found.user.site_id
    if site_id not in site_ids:
        site_id = DEFAULT_SITE
    last_event_id = requests_sql.last_event_id(
        hub.store
    )  # read first: anything newer is replayed by the stream
    rows = hub.desk.find(OPEN_STATUSES, 1000, site_id)
    initial = {
        "requests": [r.model_dump(mode="json") for r in hub.desk.advisor_view(rows)],
        "last_event_id": last_event_id,
        "site_id": site_id,
        "queue": hub.console.status(site_id).model_dump(mode="json"),
        "sites": [{"id": s.id, "name": s.name or hub.config.site.name} for s in sites],
        "advisors": [name for name, _role, _site, enabled in admin_sql.users(hub.store) if enabled],
        "cra": cra_vocabulary(),
        "labels": dashboard_labels(),
        "priority_jump": PRIORITY_JUMP,
        "buttons": {s.value: [a for a in BUTTON_ACTIONS if s in TRANSITIONS[a][0]] for s in OPEN_STATUSES},
    }
    response = templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "site_name": hub.desk.site_name(site_id),
            "user_name": found.user.name,
            "is_admin": found.user.role == "admin",
            "csrf": found.session_csrf,
            "initial": initial,
            **kiosk_problems(hub),
            "kiosk_poll_s": getattr(request.app.state, "kiosk_poll_s", KIOSK_POLL_S),
            "unencrypted": not hub.tls and not is_loopback(request.client.host if request.client else ""),
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def kiosk_problems(hub: HubState) -> dict[str, list[str]]:
    """The sentences of the dashboard's kiosk boxes: silent kiosks and printer problems."""
    return {"silent_kiosks": silent_kiosks(hub), "printer_problems": printer_problems(hub)}


@router.get("/kiosk-problems")
def kiosk_problems_fragment(request: Request, hub: Hub, who: AdvisorCaller) -> Response:
    """The dashboard's kiosk boxes alone (HTML fragment, login required: 401/403 rather than the login
    page, which must not land inside the box): an open dashboard fetches it every ``KIOSK_POLL_S`` so a
    kiosk that stops reporting shows without a reload."""
    response = templates.TemplateResponse(request, "_kiosk_problems.html", kiosk_problems(hub))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/display", dependencies=[Public])
def display_page(request: Request, hub: Hub, site: str = DEFAULT_SITE) -> Response:
    """The call display for a TV: ticket numbers called and the last calls, live (polls /api/display)."""
    site_id = site if cs.site(hub.store, site[:40]) else DEFAULT_SITE
    return templates.TemplateResponse(
        request, "display.html", {"site_name": hub.desk.site_name(site_id), "site_id": site_id}
    )


TICKET_RE = re.compile(r"^[A-Z]{1,3}\d{1,4}$")


@router.get("/display/call.wav", dependencies=[Public])
def call_audio(
    request: Request,
    hub: Hub,
    ticket: Annotated[str, Query(max_length=8)],
    site: Annotated[str, Query(max_length=40)] = "main",
) -> Response:
    """« Numéro P 7 » spoken, for a ticket the site's display shows now (404 otherwise, 503 when the
    hub has no voice: the display then only chimes)."""
    if not TICKET_RE.match(ticket) or cs.site(hub.store, site) is None:
        raise NotFound(_("Ce numéro n'est pas affiché."))
    shown = hub.console.display(site)
    if ticket not in {c.ticket for c in (*shown.current, *shown.recent)}:
        raise NotFound(_("Ce numéro n'est pas affiché."))
    speech = display_speech(request, hub)
    for _attempt in range(2):  # read at once (a few dozen kB): the cache pruner may delete it afterwards
        path = speech.wav_for(announcement(ticket))
        if path is None:
            break
        try:
            audio = path.read_bytes()
        except OSError:
            continue
        return Response(audio, media_type="audio/wav", headers={"Cache-Control": "public, max-age=3600"})
    return JSONResponse(
        {"detail": _("Pas de voix sur ce serveur.")}, status_code=status.HTTP_503_SERVICE_UNAVAILABLE
    )
