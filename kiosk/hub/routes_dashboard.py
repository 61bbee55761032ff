"""The advisor dashboard: login and logout pages, the live queue page, and its two static files."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import FileResponse, Response

from kiosk.domain.help_requests import OPEN_STATUSES, TRANSITIONS
from kiosk.hub import console_store as cs
from kiosk.hub.auth import (
    LOGIN_CSRF_COOKIE,
    check_password,
    close_session,
    open_session,
    session_of,
    set_private_cookie,
)
from kiosk.hub.labels import BUTTON_ACTIONS, cra_vocabulary, dashboard_labels
from kiosk.hub.pages import Hub, see_other, templates
from kiosk.hub.passwords import new_token, same_secret
from kiosk.hub.routes_staff import printer_problems, silent_kiosks
from kiosk.hub.state import HubState
from kiosk.hub.store import DEFAULT_SITE
from kiosk.i18n import _

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent
STATIC_FILES = {
    "dashboard.css": "text/css",
    "dashboard.js": "text/javascript",
    "console.js": "text/javascript",
    "display.js": "text/javascript",
    "kiosk_problems.js": "text/javascript",
}
# How often an open dashboard asks again which kiosks are silent or have a printer problem.
KIOSK_POLL_S = 60.0
MAX_FIELD = 200
NAME_LIMIT, ADDRESS_LIMIT = 5, 20


def _login_page(
    request: Request, hub: HubState, *, error: str = "", code: int = 200, name: str = ""
) -> Response:
    token = new_token()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {"site_name": hub.config.site.name, "error": error, "csrf": token, "name": name[:MAX_FIELD]},
        status_code=code,
    )
    set_private_cookie(hub, response, LOGIN_CSRF_COOKIE, token, path="/login")
    return response


@router.get("/login")
def login_form(request: Request, hub: Hub) -> Response:
    """The login form (or the dashboard when already logged in)."""
    if session_of(hub, request) is not None:
        return see_other("/")
    return _login_page(request, hub)


@router.post("/login")
def login(
    request: Request,
    hub: Hub,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the form; on success open a session and go to the dashboard. At most 5 failures per name
    (20 per address) in 5 minutes, then 429."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not csrf_token or not same_secret(csrf_token, expected):
        return _login_page(
            request, hub, error=_("La page a expiré. Merci de réessayer."), code=403, name=name
        )
    key_name = "name:" + name.strip().casefold()[:MAX_FIELD]
    address = "addr:" + (request.client.host if request.client else "?")
    keys = [(key_name, NAME_LIMIT), (address, ADDRESS_LIMIT)]
    now = hub.clock()
    if hub.throttle.blocked(keys, now):
        log.warning("login refused: too many failures")
        page = _login_page(
            request, hub, error=_("Trop d'essais. Réessayez dans quelques minutes."), code=429, name=name
        )
        page.headers["Retry-After"] = str(int(hub.throttle.window.total_seconds()))
        return page
    user = None
    if 0 < len(name) <= MAX_FIELD and 0 < len(password) <= MAX_FIELD:
        user = check_password(hub.store, name.strip(), password)
    if user is None:
        hub.throttle.failed(keys, now)
        cs.audit(hub.store, now, name.strip()[:40] or "?", "login-failed")
        log.info("login failed")
        return _login_page(
            request, hub, error=_("Identifiant ou mot de passe incorrect."), code=401, name=name
        )
    hub.throttle.reset(key_name)
    cs.audit(hub.store, now, user.name, "login")
    response = see_other("/")
    open_session(hub, user, response)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, hub: Hub, csrf_token: Annotated[str, Form()] = "") -> Response:
    """End the session (the form carries the session's CSRF token) and show the login form."""
    found = session_of(hub, request)
    if found is not None and not same_secret(csrf_token, found.session_csrf):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=_("Jeton CSRF manquant ou invalide."))
    response = see_other("/login")
    close_session(hub, request, response)
    return response


@router.get("/logout")
def logout_link(request: Request, hub: Hub) -> Response:
    """Logging out by address: safe without a token because the cookie is SameSite=Strict."""
    response = see_other("/login")
    close_session(hub, request, response)
    return response


@router.get("/")
def dashboard(request: Request, hub: Hub, site: str | None = None) -> Response:
    """The live queue of one site (login required; ``?site=`` switches): initial data is embedded, then
    the page follows /api/events."""
    found = session_of(hub, request)
    if found is None or found.user is None:
        return see_other("/login")
    sites = cs.sites(hub.store)
    site_ids = [s.id for s in sites]
    site_id = site if site in site_ids else found.user.site_id
    if site_id not in site_ids:
        site_id = DEFAULT_SITE
    last_event_id = hub.store.last_event_id()  # read first: anything newer is replayed by the stream
    rows = hub.desk.find(OPEN_STATUSES, 1000, site_id)
    assert hub.console is not None
    initial = {
        "requests": [r.model_dump(mode="json") for r in hub.desk.advisor_view(rows)],
        "last_event_id": last_event_id,
        "site_id": site_id,
        "queue": hub.console.status(site_id).model_dump(mode="json"),
        "sites": [{"id": s.id, "name": s.name or hub.config.site.name} for s in sites],
        "advisors": [name for name, _role, _site, enabled in cs.users(hub.store) if enabled],
        "cra": cra_vocabulary(),
        "labels": dashboard_labels(),
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
            **kiosk_problems(request, hub),
            "kiosk_poll_s": getattr(request.app.state, "kiosk_poll_s", KIOSK_POLL_S),
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def kiosk_problems(request: Request, hub: HubState) -> dict[str, list[str]]:
    """The sentences of the dashboard's kiosk boxes: silent kiosks and printer problems."""
    jobs = request.app.state.print_jobs
    return {"silent_kiosks": silent_kiosks(hub, jobs), "printer_problems": printer_problems(hub, jobs)}


@router.get("/kiosk-problems")
def kiosk_problems_fragment(request: Request, hub: Hub) -> Response:
    """The dashboard's kiosk boxes alone (HTML fragment, login required): an open dashboard fetches it
    every ``KIOSK_POLL_S`` so a kiosk that stops reporting shows without a reload."""
    found = session_of(hub, request)
    if found is None or found.user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=_("Connexion nécessaire."))
    response = templates.TemplateResponse(request, "_kiosk_problems.html", kiosk_problems(request, hub))
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """The dashboard's stylesheet and script (nothing else is served from the folder)."""
    if name not in STATIC_FILES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Fichier introuvable."))
    return FileResponse(
        HERE / "static" / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"}
    )
