"""Who is calling: kiosk tokens, dashboard sessions and CSRF, login throttling, and 401/403 dependencies."""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, status

from kiosk.hub.passwords import DUMMY_HASH, new_token, same_secret, token_digest, verify_password
from kiosk.hub.state import HubState, hub_state
from kiosk.hub.store import Store, UserRow
from kiosk.i18n import _

log = logging.getLogger(__name__)

SESSION_COOKIE = "kiosk_session"
LOGIN_CSRF_COOKIE = "kiosk_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
SESSION_TTL = timedelta(hours=12)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: a kiosk (``kiosk_id``) or a dashboard user (``user``, with its session)."""

    kiosk_id: str | None = None
    user: UserRow | None = None
    session_csrf: str = ""


class LoginThrottle:
    """Counts failed logins per key (account name, client address) in a sliding window.

    Thread-safety: safe from any thread. Memory stays bounded: keys without a recent failure are dropped.
    """

    def __init__(self, window: timedelta = timedelta(minutes=5), max_keys: int = 10_000) -> None:
        self.window = window
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._failures: dict[str, deque[datetime]] = {}

    def _count(self, key: str, now: datetime) -> int:
        times = self._failures.get(key)
        if times is None:
            return 0
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return len(times)

    def blocked(self, keys: list[tuple[str, int]], now: datetime) -> bool:
        """True when any (key, limit) pair has reached its limit of failures in the window."""
        with self._lock:
            return any(self._count(key, now) >= limit for key, limit in keys)

    def failed(self, keys: list[tuple[str, int]], now: datetime) -> None:
        """Record one failure for each key."""
        with self._lock:
            if len(self._failures) >= self.max_keys:
                for old in list(self._failures):
                    self._count(old, now)
            for key, _limit in keys:
                self._failures.setdefault(key, deque()).append(now)

    def reset(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)


def kiosk_for_token(store: Store, token: str) -> str | None:
    """The id of the kiosk whose token this is, or None: an indexed lookup of the token's SHA-256 digest
    (its cost does not grow with the number of kiosks), then a constant-time comparison of the digests."""
    digest = token_digest(token)
    found = store.kiosk_with_token_hash(digest)
    if found is None or not same_secret(digest, found[1]):
        return None
    return found[0]


def check_password(store: Store, name: str, password: str) -> UserRow | None:
    """The account when ``password`` is right, else None (unknown names cost as much as wrong passwords)."""
    user = store.user_by_name(name)
    ok = verify_password(password, user.password_hash if user else DUMMY_HASH)
    return user if ok and user else None


def open_session(hub: HubState, user: UserRow, response: Response) -> None:
    """Start a session for ``user`` and set its cookie (HttpOnly, SameSite=Strict, Secure if configured)."""
    token, csrf = new_token(), new_token()
    now = hub.clock()
    hub.store.add_session(token_digest(token), user.id, csrf, now, now + SESSION_TTL)
    set_private_cookie(hub, response, SESSION_COOKIE, token, path="/")
    log.info("user %s logged in", user.name)


def set_private_cookie(hub: HubState, response: Response, name: str, value: str, *, path: str) -> None:
    """Set a cookie scripts cannot read (HttpOnly), never sent by other sites (SameSite=Strict), and
    Secure when the hub is configured for HTTPS."""
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=hub.config.hub.secure_cookies, path=path
    )


def close_session(hub: HubState, request: Request, response: Response) -> None:
    """End the request's session, if any, and clear its cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        hub.store.delete_session(token_digest(token))
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=hub.config.hub.secure_cookies
    )


def session_of(hub: HubState, request: Request) -> Caller | None:
    """The dashboard user of the request's session cookie, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    found = hub.store.session_user(token_digest(token), hub.clock())
    if found is None:
        return None
    user, csrf = found
    return Caller(user=user, session_csrf=csrf)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def caller(request: Request, hub: Annotated[HubState, Depends(hub_state)]) -> Caller:
    """Dependency: the kiosk (Bearer token) or user (session cookie) making the request.

    Raises 401 for no or bad credentials, 403 for a cookie-authenticated write without a valid CSRF header.
    """
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _sep, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > 200:
            raise _unauthorized(_("Jeton de borne manquant ou mal formé."))
        kiosk_id = kiosk_for_token(hub.store, token)
        if kiosk_id is None:
            raise _unauthorized(_("Jeton de borne inconnu."))
        return Caller(kiosk_id=kiosk_id)
    found = session_of(hub, request)
    if found is None:
        raise _unauthorized(_("Connexion requise."))
    if request.method not in _SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same_secret(sent, found.session_csrf):
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=_("Jeton CSRF manquant ou invalide."))
    return found


def advisor(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """Dependency: an advisor, staff or admin user; kiosks are refused (403)."""
    if who.user is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=_("Réservé aux conseillers."))
    return who


def admin(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """Dependency: an admin user (accounts, kiosk tokens, sites, audit log); others get 403."""
    if who.user is None or who.user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=_("Réservé aux administrateurs."))
    return who


def kiosk(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """Dependency: a kiosk; dashboard users are refused (403)."""
    if who.kiosk_id is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=_("Réservé aux bornes."))
    return who
