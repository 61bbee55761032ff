"""The advisor dashboard: login and logout pages, the live queue page, and its two static files."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response

from kiosk.domain.help_requests import OPEN_STATUSES, TRANSITIONS
from kiosk.hub import console_store as cs
from kiosk.hub.auth.deps import AdvisorCaller, AdvisorPage, Hub, Public, check_csrf
from kiosk.hub.auth.sessions import (
    LOGIN_CSRF_COOKIE,
    check_password,
    close_session,
    open_session,
    session_of,
    set_private_cookie,
)
from kiosk.hub.auth.throttle import known_browser_mark
from kiosk.hub.connections import is_loopback
from kiosk.hub.db.store import DEFAULT_SITE
from kiosk.hub.labels import BUTTON_ACTIONS, cra_vocabulary, dashboard_labels
from kiosk.hub.routes_staff import printer_problems, silent_kiosks
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import see_other, templates
from kiosk.i18n import _
from kiosk.passwords import MAX_PASSWORD_LENGTH, new_token, same_secret

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent / "web"
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
KNOWN_BROWSER_COOKIE = "kiosk_known_browser"
KNOWN_BROWSER_DAYS = 400


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


def _known_browser(hub: HubState, request: Request, name: str) -> bool:
    """True when the browser holds the known-browser mark of account ``name`` (it logged in before)."""
    mark = request.cookies.get(KNOWN_BROWSER_COOKIE, "")
    if not mark or len(mark) > 200:
        return False
    user = hub.store.user_by_name(name)
    return user is not None and same_secret(mark, known_browser_mark(user.id, user.password_hash))


@router.get("/login", dependencies=[Public])
def login_form(request: Request, hub: Hub) -> Response:
    """The login form (or the dashboard when already logged in)."""
    if session_of(hub, request) is not None:
        return see_other("/")
    return _login_page(request, hub)


@router.post("/login", dependencies=[Public])
def login(
    request: Request,
    hub: Hub,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the form; on success open a session and go to the dashboard. Failures slow down the next
    try from the same browser and address (`kiosk.hub.auth.throttle`): 429 with Retry-After meanwhile; a
    browser that logged in to this account before is counted apart, so nobody can lock its owner out."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not csrf_token or not same_secret(csrf_token, expected):
        return _login_page(
            request, hub, error=_("La page a expiré. Merci de réessayer."), code=403, name=name
        )
    account = name.strip()[:MAX_FIELD]
    address = request.client.host if request.client else "?"
    keys = hub.throttle.keys(account.casefold(), address, _known_browser(hub, request, account))
    now = hub.clock()
    wait = hub.throttle.wait(keys, now)
    if wait:
        log.warning("login refused: too many failures")
        seconds = max(1, int(wait.total_seconds() + 0.999))
        if seconds < 120:
            message = _("Trop d'essais. Réessayez dans {n} secondes.").format(n=seconds)
        else:
            message = _("Trop d'essais. Réessayez dans {n} minutes.").format(n=(seconds + 59) // 60)
        page = _login_page(request, hub, error=message, code=429, name=name)
        page.headers["Retry-After"] = str(seconds)
        return page
    user = None
    if len(account) > 0 and 0 < len(password) <= MAX_PASSWORD_LENGTH:
        user = check_password(hub.store, account, password)
    if user is None:
        hub.throttle.failed(keys, now)
        cs.audit(hub.store, now, name.strip()[:40] or "?", "login-failed")
        log.info("login failed")
        return _login_page(
            request, hub, error=_("Identifiant ou mot de passe incorrect."), code=401, name=name
        )
    hub.throttle.succeeded(keys)
    cs.audit(hub.store, now, user.name, "login")
    response = see_other("/")
    open_session(hub, user, response)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    set_private_cookie(
        hub,
        response,
        KNOWN_BROWSER_COOKIE,
        known_browser_mark(user.id, user.password_hash),
        path="/login",
        max_age=KNOWN_BROWSER_DAYS * 86400,
    )
    return response


@router.post("/logout", dependencies=[Public])
def logout(request: Request, hub: Hub, csrf_token: Annotated[str, Form()] = "") -> Response:
    """End the session (the form carries the session's CSRF token) and show the login form. Its SSE
    streams end within seconds (`kiosk.hub.events.RECHECK_S`)."""
    found = session_of(hub, request)
    if found is not None:
        check_csrf(found, csrf_token)
    response = see_other("/login")
    close_session(hub, request, response)
    return response


@router.get("/logout", dependencies=[Public])
def logout_link(request: Request, hub: Hub) -> Response:
    """Logging out by address: safe without a token because the cookie is SameSite=Strict."""
    response = see_other("/login")
    close_session(hub, request, response)
    return response


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
    last_event_id = hub.store.last_event_id()  # read first: anything newer is replayed by the stream
    rows = hub.desk.find(OPEN_STATUSES, 1000, site_id)
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


@router.get("/static/{name}", dependencies=[Public])
def static_file(name: str) -> Response:
    """The dashboard's stylesheet and script (nothing else is served from the folder)."""
    if name not in STATIC_FILES:
        raise NotFound(_("Fichier introuvable."))
    return FileResponse(
        HERE / "static" / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"}
    )
