"""The hub API's authentication dependencies as coroutines, so FastAPI runs them on the event loop.

FastAPI sends every plain ``def`` dependency to the thread pool: a kiosk request paid three thread hops
(state, caller, kiosk) before its endpoint's own, and under the 50-kiosk benchmark those hand-offs
(GIL and wake-ups) took more of the hub's time than the request's SQL (see ARCHITECTURE.md, Performance).
These wrappers call `kiosk.hub.auth`'s checks unchanged, inline, inside `Store.reading()`: one indexed
SQLite read on the read-only connection, which never waits for a writer, so the loop is not held up.
Return shapes: `Caller`, as auth's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kiosk.hub import auth
from kiosk.hub.auth import Caller
from kiosk.hub.state import HubState, hub_state


async def caller(request: Request, hub: Annotated[HubState, Depends(hub_state)]) -> Caller:
    """`kiosk.hub.auth.caller` (401 without credentials, 403 on a write without CSRF), on the loop."""
    with hub.store.reading():
        return auth.caller(request, hub)


async def advisor(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """`kiosk.hub.auth.advisor` (users only; kiosks get 403), on the loop."""
    return auth.advisor(who)


async def kiosk(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """`kiosk.hub.auth.kiosk` (kiosks only; users get 403), on the loop."""
    return auth.kiosk(who)
