"""Starting a hub as a child process on 127.0.0.1 when ``[kiosk] hub_url`` is empty (one Pi, one command).

The child is ``python -m kiosk hub --listen 127.0.0.1:PORT``, with a fresh random token in
``KIOSK_EMBEDDED_TOKEN``: the hub registers ``[kiosk] id`` with that token, so the kiosk can call it.
Its standard output (the demo advisor's login, printed once) is the kiosk's; its log (standard error)
goes to ``<data_dir>/embedded-hub.log``, whose last line explains a failed start.

Thread-safety: call start/stop from one thread (the UI's start-up and shutdown); ``alive`` may be called
from any thread. On Linux the child gets SIGTERM when the thread that called ``start`` ends (even by
``kill -9`` of the kiosk), so call ``start`` from a thread that lives as long as the kiosk: the main thread
or a long-lived worker, never a short-lived one.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import requests

from kiosk.config import Config
from kiosk.sd_notify import NOTIFY_ENV

log = logging.getLogger(__name__)


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the kiosk dies, even by kill -9."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


TOKEN_ENV = "KIOSK_EMBEDDED_TOKEN"  # noqa: S105 - the name of a variable, not a secret


class EmbeddedHubError(RuntimeError):
    """The embedded hub did not start (it died, or did not answer /healthz in time)."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free right now on ``host`` (another process could take it before we bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class EmbeddedHub:
    """A hub child process bound to loopback.

    Args:
        config: the kiosk's configuration; its file (if any) is passed to the hub with ``--config``.
        log_path: where the child's output goes (default ``<data_dir>/embedded-hub.log``).
    """

    def __init__(self, config: Config, *, log_path: Path | None = None) -> None:
        self.config = config
        self.log_path = log_path or config.data_dir / "embedded-hub.log"
        self.base_url = ""
        self.token = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    def command(self, port: int, host: str = "127.0.0.1") -> list[str]:
        """The child's command line."""
        cmd = [sys.executable, "-m", "kiosk", "hub"]
        if self.config.source:
            cmd += ["--config", self.config.source]
        return cmd + ["--listen", f"{host}:{port}"]

    def pick_address(self) -> tuple[str, int]:
        """Where the child listens: ``[hub] listen`` when that port is free (a stable dashboard address
        for the advisor), otherwise a free port on loopback."""
        host, _, port_text = self.config.hub.listen.rpartition(":")
        port = int(port_text)
        if port == 0:  # "any free port"
            return "127.0.0.1", free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                log.warning("%s is taken: the embedded hub uses a free port instead", self.config.hub.listen)
                return "127.0.0.1", free_port()
        return host, port

    @property
    def ca_file(self) -> str:
        """The authority the hub's HTTPS certificate chains to ("" without TLS, or for a certificate
        from elsewhere: the system's authorities then)."""
        ca = self.config.hub.tls_ca if self.config.hub.tls else None
        return str(ca) if ca else ""

    def start(self, timeout: float = 20.0) -> tuple[str, str]:
        """Start the hub and wait until ``GET /healthz`` answers.

        Returns:
            (base_url, token) for HubClient.

        Raises:
            EmbeddedHubError: the child exited, or did not answer within ``timeout`` seconds (it is stopped).
        """
        if self.alive():
            return self.base_url, self.token
        host, port = self.pick_address()
        self.token = secrets.token_urlsafe(32)
        scheme = "https" if self.config.hub.tls else "http"
        self.base_url = (
            f"{scheme}://127.0.0.1:{port}"
            if host in ("0.0.0.0", "127.0.0.1", "localhost")
            else (f"{scheme}://{host}:{port}")
        )
        env = {**os.environ, TOKEN_ENV: self.token}
        for name in NOTIFY_ENV:  # systemd watches the UI, not this child
            env.pop(name, None)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the child's lifetime
        log.info("starting embedded hub on %s (log: %s)", self.base_url, self.log_path)
        self._process = subprocess.Popen(
            self.command(port, host),
            env=env,
            stdin=subprocess.DEVNULL,
            stderr=self._log_file,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
        )
        deadline = time.monotonic() + timeout
        with requests.Session() as session:
            session.trust_env = False  # loopback: never through a proxy
            session.verify = str(self.ca_file) if self.ca_file else True
            while True:
                code = self._process.poll()
                if code is not None:
                    self._close_log()
                    raise EmbeddedHubError(f"the embedded hub exited with status {code}: {self._last_line()}")
                if _answers(session, self.base_url):
                    log.info("embedded hub ready on %s", self.base_url)
                    return self.base_url, self.token
                if time.monotonic() > deadline:
                    self.stop()
                    raise EmbeddedHubError(
                        f"the embedded hub did not answer {self.base_url}/healthz within {timeout:g} s: "
                        f"{self._last_line()}"
                    )
                time.sleep(0.1)  # polling a child process: there is no event to wait on

    def alive(self) -> bool:
        """True while the child process runs."""
        process = self._process
        return process is not None and process.poll() is None

    def stop(self) -> None:
        """Terminate the child (SIGTERM, then SIGKILL after 5 s). Does nothing when it is not running."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                log.warning("embedded hub did not stop within 5 s; killing it")
                process.kill()
                process.wait(timeout=5)
        self._close_log()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def _last_line(self) -> str:
        """The child's last non-empty output line, to explain a failure (or a pointer to the log)."""
        try:
            lines = [
                ln
                for ln in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
                if ln.strip()
            ]
        except OSError:
            lines = []
        return lines[-1].strip() if lines else f"see {self.log_path}"


def _answers(session: requests.Session, base_url: str) -> bool:
    try:
        response = session.get(base_url + "/healthz", timeout=1.0)
    except requests.RequestException:
        return False
    return response.status_code == 200
