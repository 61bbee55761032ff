"""What every route needs (config, store, help desk, broker…), kept on ``app.state.hub``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import Request

from kiosk.config import Config
from kiosk.hub.events import Broker
from kiosk.hub.store import Store

if TYPE_CHECKING:
    from kiosk.hub.auth import LoginThrottle
    from kiosk.hub.console import QueueConsole
    from kiosk.hub.helpdesk import HelpDesk


@dataclass
class HubState:
    """The hub's shared objects; each is thread-safe on its own."""

    config: Config
    store: Store
    broker: Broker
    desk: HelpDesk
    throttle: LoginThrottle
    clock: Callable[[], datetime]
    heartbeat_s: float
    console: QueueConsole | None = None  # set by create_app (sites, pause, display, CRA)


async def hub_state(request: Request) -> HubState:
    """Dependency: the hub's shared objects (a coroutine: FastAPI then skips a thread-pool hop)."""
    state: HubState = request.app.state.hub
    return state
