"""Hub test fixtures: a fresh database per test, a controllable clock, in-process and loopback hubs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_helpers import FakeClock, Hub, LiveHub, TestClient

from kiosk.config import Config, HubConfig
from kiosk.hub.app import create_app
from kiosk.hub.bootstrap import EMBEDDED_TOKEN_ENV
from kiosk.hub.server import ServerThread


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """A non-demo configuration whose data lives in tmp_path."""
    return Config(hub=HubConfig(data_dir=str(tmp_path / "data")), source=str(tmp_path / "kiosk.toml"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hub(config: Config, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    app = create_app(config, clock=clock)
    with TestClient(app) as client:
        yield Hub(app, clock, client)


@pytest.fixture
def kiosk_headers(hub: Hub) -> dict[str, str]:
    return hub.add_kiosk()


@pytest.fixture
def advisor(hub: Hub) -> tuple[TestClient, dict[str, str]]:
    return hub.advisor()


@pytest.fixture
def live_hub(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveHub]:
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    app = create_app(config, heartbeat_s=0.3)
    with ServerThread(app) as server:
        yield LiveHub(server.url, app, server)
