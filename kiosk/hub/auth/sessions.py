"""Who is calling: kiosk tokens, dashboard sessions (cookies, CSRF tokens) and password checks.

The route dependencies built on these live in `kiosk.hub.auth.deps`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request, Response

from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.auth.sql import UserRow
from kiosk.hub.db.store import Store
from kiosk.hub.state import HubState
from kiosk.passwords import (
    MAX_PASSWORD_LENGTH,
    dummy_hash,
    hash_password,
    needs_rehash,
    new_token,
    same_secret,
    token_digest,
    verify_password,
)

log = logging.getLogger(__name__)

SESSION_COOKIE = "kiosk_session"
LOGIN_CSRF_COOKIE = "kiosk_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
SESSION_TTL = timedelta(hours=12)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: a kiosk (``kiosk_id``) or a dashboard user (``user``, with its session)."""

    kiosk_id: str | None = None
    user: UserRow | None = None
    session_csrf: str = ""


def kiosk_for_token(store: Store, token: str) -> str | None:
    """The id of the kiosk whose token this is, or None: an indexed lookup of the token's SHA-256 digest
    (its cost does not grow with the number of kiosks), then a constant-time comparison of the digests."""
    digest = token_digest(token)
    found = accounts_sql.kiosk_with_token_hash(store, digest)
    if found is None or not same_secret(digest, found[1]):
        return None
    return found[0]


def check_password(store: Store, name: str, password: str) -> UserRow | None:
    """The account when ``password`` is right, else None (unknown names cost as much as wrong passwords;
    a password longer than `MAX_PASSWORD_LENGTH` is never right). A hash made with an older, cheaper
    scrypt cost is replaced by one at today's cost."""
    if not 0 < len(password) <= MAX_PASSWORD_LENGTH:
        return None
    user = accounts_sql.user_by_name(store, name)
    ok = verify_password(password, user.password_hash if user else dummy_hash())
    if not ok or user is None:
        return None
    if needs_rehash(user.password_hash):
        accounts_sql.upgrade_password_hash(store, user.id, hash_password(password))
        user = accounts_sql.user_by_name(store, name) or user
        log.info("password hash of %s upgraded to the current scrypt cost", user.name)
    return user


def open_session(hub: HubState, user: UserRow, response: Response) -> None:
    """Start a session for ``user`` and set its cookie (HttpOnly, SameSite=Strict, Secure if configured)."""
    token, csrf = new_token(), new_token()
    now = hub.clock()
    accounts_sql.add_session(hub.store, token_digest(token), user.id, csrf, now, now + SESSION_TTL)
    set_private_cookie(hub, response, SESSION_COOKIE, token, path="/")
    log.info("user %s logged in", user.name)


def set_private_cookie(
    hub: HubState, response: Response, name: str, value: str, *, path: str, max_age: int | None = None
) -> None:
    """Set a cookie scripts cannot read (HttpOnly), never sent by other sites (SameSite=Strict), and
    Secure when the hub is configured for HTTPS."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=hub.tls or hub.config.hub.secure_cookies,
        path=path,
        max_age=max_age,
    )


def close_session(hub: HubState, request: Request, response: Response) -> None:
    """End the request's session, if any, and clear its cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts_sql.delete_session(hub.store, token_digest(token))
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=hub.tls or hub.config.hub.secure_cookies,
    )


def session_of(hub: HubState, request: Request) -> Caller | None:
    """The dashboard user of the request's session cookie, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    found = accounts_sql.session_user(hub.store, token_digest(token), hub.clock())
    if found is None:
        return None
    user, csrf = found
    return Caller(user=user, session_csrf=csrf)


def same_session(hub: HubState, request: Request, opened: Caller) -> bool:
    """True while the request's session is still live with the account, role and site it had when
    ``opened`` (an SSE stream ends after logout, a disabled account or a role change)."""
    now = session_of(hub, request)
    return now is not None and now.user == opened.user
