"""The route dependencies, defined once: the hub's services and who is calling, with the role each
route needs (`kiosk.hub.auth.roles`).

API callers (``KioskCaller``, ``AnyCaller``, ``AdvisorCaller``, ``StaffCaller``, ``AdminCaller``): a kiosk's
Bearer token or a session cookie; 401 without credentials, 403 for the wrong role, 403 for a write
without the session's CSRF header. Page callers (``AdvisorPage``, ``StaffPage``, ``AdminPage``) read
only the cookie and send a stranger to /login; their form variants (``…Form``) check the CSRF field.
All are coroutines (FastAPI runs them on the loop, no thread hop), reading with `Store.reading()`: one
indexed SQLite read that never waits for a writer. Each carries a ``policy`` attribute the route-policy
test reads.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Form, Request

from kiosk.hub.auth.roles import at_least
from kiosk.hub.auth.sessions import CSRF_HEADER, SAFE_METHODS, Caller, kiosk_for_token, session_of
from kiosk.hub.state import HubState, hub_state
from kiosk.hub.web.errors import Forbidden, LoginRequired, Unauthorized
from kiosk.i18n import _
from kiosk.passwords import same_secret

Hub = Annotated[HubState, Depends(hub_state)]
_BEARER = {"WWW-Authenticate": "Bearer"}
_REFUSED = {
    "advisor": "Réservé aux conseillers.",
    "staff": "Réservé au personnel de la médiathèque.",
    "admin": "Réservé aux administrateurs.",
}


def check_csrf(who: Caller, sent: str | None) -> None:
    """The one CSRF check: ``sent`` (header or form field) must be the session's token, else 403."""
    if not sent or not same_secret(sent, who.session_csrf):
        raise Forbidden(_("Jeton CSRF manquant ou invalide."))


def _any(request: Request, hub: HubState) -> Caller:
    """Who sends this API request: a kiosk's Bearer token or a session cookie (401 otherwise; 403 for a
    write without the session's CSRF header). Called by each API dependency rather than declared as
    their own dependency: FastAPI solves every level of dependencies anew per request (measured: the
    extra level was ~2 % of a kiosk's create)."""
    header = request.headers.get("authorization")
    with hub.store.reading():
        if header is not None:
            scheme, _sep, token = header.partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token or len(token) > 200:
                raise Unauthorized(_("Jeton de borne manquant ou mal formé."), headers=_BEARER)
            kiosk_id = kiosk_for_token(hub.store, token)
            if kiosk_id is None:
                raise Unauthorized(_("Jeton de borne inconnu."), headers=_BEARER)
            return Caller(kiosk_id=kiosk_id)
        found = session_of(hub, request)
    if found is None:
        raise Unauthorized(_("Connexion requise."), headers=_BEARER)
    if request.method not in SAFE_METHODS:
        check_csrf(found, request.headers.get(CSRF_HEADER))
    return found


def _declare(policy: str, dependency: Callable[..., Awaitable[Caller]]) -> Callable[..., Awaitable[Caller]]:
    dependency.policy = policy  # type: ignore[attr-defined]
    return dependency


async def _kiosk_or_user(request: Request, hub: Hub) -> Caller:
    return _any(request, hub)


async def _kiosk(request: Request, hub: Hub) -> Caller:
    who = _any(request, hub)
    if who.kiosk_id is None:
        raise Forbidden(_("Réservé aux bornes."))
    return who


def _user_of(role: str) -> Callable[..., Awaitable[Caller]]:
    async def user(request: Request, hub: Hub) -> Caller:
        who = _any(request, hub)
        if who.user is None or not at_least(who.user, role):
            raise Forbidden(_(_REFUSED[role]))
        return who

    return _declare(role, user)


def _page_of(role: str, form: bool) -> Callable[..., Awaitable[Caller]]:
    async def page(request: Request, hub: Hub) -> Caller:
        with hub.store.reading():
            found = session_of(hub, request)
        if found is None or found.user is None:
            raise LoginRequired(_("Connexion requise."))
        if not at_least(found.user, role):
            raise Forbidden(_(_REFUSED[role]))
        return found

    async def page_form(
        who: Annotated[Caller, Depends(page)], csrf_token: Annotated[str, Form()] = ""
    ) -> Caller:
        check_csrf(who, csrf_token)
        return who

    return _declare(role, page_form if form else page)


KioskCaller = Annotated[Caller, Depends(_declare("kiosk", _kiosk))]
AnyCaller = Annotated[Caller, Depends(_declare("kiosk-or-advisor", _kiosk_or_user))]
AdvisorCaller = Annotated[Caller, Depends(_user_of("advisor"))]
StaffCaller = Annotated[Caller, Depends(_user_of("staff"))]
AdminCaller = Annotated[Caller, Depends(_user_of("admin"))]
AdvisorPage = Annotated[Caller, Depends(_page_of("advisor", form=False))]
StaffPage = Annotated[Caller, Depends(_page_of("staff", form=False))]
AdminPage = Annotated[Caller, Depends(_page_of("admin", form=False))]
AdvisorForm = Annotated[Caller, Depends(_page_of("advisor", form=True))]
AdminForm = Annotated[Caller, Depends(_page_of("admin", form=True))]


def policy_of(dependency: Any) -> str | None:
    """The policy a dependency declares (read by the route-policy test), or None."""
    return getattr(dependency, "policy", None)


async def _public() -> None:
    """Anyone may call this route (declared so the route-policy test sees it was meant)."""


Public = Depends(_declare("public", _public))  # type: ignore[arg-type]
