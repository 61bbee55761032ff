"""The login and logout pages: the login form with its own CSRF cookie, the throttle, sessions."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.auth.deps import Hub, Public, check_csrf
from kiosk.hub.auth.sessions import (
    LOGIN_CSRF_COOKIE,
    check_password,
    close_session,
    open_session,
    session_of,
    set_private_cookie,
)
from kiosk.hub.auth.throttle import known_browser_mark
from kiosk.hub.state import HubState
from kiosk.hub.web.render import see_other, templates
from kiosk.i18n import _
from kiosk.passwords import MAX_PASSWORD_LENGTH, new_token, same_secret

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)


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
    user = accounts_sql.user_by_name(hub.store, name)
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
        admin_sql.audit(hub.store, now, name.strip()[:40] or "?", "login-failed")
        log.info("login failed")
        return _login_page(
            request, hub, error=_("Identifiant ou mot de passe incorrect."), code=401, name=name
        )
    hub.throttle.succeeded(keys)
    admin_sql.audit(hub.store, now, user.name, "login")
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
