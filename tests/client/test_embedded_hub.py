"""EmbeddedHub: a hub child process on loopback, and clear errors when it cannot start."""

from __future__ import annotations

import sys
import time

import pytest

from kiosk.client.embedded_hub import EmbeddedHub, EmbeddedHubError
from kiosk.client.hub_client import HelpTicket, HubClient
from kiosk.client.outbox import Outbox
from kiosk.config import load_config


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[hub]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return load_config(path)


def test_the_command_line_passes_the_config_and_loopback(config):
    cmd = EmbeddedHub(config).command(8123)
    assert cmd[:4] == [sys.executable, "-m", "kiosk", "hub"]
    assert cmd[4:] == ["--config", config.source, "--listen", "127.0.0.1:8123"]


def test_a_child_that_dies_is_reported_with_its_last_words(config, monkeypatch):
    hub = EmbeddedHub(config)
    monkeypatch.setattr(
        hub, "command", lambda port, host="": [sys.executable, "-c", "import sys; sys.exit('port taken')"]
    )
    with pytest.raises(EmbeddedHubError, match=r"status 1: port taken"):
        hub.start(timeout=10)
    assert not hub.alive()


def test_a_child_that_never_answers_is_stopped(config, monkeypatch):
    hub = EmbeddedHub(config)
    monkeypatch.setattr(
        hub, "command", lambda port, host="": [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    started = time.monotonic()
    with pytest.raises(EmbeddedHubError, match="did not answer"):
        hub.start(timeout=1)
    assert time.monotonic() - started < 8
    assert not hub.alive()


def test_the_real_hub_as_a_child_process(config, tmp_path):
    pytest.importorskip("kiosk.hub.app")
    pytest.importorskip("kiosk.hub.server")
    hub = EmbeddedHub(config)
    try:
        url, token = hub.start(timeout=30)
        assert hub.alive() and url.startswith("http://127.0.0.1:")
        with HubClient(url, token, outbox=Outbox(tmp_path / "outbox.sqlite3")) as client:
            assert client.healthy()
            assert isinstance(client.request_help("papiers"), HelpTicket)
    finally:
        hub.stop()
    assert not hub.alive()


def _config_listening_on(tmp_path, port):
    path = tmp_path / "listen.toml"
    path.write_text(
        f'[hub]\ndata_dir = "{tmp_path / "data"}"\nlisten = "127.0.0.1:{port}"\n', encoding="utf-8"
    )
    return load_config(path)


def test_the_configured_port_is_used_when_free_so_the_dashboard_address_is_stable(tmp_path):
    import socket

    from kiosk.client.embedded_hub import free_port

    port = free_port()
    assert EmbeddedHub(_config_listening_on(tmp_path, port)).pick_address() == ("127.0.0.1", port)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        host, other = EmbeddedHub(_config_listening_on(tmp_path, port)).pick_address()
    assert (host, other != port) == ("127.0.0.1", True)


def test_an_embedded_hub_with_tls_is_reached_over_https_with_its_own_authority(tmp_path):
    from kiosk.hub.admin.tls import TlsFiles, make_certificates

    data = tmp_path / "data"
    files = TlsFiles(data / "tls")  # where kiosk tls make writes them
    make_certificates(files, ["localhost"], ["127.0.0.1"], site_name="Test")
    path = tmp_path / "tls.toml"
    path.write_text(
        f'[hub]\ndata_dir = "{data}"\nlisten = "0.0.0.0:0"\n'
        f'tls_cert = "{files.cert}"\ntls_key = "{files.key}"\n',
        encoding="utf-8",
    )
    hub = EmbeddedHub(load_config(path))
    try:
        url, token = hub.start(timeout=30)
        assert url.startswith("https://127.0.0.1:") and hub.ca_file == str(files.ca_cert)
        with HubClient(url, token, outbox=Outbox(tmp_path / "outbox.sqlite3"), ca_file=hub.ca_file) as client:
            assert isinstance(client.request_help("papiers"), HelpTicket)
    finally:
        hub.stop()
