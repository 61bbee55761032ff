"""HTTPS against a real uvicorn on 127.0.0.1: the certificate `kiosk tls make` writes, verified with its
own authority; Secure cookies and HSTS; plain HTTP gets nothing; no plain HTTP beyond loopback."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from hub_helpers import PASSWORD, login_csrf

from kiosk.config import Config, HubConfig
from kiosk.hub.admin.tls import make_certificates, tls_files
from kiosk.hub.app import create_app
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.bootstrap import EMBEDDED_TOKEN_ENV
from kiosk.hub.server import ServerThread, plain_http_refusal
from kiosk.passwords import hash_password


@pytest.fixture
def tls_config(tmp_path: Path) -> Config:
    data = tmp_path / "data"
    files = tls_files(Config(hub=HubConfig(data_dir=str(data))))
    make_certificates(files, ["localhost"], ["127.0.0.1"], site_name="Médiathèque de Yutz")
    hub = HubConfig(data_dir=str(data), tls_cert=str(files.cert), tls_key=str(files.key))
    return Config(hub=hub, source=str(tmp_path / "kiosk.toml"))


@pytest.fixture
def https_hub(
    tls_config: Config, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path, ServerThread]]:
    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    app = create_app(tls_config)
    files = tls_files(tls_config)
    with ServerThread(app, tls=(str(files.cert), str(files.key))) as server:
        yield server.url, files.ca_cert, server


def test_the_hub_speaks_https_verified_by_its_own_authority(https_hub):
    url, ca, server = https_hub
    assert url.startswith("https://127.0.0.1:")
    assert requests.get(f"{url}/healthz", verify=str(ca), timeout=5).json() == {"status": "ok"}
    with pytest.raises(requests.exceptions.SSLError):  # the system's authorities do not know it
        requests.get(f"{url}/healthz", timeout=5)
    accounts_sql.save_user(
        server.app.state.hub.store, "anne", "advisor", hash_password(PASSWORD), server.app.state.hub.clock()
    )
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would win over verify
    session.verify = str(ca)
    form = session.get(f"{url}/login", timeout=5)
    assert "secure" in form.headers["set-cookie"].lower()
    done = session.post(
        f"{url}/login",
        data={"name": "anne", "password": PASSWORD, "csrf_token": login_csrf(form.text)},
        allow_redirects=False,
        timeout=5,
    )
    assert done.status_code == 303
    cookies = done.headers["set-cookie"].lower()
    assert "kiosk_session=" in cookies and cookies.count("secure") >= 2  # session + known browser
    page = session.get(f"{url}/", timeout=5)
    assert page.headers["strict-transport-security"] == "max-age=31536000"
    assert "non chiffrée" not in page.text  # the unencrypted warning is for plain HTTP only


def test_plain_http_on_the_https_port_gets_no_page(https_hub):
    url, _ca, _server = https_hub
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = raw.recv(4096)
    assert b"status" not in answer and b"200 OK" not in answer


def test_the_ca_page_offers_the_authority_for_phones(https_hub):
    url, ca, _server = https_hub
    page = requests.get(f"{url}/ca", verify=str(ca), timeout=5)
    assert page.status_code == 200 and "Télécharger le certificat" in page.text
    cert = requests.get(f"{url}/ca.crt", verify=str(ca), timeout=5)
    assert cert.headers["content-type"] == "application/x-x509-ca-cert"
    authority = x509.load_pem_x509_certificate(cert.content)
    assert authority.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    digest = authority.fingerprint(authority.signature_hash_algorithm).hex().upper()
    assert ":".join(digest[i : i + 2] for i in range(0, 8, 2)) in page.text


def test_the_server_certificate_names_the_hub_and_keeps_the_authority(tmp_path):
    files = tls_files(Config(hub=HubConfig(data_dir=str(tmp_path))))
    make_certificates(files, ["borne.local"], ["192.168.1.20"], site_name="Yutz")
    first_ca = files.ca_cert.read_bytes()
    make_certificates(files, ["borne.local"], ["192.168.1.21"], site_name="Yutz")  # the address changed
    assert files.ca_cert.read_bytes() == first_ca  # phones that trust it keep trusting it
    cert = x509.load_pem_x509_certificate(files.cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["borne.local"]
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["192.168.1.21"]
    assert (
        oct(files.key.stat().st_mode & 0o777) == "0o600"
        and oct(files.ca_key.stat().st_mode & 0o777) == "0o600"
    )
    context = ssl.create_default_context(cafile=str(files.ca_cert))
    assert context.cert_store_stats()["x509_ca"] == 1


def test_no_plain_http_beyond_loopback_unless_the_config_says_so(tmp_path):
    plain = Config(hub=HubConfig(data_dir=str(tmp_path)))
    assert plain_http_refusal(plain, "127.0.0.1") is None and plain_http_refusal(plain, "::1") is None
    assert "kiosk tls make" in plain_http_refusal(plain, "0.0.0.0")
    allowed = Config(hub=HubConfig(data_dir=str(tmp_path), allow_plain_http=True))
    assert plain_http_refusal(allowed, "0.0.0.0") is None
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "--listen", "0.0.0.0:8471"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"KIOSK_CONFIG": str(_write(tmp_path)), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 2 and "refusing to listen on 0.0.0.0 without TLS" in run.stderr


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[hub]\ndata_dir = "{tmp_path / "d"}"\n', encoding="utf-8")
    return path


def test_the_make_command_writes_the_files_and_says_what_to_configure(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "tls", "make", "--name", "borne.local", "--address", "127.0.0.1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"KIOSK_CONFIG": str(_write(tmp_path)), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    assert f'tls_cert = "{tmp_path / "d" / "tls" / "hub.crt"}"' in run.stdout
    assert (tmp_path / "d" / "tls" / "ca.crt").exists()
    bad = subprocess.run(
        [sys.executable, "-m", "kiosk", "tls", "make", "--address", "pas-une-adresse"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"KIOSK_CONFIG": str(_write(tmp_path)), "PATH": "/usr/bin:/bin"},
    )
    assert bad.returncode == 2 and bad.stderr.startswith("kiosk: --address:")


def test_a_kiosk_trusts_the_hub_through_hub_ca_only(https_hub, tmp_path):
    from kiosk.client.hub_client import HubClient
    from kiosk.client.outbox import Outbox

    url, ca, _server = https_hub
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    assert HubClient(url, "t", outbox=outbox, ca_file=str(ca)).healthy()
    assert not HubClient(url, "t", outbox=outbox).healthy()  # unknown authority: refused, not trusted
    other = tls_files(Config(hub=HubConfig(data_dir=str(tmp_path / "other"))))
    make_certificates(other, ["localhost"], ["127.0.0.1"], site_name="Ailleurs")
    assert not HubClient(url, "t", outbox=outbox, ca_file=str(other.ca_cert)).healthy()  # another hub's CA
