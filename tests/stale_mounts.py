"""Mounts that a killed test session left behind, unmounted when the next session starts.

The appliance tests mount inside their temporary folders: a Debian root's overlay, its /proc and /sys, a
bind of the host's /dev (tests/appliance/debian_root.py) and loop disks (loop_disk.py). They unmount them
when they end, but a session killed with SIGKILL (a CI timeout, the OOM killer, kill -9) cannot. pytest
later deletes old ``pytest-N`` folders with a plain recursive delete, which goes into mounts: under a
stale bind of /dev it would delete the host's device nodes. So at start-up, every mount under pytest's
temporary root whose session is over (its ``.lock`` is gone or names a process that no longer runs) is
unmounted (lazily, deepest first). A ``--basetemp`` folder is emptied by pytest at start, so mounts under
it are unmounted too. Only root can mount, so only root looks.
"""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import tempfile
from pathlib import Path


def pytest_temp_root() -> Path:
    """Where pytest numbers its sessions' folders (``/tmp/pytest-of-<user>``), as _pytest.tmpdir names it."""
    temproot = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir()).resolve()
    try:
        user = getpass.getuser()
    except (ImportError, KeyError, OSError):
        user = "unknown"
    return temproot / f"pytest-of-{user}"


def mount_points() -> list[Path]:
    """Every mount point of this process's mount namespace (/proc/self/mountinfo, escapes decoded)."""
    lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    octal = re.compile(r"\\([0-7]{3})")
    return [Path(octal.sub(lambda m: chr(int(m.group(1), 8)), line.split()[4])) for line in lines]


def _session_alive(folder: Path) -> bool:
    """True when the pytest session that owns ``folder`` (a ``pytest-N`` folder) still runs."""
    try:
        pid = int((folder / ".lock").read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return False  # pytest removes its lock when the session ends
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: alive
    return True


def stale_mounts(root: Path, *, whole: bool = False) -> list[Path]:
    """The mount points under ``root`` to unmount, deepest first: all of them when ``whole`` (a
    ``--basetemp`` folder), else those of ``pytest-N`` sessions that are over."""
    found = []
    for point in mount_points():
        if root not in point.parents:
            continue
        if not whole and _session_alive(root / point.relative_to(root).parts[0]):
            continue
        found.append(point)
    return sorted(set(found), key=lambda p: len(p.parts), reverse=True)


def unmount_stale(root: Path, *, whole: bool = False) -> list[Path]:
    """Unmount (``umount -l``) `stale_mounts`; the mount points it unmounted."""
    done = []
    for point in stale_mounts(root, whole=whole):
        if subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=60).returncode == 0:
            done.append(point)
    return done


def unmount_before_session(basetemp: str | None) -> None:
    """The start-up hook's work (tests/conftest.py)."""
    if os.geteuid() != 0:
        return
    if basetemp:
        unmount_stale(Path(basetemp).resolve(), whole=True)
    unmount_stale(pytest_temp_root())
