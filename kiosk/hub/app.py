"""The hub's app factory: one FastAPI app with its own store, broker and help desk."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import __version__
from kiosk.config import Config
from kiosk.hub import (  # issue 5
    agenda_api,
    display_voice,
    learning,
    routes_api,
    routes_console,
    routes_dashboard,
    routes_print,
    routes_queue,
    routes_staff,
)
from kiosk.hub.auth import LoginThrottle
from kiosk.hub.bootstrap import BootstrapError, register_embedded_kiosk
from kiosk.hub.console import QueueConsole, Sessions, agenda_sessions
from kiosk.hub.events import HEARTBEAT_S, Broker
from kiosk.hub.helpdesk import Clock, HelpDesk
from kiosk.hub.print_jobs import PrintJobs
from kiosk.hub.registrations import Registrations
from kiosk.hub.state import HubState
from kiosk.hub.store import DB_NAME, Store

log = logging.getLogger(__name__)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    """422 with FastAPI's usual body, encoded ASCII-safe: a lone surrogate in the input must not turn a
    refusal into a 500 (UTF-8 cannot encode it, JSON's \\u escapes can)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


MAX_BODY_BYTES = 64 * 1024
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response (streams untouched otherwise)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def create_app(
    config: Config,
    *,
    db_path: Path | None = None,
    clock: Clock | None = None,
    heartbeat_s: float = HEARTBEAT_S,
    environ: Mapping[str, str] | None = None,
    sessions: Sessions | None = None,
) -> FastAPI:
    """Build a hub app.

    Args:
        config: the loaded configuration.
        db_path: the SQLite file; default ``config.data_dir / "hub.sqlite3"``. Opened (and migrated) now.
        clock: returns the current aware datetime (tests move time with it).
        heartbeat_s: seconds between SSE heartbeat comments.
        environ: where to look for ``KIOSK_EMBEDDED_TOKEN`` (default ``os.environ``); when set, kiosk
            ``config.kiosk.id`` gets that token.
        sessions: ``now -> agenda sessions`` for the drop-in cut-off (default: the configured agenda).

    Returns:
        The app; ``app.state.hub`` is its `HubState`. The store closes at lifespan shutdown.

    Raises:
        BootstrapError: ``KIOSK_EMBEDDED_TOKEN`` is too short.
        RuntimeError, OSError, sqlite3.Error: the database cannot be opened or migrated.
    """
    store = Store(db_path or config.data_dir / DB_NAME)
    try:
        register_embedded_kiosk(config, store, os.environ if environ is None else environ)
    except BootstrapError:
        store.close()
        raise
    broker = Broker()
    now = clock or utc_now
    desk = HelpDesk(config, store, broker, now)
    desk.purge_if_due(now())
    console = QueueConsole(desk, sessions or agenda_sessions(config))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Borne médiathèque — hub",
        version=__version__,
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.state.hub = HubState(
        config=config,
        store=store,
        broker=broker,
        desk=desk,
        throttle=LoginThrottle(),
        clock=now,
        heartbeat_s=heartbeat_s,
    )
    app.state.hub.console = console

    app.state.registrations = Registrations(config, store)  # issue 5: workshops, print jobs, health
    app.state.print_jobs = PrintJobs(config, store)
    app.add_middleware(SecurityHeaders)
    app.include_router(routes_queue.router)  # before routes_api: /priority and /activity win over /{action}
    app.include_router(routes_api.router)
    app.include_router(routes_dashboard.router)
    for router in (agenda_api.router, routes_print.router, routes_staff.router):
        app.include_router(router)
    app.include_router(routes_console.router)
    app.include_router(display_voice.router)  # the call display's spoken numbers (issue 12)
    app.include_router(learning.router)  # anonymous learning statistics (issue 3)
    return app
