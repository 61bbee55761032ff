"""`kiosk users add`, `kiosk kiosks add`, the embedded kiosk token and demo credentials."""

from __future__ import annotations

import io
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from hub_helpers import PASSWORD, TestClient

from kiosk.cli import main
from kiosk.config import Config, HubConfig, load_config
from kiosk.hub.app import create_app
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.bootstrap import DEMO_ADVISOR, BootstrapError, ensure_demo_credentials
from kiosk.hub.db.store import Store
from kiosk.hub.server import serve
from kiosk.passwords import verify_password


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("KIOSK_EMBEDDED_TOKEN", raising=False)
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[hub]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return path


def _users_add(monkeypatch, config_file, name, password, role="advisor") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["users", "add", name, "--role", role, "--password-stdin", "--config", str(config_file)])


def test_users_add_creates_then_resets_a_hashed_account(monkeypatch, capsys, config_file):
    assert _users_add(monkeypatch, config_file, "anne", PASSWORD) == 0
    assert "created advisor account 'anne'" in capsys.readouterr().out
    assert _users_add(monkeypatch, config_file, "anne", "nouveau-mot-de-passe", "admin") == 0
    assert "updated admin account 'anne'" in capsys.readouterr().out
    store = Store(load_config(config_file).data_dir / "hub.sqlite3")
    user = accounts_sql.user_by_name(store, "anne")
    store.close()
    assert user.role == "admin" and verify_password("nouveau-mot-de-passe", user.password_hash)


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("anne", "court", "password too short: at least 10 characters"),
        ("anne", "", "password too short"),
        ("Anne Marie", PASSWORD, "invalid account name 'Anne Marie'"),
        ("a", PASSWORD, "invalid account name"),
    ],
)
def test_users_add_refuses_bad_input_with_one_line_and_status_2(
    monkeypatch, capsys, config_file, name, password, message
):
    assert _users_add(monkeypatch, config_file, name, password) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_kiosks_add_prints_a_token_once_and_re_adding_rotates_it(capsys, config_file):
    assert main(["kiosks", "add", "borne-1", "--config", str(config_file)]) == 0
    out = capsys.readouterr()
    first = out.out.strip()
    assert len(first) >= 40 and "shown only once" in out.err
    assert main(["kiosks", "add", "borne-1", "--config", str(config_file)]) == 0
    second = capsys.readouterr().out.strip()
    assert second != first
    app = create_app(load_config(config_file), environ={})
    with TestClient(app) as client:

        def create(token: str) -> int:
            return client.post(
                "/api/help-requests", json={"topic": "papiers"}, headers={"Authorization": f"Bearer {token}"}
            ).status_code

        assert (create(first), create(second)) == (401, 201)


def test_kiosks_add_refuses_a_bad_id(capsys, config_file):
    assert main(["kiosks", "add", "Borne 1", "--config", str(config_file)]) == 2
    assert "invalid kiosk id" in capsys.readouterr().err


def test_the_embedded_token_registers_the_configured_kiosk(config):
    app = create_app(config, environ={"KIOSK_EMBEDDED_TOKEN": "jeton-de-la-borne-integree"})
    with TestClient(app) as client:
        made = client.post(
            "/api/help-requests",
            json={"topic": "emails"},
            headers={"Authorization": "Bearer jeton-de-la-borne-integree"},
        )
    assert made.status_code == 201 and made.json()["kiosk_id"] == config.kiosk.id


def test_a_short_embedded_token_is_refused(config, monkeypatch, capsys):
    with pytest.raises(BootstrapError):
        create_app(config, environ={"KIOSK_EMBEDDED_TOKEN": "court"})
    monkeypatch.setenv("KIOSK_EMBEDDED_TOKEN", "court")
    assert serve(config, listen="127.0.0.1:1") == 2
    assert "KIOSK_EMBEDDED_TOKEN must be at least 16 characters" in capsys.readouterr().err


@pytest.mark.parametrize("listen", ["8470", "localhost:", ":8470", "127.0.0.1:99999", "127.0.0.1:http"])
def test_serve_refuses_a_bad_listen_address(config, capsys, listen):
    assert serve(config, listen=listen) == 2
    assert "expected HOST:PORT" in capsys.readouterr().err


def test_serve_reports_a_busy_port_in_one_line(config, capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert serve(config, listen=f"127.0.0.1:{busy.getsockname()[1]}") == 1
    assert "could not listen on 127.0.0.1:" in capsys.readouterr().err


def test_demo_credentials_are_random_private_and_created_once(tmp_path):
    demo = Config(hub=HubConfig(data_dir=str(tmp_path / "demo")))
    assert demo.demo
    store = Store(demo.data_dir / "hub.sqlite3")
    assert accounts_sql.user_by_name(store, DEMO_ADVISOR) is None  # no account exists before the first start
    out = io.StringIO()
    path = ensure_demo_credentials(demo, store, url="http://127.0.0.1:8470/", out=out)
    text = path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    password = re.search(r"Mot de passe : (\S+)", text).group(1)
    token = re.search(r"Jeton de la borne « demo » : (\S+)", text).group(1)
    assert password in out.getvalue() and "affichés une seule fois" in out.getvalue()
    assert verify_password(password, accounts_sql.user_by_name(store, DEMO_ADVISOR).password_hash)

    again = io.StringIO()
    assert ensure_demo_credentials(demo, store, url="http://127.0.0.1:8470/", out=again) == path
    assert password not in again.getvalue() and str(path) in again.getvalue()
    assert path.read_text(encoding="utf-8") == text
    store.close()

    other = Config(hub=HubConfig(data_dir=str(tmp_path / "other")))
    other_store = Store(other.data_dir / "hub.sqlite3")
    other_text = ensure_demo_credentials(other, other_store, url="u", out=io.StringIO()).read_text(
        encoding="utf-8"
    )
    other_store.close()
    assert password not in other_text and token not in other_text  # nothing fixed: no default password

    app = create_app(demo, environ={})
    with TestClient(app) as client:
        form = client.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        login = client.post(
            "/login",
            data={"name": DEMO_ADVISOR, "password": password, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert login.status_code == 303
        made = client.post(
            "/api/help-requests", json={"topic": "papiers"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert made.status_code == 201


def test_kiosk_hub_runs_in_demo_mode_as_the_kiosk_starts_it(tmp_path):
    """`python -m kiosk hub` as the embedded-hub launcher runs it: demo mode, embedded token, loopback."""
    with socket_port() as port:
        pass
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG",)}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), KIOSK_EMBEDDED_TOKEN="jeton-embarque-de-test-123")
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "hub", "--listen", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the hub did not start"
            time.sleep(0.1)
        made = requests.post(
            f"{url}/api/help-requests",
            json={"topic": "papiers"},
            timeout=5,
            headers={"Authorization": "Bearer jeton-embarque-de-test-123"},
        )
        assert made.status_code == 201 and made.json()["kiosk_id"] == "demo"
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    assert "Mot de passe : " in output and "jeton-embarque" not in output
    files = list((tmp_path / "xdg").rglob("demo-credentials.txt"))
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600


class socket_port:
    """A free loopback port number (released on exit, so the hub can bind it)."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
