"""A real systemd service manager for tests: ``systemd --user`` started in a private mount namespace.

No systemd runs as PID 1 here (a container), and systemd refuses to start unless /run/systemd/system
exists; a private tmpfs on /run/systemd gives it that without touching the machine. Units go to
``folder/config/systemd/user``; ``systemctl`` runs inside the same namespace (nsenter).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

SYSTEMD = "/lib/systemd/systemd"


def usable() -> str:
    if os.geteuid() != 0:
        return "needs root (mount namespace)"
    if not (Path(SYSTEMD).exists() and shutil.which("unshare") and shutil.which("nsenter")):
        return "needs systemd, unshare and nsenter"
    return ""


class UserManager:
    """``systemd --user`` of root, its runtime and config folders in ``folder``. A context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runtime = folder / "run"
        self.units = folder / "config" / "systemd" / "user"
        self.runtime.mkdir(mode=0o700, parents=True)
        self.units.mkdir(parents=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "HOME": str(folder),
        }
        script = (
            "mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/system"
            f" && exec {SYSTEMD} --user"
        )
        self.process = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not (self.runtime / "systemd" / "private").exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("systemd --user did not start")
            time.sleep(0.05)  # another process's socket appearing: nothing to wait on

    def systemctl(self, *args: str) -> str:
        done = subprocess.run(
            ["nsenter", "-m", "-t", str(self.process.pid), "systemctl", "--user", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return done.stdout.strip()

    def show(self, unit: str, prop: str) -> str:
        return self.systemctl("show", "-P", prop, unit)

    def add_unit(self, name: str, text: str) -> None:
        (self.units / name).write_text(text, encoding="utf-8")
        self.systemctl("daemon-reload")

    def __enter__(self) -> UserManager:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
