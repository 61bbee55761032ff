"""Fixtures for the Kivy UI tests: a kiosk in its own process (one Kivy App per process) under a private X
display, driven from the test (``kiosk``, ``kiosk_factory``) or by a driver scenario (``run_driver``); a real
hub on loopback with an advisor account; snapshot comparison."""

from __future__ import annotations

import io
import socket
from pathlib import Path
from typing import Any

import pytest
from driver import run_child
from remote import RemoteKiosk, kiosks

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SNAPSHOTS = HERE / "snapshots"
# (width, height) -> physical screen width in mm: Raspberry Pi 7" display, a 10.1" panel, a 21.5" monitor.
from layout_sizes import SIZES  # noqa: E402  (one list of screen sizes)

SNAPSHOT_SCREENS = ("home", "help_topic", "help_name_page", "help_name", "help_ticket")
ADVISOR = {"name": "conseil", "password": "un-mot-de-passe-de-test"}


DEFAULTS = {"size": [800, 480], "screen_width_mm": 154.0}  # Raspberry Pi 7" display


def run_driver(out_dir: Path, **args: Any) -> dict[str, Any]:
    """Run a tests/ui/driver.py scenario with ``args`` (800×480 by default); its results.json."""
    return run_child(out_dir, {**DEFAULTS, **args})


@pytest.fixture
def kiosk_factory(tmp_path) -> Any:
    """``start(**args)``: a fresh kiosk child driven from the test (tests/ui/remote.py); the arguments are
    tests/ui/driver.py's (``kiosk_mode``, ``hub_url``/``token``, ``real_printer``, ``failing_printer``…)."""
    with kiosks(tmp_path, DEFAULTS) as start:
        yield start


@pytest.fixture
def kiosk(kiosk_factory) -> RemoteKiosk:
    """A fresh kiosk at 800×480 on fakes (hub, printer, fake clock), driven from the test."""
    return kiosk_factory()


@pytest.fixture(scope="session")
def screens_runs(tmp_path_factory) -> dict[tuple[int, int], dict[str, Any]]:
    """The "screens" scenario at each size, run once per session (snapshots and layout share it)."""
    runs: dict[tuple[int, int], dict[str, Any]] = {}

    class Lazy(dict):
        def __missing__(self, size: tuple[int, int]) -> dict[str, Any]:
            shots = SNAPSHOT_SCREENS if size != (1920, 1080) else ("home",)
            out = tmp_path_factory.mktemp(f"screens-{size[0]}x{size[1]}")
            result = run_driver(
                out,
                scenario="screens",
                size=list(size),
                screen_width_mm=SIZES[size],
                snapshots=list(shots),
                poll_interval_s=0.3,
            )
            self[size] = result
            return result

    runs = Lazy()
    return runs


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def real_hub(tmp_path) -> Any:
    """A real hub child process on loopback (fresh database), this kiosk's token and an advisor account."""
    from kiosk.client.embedded_hub import EmbeddedHub
    from kiosk.config import load_config
    from kiosk.hub.admin.accounts import add_user_command

    data = tmp_path / "data"
    config_path = tmp_path / "kiosk.toml"
    config_path.write_text(
        '[site]\nname = "Médiathèque de test"\n'
        '[kiosk]\nid = "borne-test"\n'
        f'[hub]\ndata_dir = "{data}"\nlisten = "127.0.0.1:0"\n'  # any free port: 8470 may be another test's
        f'[printer]\nuri = "file:{tmp_path / "out.bin"}"\ntimeout_s = 3\n',
        encoding="utf-8",
    )
    config = load_config(config_path)
    assert add_user_command(config, ADVISOR["name"], "advisor", io.StringIO(ADVISOR["password"] + "\n")) == 0
    hub = EmbeddedHub(config)
    url, token = hub.start(timeout=30)
    try:
        yield {"url": url, "token": token, "config_path": str(config_path), "out": tmp_path / "out.bin"}
    finally:
        hub.stop()
