"""Helpers for the kiosk-session test: a system-Python virtualenv from requirements.lock, a non-root user,
and Weston started headless as that user with the shipped deploy/weston.ini.

Why a virtualenv of /usr/bin/python3: the session runs as an unprivileged user, who cannot read an
interpreter living in root's home (pyenv), exactly like the `kiosk` user on a Pi."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("KIOSK_TEST_CACHE", "/var/cache/kiosk-tests"))
USER = "kiosk-test-user"


def usable() -> str:
    """Why the session test cannot run here, or ""."""
    if os.geteuid() != 0:
        return "needs root (to run the session as another user)"
    for tool in ("weston", "xdotool", "xwininfo", "runuser"):
        if not shutil.which(tool):
            return f"needs {tool} (scripts/system-deps.sh)"
    if not Path("/usr/bin/python3").exists():
        return "needs Debian's /usr/bin/python3"
    return ""


def system_venv() -> Path:
    """/var/cache/kiosk-tests/venv-<lock hash>: /usr/bin/python3 with requirements.lock installed, readable
    by everyone (made once; pip's cache makes it ~30 s)."""
    lock = ROOT / "requirements.lock"
    venv = CACHE / f"venv-{hashlib.sha256(lock.read_bytes()).hexdigest()[:12]}"
    if (venv / ".complete").exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run(
        [
            str(venv / "bin/python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--require-hashes",
            "--only-binary=:all:",
            "--no-deps",
            "-r",
            str(lock),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    subprocess.run(["chmod", "-R", "a+rX", str(CACHE)], check=True)
    (venv / ".complete").touch()
    return venv


def ensure_user() -> None:
    if subprocess.run(["id", "-u", USER], capture_output=True, check=False).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], check=True
        )


def user_dir() -> Path:
    """A fresh folder owned by the test user, mode 0700 (its XDG_RUNTIME_DIR, data and logs)."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-session-", dir="/tmp"))
    shutil.chown(folder, USER, USER)
    folder.chmod(0o700)
    return folder


def as_user(env: dict[str, str], *cmd: str) -> list[str]:
    return ["runuser", "-u", USER, "--", "env", *[f"{k}={v}" for k, v in env.items()], *cmd]


class Session:
    """Weston (kiosk-shell from deploy/weston.ini, Xwayland) with an output of ``size``, as the test user.

    ``backend="headless"``: no input devices; keys are typed into Xwayland and reach the kiosk's window.
    ``backend="x11"``: Weston runs in a window of a private Xvfb; keys typed into that window go through
    Weston's own key handling (its bindings) before the kiosk gets them, as a keyboard on a Pi would.
    """

    def __init__(self, folder: Path, size: tuple[int, int], backend: str = "headless") -> None:
        self.folder = folder
        self.log = folder / "weston.log"
        self.env = {"XDG_RUNTIME_DIR": str(folder), "HOME": str(folder)}
        self.procs: list[subprocess.Popen] = []
        self.keyboard_env = dict(self.env)
        options = ["--backend=headless-backend.so"]
        if backend == "x11":
            self.keyboard_env["DISPLAY"] = self._xvfb()
            options = ["--backend=x11-backend.so", "--use-pixman"]
        self.weston = self.spawn(
            "weston",
            *options,
            f"--width={size[0]}",
            f"--height={size[1]}",
            f"--config={ROOT / 'deploy' / 'weston.ini'}",
            "--xwayland",
            "--socket=wayland-kiosk-test",
            f"--log={self.log}",
            env={"DISPLAY": self.keyboard_env.get("DISPLAY", "")},
        )
        self.display = self._wait_display()
        self.env["DISPLAY"] = self.display
        if backend == "headless":
            self.keyboard_env = self.env
        else:
            window = self.key_x("xdotool", "search", "--class", "Weston").split()
            assert window, "Weston's window not found on the outer display"
            self.key_x("xdotool", "windowfocus", "--sync", window[0])

    def _xvfb(self) -> str:
        read_fd, write_fd = os.pipe()
        with open(self.folder / "xvfb.log", "ab") as out:
            proc = subprocess.Popen(
                as_user(
                    {},
                    "Xvfb",
                    "-displayfd",
                    str(write_fd),
                    "-screen",
                    "0",
                    "1920x1080x24",
                    "-nolisten",
                    "tcp",
                ),
                pass_fds=(write_fd,),
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        self.procs.append(proc)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            return ":" + pipe.readline().strip()

    def key_x(self, *cmd: str) -> str:
        """An X client on the keyboard's display (Xwayland when headless, the outer Xvfb for x11)."""
        done = subprocess.run(
            as_user(self.keyboard_env, *cmd), capture_output=True, text=True, timeout=20, check=False
        )
        return done.stdout

    def press(self, keys: str) -> None:
        self.key_x("xdotool", "key", keys)

    def spawn(self, *cmd: str, env: dict[str, str] | None = None, log: str = "out.log") -> subprocess.Popen:
        with open(self.folder / log, "ab") as out:
            proc = subprocess.Popen(
                as_user({**self.env, **(env or {})}, *cmd),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                start_new_session=True,
                cwd=self.folder,
            )
        self.procs.append(proc)
        return proc

    def _wait_display(self) -> str:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            found = re.search(
                r"xserver listening on display (:\d+)", self.log.read_text() if self.log.exists() else ""
            )
            if found:
                return found.group(1)
            if self.weston.poll() is not None:
                break
            time.sleep(0.1)  # waiting for another process's log line: no event to wait on
        raise RuntimeError(f"Weston did not start:\n{self.log.read_text() if self.log.exists() else ''}")

    def x(self, *cmd: str) -> str:
        """An X client (xdotool, xwininfo) run as the session's user on its Xwayland display."""
        return subprocess.run(
            as_user(self.env, *cmd), capture_output=True, text=True, timeout=20, check=False
        ).stdout

    def windows(self) -> list[tuple[str, int, int]]:
        """Named top-level X windows of the kiosk's clients: (name, width, height)."""
        tree = self.x("xwininfo", "-root", "-tree")
        return [
            (name, int(w), int(h))
            for name, w, h in re.findall(r'"([^"]+)": \(.*?\)\s+(\d+)x(\d+)', tree)
            if name != "Weston WM"
        ]

    def user_processes(self) -> set[str]:
        out = subprocess.run(
            ["ps", "-u", USER, "-o", "comm="], capture_output=True, text=True, check=False
        ).stdout
        return set(out.split())

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
