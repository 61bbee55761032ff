"""The hub's domain errors and the one place that renders them (JSON for the API, a page otherwise),
with the security headers on every answer, 500s included."""

from __future__ import annotations

import html
import json
import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.i18n import _

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000"


class HubError(Exception):
    """A refusal a caller can understand. ``field`` names the input at fault (422 shaped like
    FastAPI's validation errors)."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.headers = headers or {}


class NotFound(HubError):
    """No such thing (or not one the caller may know of)."""

    status = 404


class Conflict(HubError):
    """The thing exists but is not in a state that allows this."""

    status = 409


class Invalid(HubError):
    """A value is out of range or unknown."""

    status = 422


class Forbidden(HubError):
    """The caller is known but may not do this."""

    status = 403


class Unauthorized(HubError):
    """No credentials, or unknown ones."""

    status = 401


class TooMany(HubError):
    """Too many attempts or streams; ``Retry-After`` says when to come back."""

    status = 429


class LoginRequired(HubError):
    """A page needs a session: the browser is sent to /login."""

    status = 303


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or "application/json" in accept or "html" not in accept


def _html_page(status: int, message: str) -> Response:
    body = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Borne médiathèque</title>'
        '<link rel="stylesheet" href="/static/dashboard.css"></head><body><main>'
        f"<p>{html.escape(message)}</p>"
        f'<p><a href="/">{html.escape(_("Retour au tableau de bord"))}</a></p></main></body></html>'
    )
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")


async def render_hub_error(request: Request, exc: Exception) -> Response:
    """The one rendering of a `HubError`: ``{"detail": …}`` for the API, a short French page otherwise."""
    assert isinstance(exc, HubError)
    if isinstance(exc, LoginRequired):
        return Response(status_code=303, headers={"Location": "/login", "Cache-Control": "no-store"})
    if _wants_json(request):
        detail: object = exc.message
        if exc.field is not None:
            detail = [{"loc": ["body", exc.field], "msg": exc.message, "type": "value_error"}]
        body = json.dumps({"detail": detail}, ensure_ascii=True)
        response = Response(body, status_code=exc.status, media_type="application/json")
    else:
        response = _html_page(exc.status, exc.message)
    response.headers.update(exc.headers)
    return response


async def _validation_error(_request: Request, exc: Exception) -> Response:
    """422 with FastAPI's usual body, encoded ASCII-safe: a lone surrogate in the input must not turn a
    refusal into a 500 (UTF-8 cannot encode it, JSON's \\u escapes can)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


async def _server_error(request: Request, exc: Exception) -> Response:
    """A 500 that says little and still carries the security headers (it is sent outside the
    middleware stack, so they are added here)."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    response = _html_page(500, _("Erreur interne du hub. Réessayez dans un instant."))
    response.headers.update(SECURITY_HEADERS)
    return response


class SecurityHeaders:
    """ASGI middleware adding the security headers (and HSTS over TLS) to every HTTP response."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.headers = {**SECURITY_HEADERS, **({"Strict-Transport-Security": HSTS} if hsts else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, *, hsts: bool) -> None:
    """Register the error handlers and the security headers on ``app``."""
    app.add_exception_handler(HubError, render_hub_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(SecurityHeaders, hsts=hsts)
