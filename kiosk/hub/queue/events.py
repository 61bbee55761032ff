"""The SSE broker: fans stored events out to connected advisors, replays missed ones, sends heartbeats."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from kiosk.hub.db.store import Store
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.queue.sql import Event

log = logging.getLogger(__name__)

HEARTBEAT_S = 15.0
RETRY_MS = 3000
QUEUE_SIZE = 1000
REPLAY_PAGE = 500
_MAX_ID_DIGITS = 18
RESET = b"event: reset\ndata: {}\n\n"  # "reload your list": what was missed cannot be replayed
RECHECK_S = 2.0  # how often a stream checks its session is still live (logout, disabled, role change)
MAX_STREAMS_PER_ACCOUNT = 8  # tabs and phones of one advisor; beyond, 429
WATCH_GRACE_S = 120.0  # a dashboard that reconnects (hub restart, Wi-Fi) still counts as open meanwhile


@dataclass(eq=False)
class Subscription:
    """One connected SSE client: its event loop and its queue (only touched on that loop)."""

    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    user: str = ""  # the advisor account holding the stream ("" when unknown)
    overflowed: bool = False
    closed: bool = False


class Broker:
    """Delivers each published event to every subscription.

    Thread-safety: `publish` may be called from any thread; `subscribe`/`unsubscribe` are called from
    the event loop that will read the subscription's queue.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: set[Subscription] = set()
        self._closing = False
        self._left: dict[str, float] = {}  # account → when its last stream ended (time.monotonic)

    @property
    def client_count(self) -> int:
        """How many SSE clients are connected."""
        with self._lock:
            return len(self._subs)

    def watchers(self, grace_s: float = WATCH_GRACE_S) -> set[str]:
        """Accounts with a dashboard stream open now, or closed less than ``grace_s`` seconds ago."""
        since = time.monotonic() - grace_s
        with self._lock:
            left = {name for name, at in self._left.items() if at >= since}
            return left | {sub.user for sub in self._subs if sub.user}

    def streams_of(self, user: str) -> int:
        """How many streams account ``user`` holds now."""
        with self._lock:
            return sum(1 for sub in self._subs if sub.user == user)

    def subscribe(self, user: str = "") -> Subscription:
        """Register a client (held by account ``user``) on the running event loop."""
        sub = Subscription(asyncio.get_running_loop(), user=user)
        with self._lock:
            sub.closed = self._closing
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        """Forget a client (idempotent)."""
        with self._lock:
            self._subs.discard(sub)
            if sub.user:
                self._left[sub.user] = time.monotonic()

    def publish(self, event: Event) -> None:
        """Hand ``event`` to every client's loop; a client whose queue is full is told to reconnect.

        One wake-up per event loop (not per client): the hub's streams all live on uvicorn's one loop.
        """
        by_loop: dict[asyncio.AbstractEventLoop, list[Subscription]] = {}
        with self._lock:
            for sub in self._subs:
                by_loop.setdefault(sub.loop, []).append(sub)
        for loop, subs in by_loop.items():
            try:
                loop.call_soon_threadsafe(_deliver_all, subs, event)
            except RuntimeError:  # that loop is closed: the server stopped
                for sub in subs:
                    self.unsubscribe(sub)

    def close_all(self) -> None:
        """End every stream now and any opened later (the server is stopping), so none holds it up."""
        with self._lock:
            self._closing = True
            subs = list(self._subs)
        for sub in subs:
            try:
                sub.loop.call_soon_threadsafe(_close, sub)
            except RuntimeError:
                self.unsubscribe(sub)


_WAKE = Event(0, "", "")  # put in a queue to wake its reader; never sent


def _deliver_all(subs: list[Subscription], event: Event) -> None:
    for sub in subs:
        try:
            sub.queue.put_nowait(event)
        except asyncio.QueueFull:
            sub.overflowed = True


def _close(sub: Subscription) -> None:
    sub.closed = True
    with contextlib.suppress(asyncio.QueueFull):
        sub.queue.put_nowait(_WAKE)


def format_event(event: Event) -> bytes:
    """The SSE wire form of a stored event (its data is one line of JSON)."""
    return f"id: {event.id}\nevent: {event.kind}\ndata: {event.data}\n\n".encode()


def parse_event_id(*candidates: str | None) -> int | None:
    """The first candidate that is a plausible event id (Last-Event-ID header, then query), else None."""
    for value in candidates:
        if value is not None and value.isascii() and value.isdigit() and len(value) <= _MAX_ID_DIGITS:
            return int(value)
    return None


async def event_stream(
    store: Store,
    broker: Broker,
    after: int | None,
    *,
    heartbeat_s: float = HEARTBEAT_S,
    still_allowed: Callable[[], bool] = lambda: True,
    user: str = "",
    recheck_s: float = RECHECK_S,
) -> AsyncIterator[bytes]:
    """The bytes of one SSE response.

    Subscribes first, then replays stored events after ``after`` (when given), then streams live ones,
    skipping any already sent. Sends ``event: reset`` when missed events cannot be replayed (purged, or
    the id comes from another database), and a comment every ``heartbeat_s`` seconds. Ends when
    ``still_allowed()`` turns False (checked every ``recheck_s`` seconds, however busy the stream is),
    when the broker closes (server stopping),
    or when the client cannot keep up (it reconnects and replays). ``user`` (the advisor's account) makes
    the stream count in `Broker.watchers` (who is on duty).
    """
    sub = broker.subscribe(user)
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        with store.reading():  # on the event loop: never wait for a writer
            newest = requests_sql.last_event_id(store)
        last = newest
        if after is not None and after > newest:  # an id from another (older, replaced) database
            yield RESET
        elif after is not None and after < newest:
            with store.reading():
                oldest = requests_sql.oldest_event_id(store)
            if oldest is None or after + 1 < oldest:
                yield RESET
            last = after
            while True:
                with store.reading():
                    page = requests_sql.events_after(store, last, REPLAY_PAGE)
                for event in page:
                    yield format_event(event)
                    last = event.id
                if len(page) < REPLAY_PAGE:
                    break
        loop = asyncio.get_running_loop()
        checked = pinged = loop.time()
        while not sub.overflowed and not sub.closed:
            wait = max(0.0, min(pinged + heartbeat_s, checked + recheck_s) - loop.time())
            got: Event | None
            try:
                got = await asyncio.wait_for(sub.queue.get(), wait)
            except TimeoutError:
                got = None
            if loop.time() - checked >= recheck_s:
                if not still_allowed():
                    return
                checked = loop.time()
            if got is None:
                if loop.time() - pinged >= heartbeat_s:
                    pinged = loop.time()
                    yield b": ping\n\n"
                continue
            if got.id > last:
                last = got.id
                yield format_event(got)
        if sub.overflowed:
            log.info("SSE client too slow: closing its stream so it reconnects")
    finally:
        broker.unsubscribe(sub)
