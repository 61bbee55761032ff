"""Fixtures for the hub client: a real stand-in hub on loopback, an outbox in tmp_path, a closed port."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fake_hub import FakeHub

from kiosk.client.hub_client import HubClient
from kiosk.client.outbox import Outbox

TIMEOUT = 0.5


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as running:
        yield running


@pytest.fixture
def outbox(tmp_path) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3")


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def client(hub: FakeHub, outbox: Outbox) -> Iterator[HubClient]:
    with HubClient(hub.url, hub.token, outbox=outbox, timeout=TIMEOUT) as made:
        yield made
