"""A fresh Debian 12 (bookworm) root for installer tests, made by debootstrap once and then reused.

The first run downloads a tarball of the packages (``debootstrap --make-tarball``, about a minute) and
unpacks it into a pristine root (about two minutes); both stay in /var/cache/kiosk-tests, keyed by the
package list, so later runs start at once. Each test gets its own copy-on-write view of the pristine
root (overlayfs), with /proc, /sys and /dev mounted, and runs commands in it with no network
(``unshare --net``: the loopback only).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("KIOSK_TEST_CACHE", "/var/cache/kiosk-tests"))
MIRROR = "http://deb.debian.org/debian"
BASE = ["systemd", "systemd-sysv", "procps", "util-linux"]


def packages() -> list[str]:
    listed = (ROOT / "deploy" / "debian-packages.txt").read_text(encoding="utf-8").splitlines()
    return BASE + [line.strip() for line in listed if line.strip() and not line.startswith("#")]


def usable() -> str:
    """Why these tests cannot run here, or "" when they can."""
    if os.geteuid() != 0:
        return "needs root"
    if not shutil.which("debootstrap"):
        return "needs debootstrap (scripts/system-deps.sh)"
    return ""


def _arch() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def pristine_root() -> Path:
    """The cached Debian root with ``packages()`` installed (made when missing). Never modified by tests."""
    include = ",".join(packages())
    key = hashlib.sha256(f"{_arch()} {include}".encode()).hexdigest()[:12]
    tarball = CACHE / f"bookworm-{key}.tgz"
    root = CACHE / f"root-{key}"
    if (root / ".complete").exists():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    common = ["debootstrap", "--variant=minbase", f"--arch={_arch()}", f"--include={include}"]
    if not tarball.exists():
        partial = tarball.with_suffix(".partial")
        subprocess.run(
            [*common, f"--make-tarball={partial}", "bookworm", str(CACHE / "mk"), MIRROR],
            check=True,
            capture_output=True,
            timeout=1800,
        )
        partial.rename(tarball)
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run(
        [*common, f"--unpack-tarball={tarball}", "bookworm", str(root), MIRROR],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    (root / ".complete").touch()
    return root


class DebianRoot:
    """A throw-away Debian root: ``path`` is an overlay of the pristine root; ``run`` executes in it."""

    def __init__(self, work: Path) -> None:
        self.work = work
        lower = pristine_root()
        for name in ("upper", "overlay-work", "root"):
            (work / name).mkdir(parents=True, exist_ok=True)
        self.path = work / "root"
        self._mounts: list[Path] = []
        self._mount(
            "overlay",
            "-t",
            "overlay",
            "-o",
            f"lowerdir={lower},upperdir={work / 'upper'},workdir={work / 'overlay-work'}",
            target=self.path,
        )
        self._mount("proc", "-t", "proc", target=self.path / "proc")
        self._mount("sysfs", "-t", "sysfs", target=self.path / "sys")
        self._mount("/dev", "--bind", target=self.path / "dev")
        # One network namespace for the root's whole life (loopback only): a hub started by one command
        # is reached by the next. The sleeper holds it.
        self._netns = subprocess.Popen(
            ["unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec sleep infinity"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _mount(self, source: str, *options: str, target: Path) -> None:
        subprocess.run(["mount", *options, source, str(target)], check=True, timeout=60)
        self._mounts.append(target)

    def bind(self, source: Path, inside: str, *, read_only: bool = True) -> Path:
        """Make host folder ``source`` visible at ``inside`` in the root."""
        target = self.path / inside.lstrip("/")
        target.mkdir(parents=True, exist_ok=True)
        self._mount(str(source), "--bind", target=target)
        if read_only:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True, timeout=60)
        return target

    def run(
        self, script: str, *, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess:
        """Run ``script`` with bash as root inside the root, with no network but loopback."""
        full_env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root",
            "LANG": "C.UTF-8",
            **(env or {}),
        }
        return subprocess.run(
            [
                "nsenter",
                f"--net=/proc/{self._netns.pid}/ns/net",
                "--",
                "chroot",
                str(self.path),
                "/bin/bash",
                "-c",
                script,
            ],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def close(self) -> None:
        self.run('for f in /run/stub-*.pid; do [ -f "$f" ] && pkill -KILL -s "$(cat "$f")"; done; true')
        self._netns.kill()
        self._netns.wait()
        for target in reversed(self._mounts):
            subprocess.run(["umount", "-l", str(target)], check=False, timeout=60)
        self._mounts.clear()
