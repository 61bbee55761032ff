"""Bounded connections against a real uvicorn on loopback: sockets that never send a request, or send
half a request, are closed after the head timeout; live streams and kept-alive clients are not."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import requests
from hub_helpers import LiveHub, sse_events

from kiosk.config import Config
from kiosk.hub.app import create_app
from kiosk.hub.bootstrap import EMBEDDED_TOKEN_ENV
from kiosk.hub.server import ServerThread

HEAD_TIMEOUT_S = 0.5


@pytest.fixture
def bounded_hub(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveHub]:
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    app = create_app(config, heartbeat_s=0.3)
    with ServerThread(app, header_timeout_s=HEAD_TIMEOUT_S) as server:
        yield LiveHub(server.url, app, server)


def _closed_by_server(sock: socket.socket, within_s: float) -> bool:
    sock.settimeout(within_s)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_silent_and_half_sent_connections_are_closed_and_the_hub_still_answers(bounded_hub):
    port = int(bounded_hub.url.rsplit(":", 1)[1])
    silent = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(300)]
    half = socket.create_connection(("127.0.0.1", port), timeout=5)
    half.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finishes its head
    try:
        started = time.monotonic()
        assert all(_closed_by_server(s, HEAD_TIMEOUT_S + 3) for s in silent)
        assert _closed_by_server(half, 3)
        assert time.monotonic() - started < HEAD_TIMEOUT_S + 3
        assert requests.get(f"{bounded_hub.url}/healthz", timeout=5).json() == {"status": "ok"}
    finally:
        for s in [*silent, half]:
            s.close()


def test_a_slow_but_complete_request_and_a_long_stream_are_served(bounded_hub):
    port = int(bounded_hub.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for piece in (b"GET /healthz HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"\r\n"):
            sock.sendall(piece)
            time.sleep(HEAD_TIMEOUT_S / 4)
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # kept alive: a second request
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    session, _csrf = bounded_hub.advisor_session()
    with session.get(f"{bounded_hub.url}/api/events", stream=True, timeout=(3, 5)) as stream:
        events = sse_events(stream)
        next(events)
        started = time.monotonic()
        while time.monotonic() - started < HEAD_TIMEOUT_S * 3:  # well past the head timeout
            assert next(events) == {"comment": "ping"}
