"""The hub's services, built once by the app factory and kept on ``app.state.hub``: one object, no
optional parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import Request

from kiosk.config import Config
from kiosk.hub.agenda.registrations import Registrations
from kiosk.hub.auth.throttle import LoginThrottle
from kiosk.hub.db.store import Store
from kiosk.hub.print_jobs.jobs import PrintJobs
from kiosk.hub.queue.console import QueueConsole
from kiosk.hub.queue.desk import HelpDesk
from kiosk.hub.queue.events import Broker


@dataclass
class HubState:
    """The hub's shared objects; each is thread-safe on its own."""

    config: Config
    store: Store
    broker: Broker
    desk: HelpDesk
    console: QueueConsole  # sites, pause, display, CRA
    registrations: Registrations
    print_jobs: PrintJobs
    throttle: LoginThrottle
    clock: Callable[[], datetime]
    heartbeat_s: float
    tls: bool = False  # served over HTTPS: Secure cookies, HSTS


async def hub_state(request: Request) -> HubState:
    """Dependency: the hub's shared objects (a coroutine: FastAPI then skips a thread-pool hop)."""
    state: HubState = request.app.state.hub
    return state
