"""The hub's app factory: one FastAPI app with its own store, broker and help desk."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI

from kiosk import __version__
from kiosk.config import Config
from kiosk.hub.admin import pages as admin_pages
from kiosk.hub.agenda import api as agenda_api
from kiosk.hub.agenda import pages as agenda_pages
from kiosk.hub.agenda.registrations import Registrations
from kiosk.hub.auth import pages as auth_pages
from kiosk.hub.auth.throttle import LoginThrottle
from kiosk.hub.bootstrap import BootstrapError, register_embedded_kiosk
from kiosk.hub.db.store import DB_NAME, Store
from kiosk.hub.learning import api as learning_api
from kiosk.hub.learning import pages as learning_pages
from kiosk.hub.print_jobs import api as print_jobs_api
from kiosk.hub.print_jobs import pages as print_jobs_pages
from kiosk.hub.print_jobs.jobs import PrintJobs
from kiosk.hub.queue import api as queue_api
from kiosk.hub.queue import pages as queue_pages
from kiosk.hub.queue.console import QueueConsole, Sessions, agenda_sessions
from kiosk.hub.queue.desk import Clock, HelpDesk
from kiosk.hub.queue.events import HEARTBEAT_S, Broker
from kiosk.hub.retention import PURGE_EVERY_S, Retention
from kiosk.hub.state import HubState
from kiosk.hub.stats import pages as stats_pages
from kiosk.hub.web import errors
from kiosk.hub.web import pages as web_pages

log = logging.getLogger(__name__)


MAX_BODY_BYTES = 64 * 1024


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
    purge_every_s: float = PURGE_EVERY_S,
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
        purge_every_s: seconds between two passes of the retention timer (`kiosk.hub.retention`), which
            runs from lifespan start-up to shutdown.

    Returns:
        The app; ``app.state.hub`` is its `HubState`, ``app.state.retention`` its `Retention`. The store
        closes at lifespan shutdown.

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
    hub = HubState(
        config=config,
        store=store,
        broker=broker,
        desk=desk,
        console=QueueConsole(desk, sessions or agenda_sessions(config)),
        registrations=Registrations(config, store),
        print_jobs=PrintJobs(config, store),
        throttle=LoginThrottle(),
        clock=now,
        heartbeat_s=heartbeat_s,
        tls=config.hub.tls,
    )
    retention = Retention(store, desk, hub.registrations, hub.print_jobs, now)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        timer = asyncio.create_task(retention.loop(purge_every_s), name="retention")
        try:
            yield
        finally:
            timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await timer
            store.close()

    app = FastAPI(
        title="Borne médiathèque — hub",
        version=__version__,
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app, hsts=hub.tls)
    app.state.hub = hub
    app.state.retention = retention
    # Route order: the queue console's /priority and /activity come before /api/help-requests/{id}/{action}
    # (queue_api declares them first).
    routers = (
        queue_api,
        auth_pages,
        queue_pages,
        web_pages,
        agenda_api,
        print_jobs_api,
        agenda_pages,
        print_jobs_pages,
        admin_pages,
        stats_pages,
        learning_api,
        learning_pages,
    )
    for module in routers:
        app.include_router(module.router)
    return app
