"""A real hub child process for reliability tests and the queue benchmark: provision, start, kill -9, freeze.

The hub runs as ``python -m kiosk hub --config FILE --listen 127.0.0.1:PORT`` exactly as deployed; kiosks and
advisors are created with the real ``kiosk kiosks add`` / ``kiosk users add`` commands. Also holds the few
client-side helpers these tests share (advisor login with CSRF, an SSE line parser, integrity check).

Thread-safety: a HubProcess is driven from one thread (start/kill/restart); ``url`` and ``pid`` may be read
from any thread. The child gets SIGKILL if the thread that started it dies (PR_SET_PDEATHSIG), so a crashed
test never leaves a hub behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests

from kiosk.client.embedded_hub import free_port

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))
from hub_helpers import login_session  # noqa: E402  (tests/hub: one login and one SSE parser)
from hub_helpers import sse_events as hub_sse_events  # noqa: E402

PASSWORD = "un-mot-de-passe-solide"
DB_NAME = "hub.sqlite3"


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when the test process dies."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def write_config(folder: Path) -> Path:
    """A minimal TOML configuration whose hub data lives in ``folder/data``. Returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(f'[hub]\ndata_dir = "{folder / "data"}"\n', encoding="utf-8")
    return path


def _cli(config: Path, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", *args, "--config", str(config)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"kiosk {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def provision(config: Path, kiosks: list[str], advisors: list[str]) -> dict[str, str]:
    """Create kiosks and advisor accounts with the real CLI. Returns {kiosk id: token}."""
    tokens = {k: _cli(config, "kiosks", "add", k).splitlines()[0].strip() for k in kiosks}
    for name in advisors:
        _cli(config, "users", "add", name, "--role", "advisor", "--password-stdin", stdin=PASSWORD + "\n")
    return tokens


def copy_data(source: Path, target: Path) -> None:
    """Copy a provisioned (closed) hub data folder, so each test starts from the same database."""
    shutil.copytree(source, target, dirs_exist_ok=True)


class HubProcess:
    """One hub child process, restartable on the same port (clients keep their URL).

    Args:
        config: the TOML file passed with ``--config``.
        log_path: where the child's stdout and stderr go (read it when a test fails).
    """

    def __init__(self, config: Path, log_path: Path, *, port: int | None = None) -> None:
        self.config = config
        self.log_path = log_path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.starts = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None, "the hub is not running"
        return self._process.pid

    def start(self, timeout: float = 30.0) -> None:
        """Start the child and wait until ``/healthz`` answers. Raises RuntimeError (with the log's tail)."""
        assert self._process is None, "already started"
        env = {k: v for k, v in os.environ.items() if k != "KIOSK_EMBEDDED_TOKEN"}
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - open for the child's lifetime
        self._log.write(f"--- start {self.starts + 1}\n".encode())
        self._log.flush()
        cmd = [sys.executable, "-m", "kiosk", "hub", "--config", str(self.config)]
        self._process = subprocess.Popen(
            [*cmd, "--listen", f"127.0.0.1:{self.port}"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            env=env,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - only prctl, no locks taken
        )
        self.starts += 1
        deadline = time.monotonic() + timeout
        with requests.Session() as session:
            session.trust_env = False
            while True:
                if self._process.poll() is not None:
                    self._reap()
                    raise RuntimeError(f"the hub exited at start:\n{self.log_tail()}")
                try:
                    if session.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                        return
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"the hub did not answer within {timeout:g} s:\n{self.log_tail()}")
                time.sleep(0.05)  # polling a child process: there is no event to wait on

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye (a power cut for the process)."""
        if self._process is not None:
            self._process.kill()
            self._reap()

    def terminate(self, timeout: float = 15.0) -> float:
        """SIGTERM and wait for a clean exit. Returns how many seconds the shutdown took."""
        assert self._process is not None
        started = time.monotonic()
        self._process.terminate()
        self._process.wait(timeout)
        self._reap()
        return time.monotonic() - started

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections, nothing answers (a hung hub)."""
        os.kill(self.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """SIGCONT after `freeze`."""
        os.kill(self.pid, signal.SIGCONT)

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def rss_kib(self) -> tuple[int, int]:
        """(VmRSS, VmHWM) of the child in KiB, from /proc/PID/status."""
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            name, _sep, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0])
        return fields["VmRSS"], fields["VmHWM"]

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def close(self) -> None:
        """Stop the child if it still runs (SIGCONT first, in case it is frozen)."""
        if self.alive():
            assert self._process is not None
            os.kill(self._process.pid, signal.SIGCONT)
            self.kill()
        self._reap()

    def _reap(self) -> None:
        if self._process is not None:
            self._process.wait(10)
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass(frozen=True)
class Provisioned:
    """A closed hub data folder with kiosks and advisors, and the kiosks' tokens."""

    folder: Path
    tokens: dict[str, str]


@dataclass
class RunningHub:
    """A test's hub child process, its database file and the kiosks' tokens."""

    process: HubProcess
    db: Path
    tokens: dict[str, str]
    folder: Path

    @property
    def url(self) -> str:
        return self.process.url


def integrity(db_path: Path) -> str:
    """``PRAGMA integrity_check`` of the hub database ("ok" when sound)."""
    with closing(sqlite3.connect(db_path, timeout=10)) as db:
        return "; ".join(str(r[0]) for r in db.execute("PRAGMA integrity_check").fetchall())


def query(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read rows straight from the hub database (what survives, whatever the API says)."""
    with closing(sqlite3.connect(db_path, timeout=10)) as db:
        return db.execute(sql, params).fetchall()


def advisor_session(url: str, name: str) -> tuple[requests.Session, str]:
    """A requests session logged in through the login form (with its CSRF field), and the session CSRF."""
    return login_session(url, name, PASSWORD)


def sse_events(response: requests.Response) -> Iterator[dict[str, str]]:
    """Parse a text/event-stream into {"id", "event", "data"} / {"retry"} dicts (comments skipped)."""
    return (event for event in hub_sse_events(response) if "comment" not in event)
