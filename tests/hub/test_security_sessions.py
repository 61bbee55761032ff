"""Sessions against a real uvicorn on loopback: a live stream ends within seconds of logout, a disabled
account or a role change, however busy it is; an account holds a bounded number of streams."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from hub_helpers import LiveHub, sse_events

from kiosk.config import Config
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.app import create_app
from kiosk.hub.bootstrap import EMBEDDED_TOKEN_ENV
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue.events import MAX_STREAMS_PER_ACCOUNT, RECHECK_S
from kiosk.hub.server import ServerThread

TIMEOUT = (3, 10)


@pytest.fixture
def busy_hub(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveHub]:
    """A hub with the production heartbeat (15 s): the attack needs events more often than that."""
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    app = create_app(config)
    with ServerThread(app) as server:
        yield LiveHub(server.url, app, server)


def _flood(hub: LiveHub, stop: threading.Event) -> None:
    """A kiosk sends a named request every 0.2 s until ``stop``."""
    kiosk = hub.add_kiosk("borne-flood")
    n = 0
    while not stop.is_set():
        n += 1
        requests.post(
            f"{hub.url}/api/help-requests",
            json={"topic": "papiers", "first_name": f"Nom{n}"},
            headers=kiosk,
            timeout=5,
        )
        stop.wait(0.2)


def _logout(hub: LiveHub, session: requests.Session, csrf: str) -> None:
    assert (
        session.post(f"{hub.url}/logout", data={"csrf_token": csrf}, allow_redirects=False).status_code == 303
    )


def _disable(hub: LiveHub, _session: requests.Session, _csrf: str) -> None:
    admin_sql.set_user_enabled(hub.store, "anne", False, datetime.now(UTC))


def _move_site(hub: LiveHub, _session: requests.Session, _csrf: str) -> None:
    cs.save_site(hub.store, cs.Site("yutz", "Yutz", "", ""), datetime.now(UTC))
    admin_sql.set_user_site(hub.store, "anne", "yutz")


@pytest.mark.parametrize("end", [_logout, _disable, _move_site], ids=["logout", "disabled", "site-change"])
def test_a_busy_stream_ends_within_seconds_after_the_session_does(busy_hub, end):
    session, csrf = busy_hub.advisor_session("anne")
    stop = threading.Event()
    flood = threading.Thread(target=_flood, args=(busy_hub, stop), daemon=True)
    with session.get(f"{busy_hub.url}/api/events", stream=True, timeout=TIMEOUT) as stream:
        events = sse_events(stream)
        flood.start()
        try:
            assert any(e.get("event") == "help_request" for e in (next(events) for _ in range(3)))
            end(busy_hub, session, csrf)
            ended_at = time.monotonic()
            for _event in events:  # drains until the hub closes the stream
                assert time.monotonic() - ended_at < RECHECK_S + 3, "the stream outlived the session"
            assert time.monotonic() - ended_at < RECHECK_S + 3
        finally:
            stop.set()
            flood.join(5)


def test_one_account_holds_a_bounded_number_of_streams(live_hub):
    session, _csrf = live_hub.advisor_session("anne")
    streams = [
        session.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT)
        for _ in range(MAX_STREAMS_PER_ACCOUNT)
    ]
    try:
        assert all(s.status_code == 200 for s in streams)
        # Wait until each is subscribed (its first line is sent after subscribing). The line iterators
        # stay referenced: a collected one releases its connection, and the hub sees the stream end.
        lines = [s.iter_lines() for s in streams]
        for line in lines:
            next(line)
        refused = session.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "10"
        other, _ = live_hub.advisor_session("bruno")  # another advisor is not affected
        with other.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT) as fine:
            assert fine.status_code == 200
    finally:
        for s in streams:
            s.close()
