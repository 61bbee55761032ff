"""Fixtures for registration, print-job and health tests: a hub with a small .ics agenda (in-process or
on loopback), a kiosk token and a logged-in staff client."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))

from hub_helpers import FakeClock, Hub, TestClient  # noqa: E402
from registration_agenda import AGENDA  # noqa: E402

from kiosk.config import AgendaConfig, Config, HubConfig  # noqa: E402
from kiosk.hub.app import create_app  # noqa: E402
from kiosk.hub.bootstrap import EMBEDDED_TOKEN_ENV  # noqa: E402
from kiosk.hub.server import ServerThread  # noqa: E402


@pytest.fixture
def config(tmp_path: Path) -> Config:
    agenda = tmp_path / "agenda.ics"
    agenda.write_text(AGENDA.replace("\n", "\r\n"), encoding="utf-8")
    return Config(
        hub=HubConfig(data_dir=str(tmp_path / "data")),
        agenda=AgendaConfig(source=str(agenda)),
        source=str(tmp_path / "kiosk.toml"),
    )


@pytest.fixture
def hub(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    clock = FakeClock()
    app = create_app(config, clock=clock)
    with TestClient(app) as client:
        yield Hub(app, clock, client)


@pytest.fixture
def live(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Hub]]:
    """The same hub served on a loopback port (real HTTP), with its Hub helper."""
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    clock = FakeClock()
    app = create_app(config, clock=clock)
    with ServerThread(app) as server, TestClient(app) as client:
        yield server.url, Hub(app, clock, client)
