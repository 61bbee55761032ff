"""A session killed with its Debian root mounted: the next session unmounts what it left before pytest's
recursive delete of old folders can reach through it (tests/stale_mounts.py), and leaves alone the
mounts of a session that still runs. Real tmpfs mounts in a fake pytest temporary root."""

from __future__ import annotations

import os
import subprocess

import pytest
from stale_mounts import mount_points, unmount_stale


def _mount_tmpfs(target) -> None:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(target)], capture_output=True, timeout=60)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_the_mounts_of_a_killed_session_are_unmounted_and_a_running_one_s_are_kept(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root mounts")
    root = tmp_path / "pytest-of-someone"
    killed, running, unlocked = root / "pytest-7", root / "pytest-8", root / "pytest-9"
    for session in (killed, running, unlocked):
        session.mkdir(parents=True)
    (killed / ".lock").write_text(str(_dead_pid()), encoding="ascii")
    (running / ".lock").write_text(str(os.getpid()), encoding="ascii")
    dev, inner, kept, other = (
        killed / "debian0/root/dev",
        killed / "debian0/root/dev/pts",
        running / "disk",
        unlocked / "x",
    )
    mounted = [dev, inner, kept, other]
    try:
        for target in mounted:
            _mount_tmpfs(target)
        (inner / "device-node-stand-in").write_text("the host's", encoding="utf-8")
        gone = unmount_stale(root)
        assert gone == [inner, dev, other]  # deepest first
        left = [p for p in mount_points() if root in p.parents]
        assert left == [kept]
        assert not (killed / "debian0/root/dev/pts/device-node-stand-in").exists()  # a delete cannot reach it
    finally:
        for target in reversed(mounted):
            subprocess.run(["umount", "-l", str(target)], capture_output=True, timeout=60)


def test_a_basetemp_folder_is_emptied_whole(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root mounts")
    basetemp = tmp_path / "chosen"
    target = basetemp / "test_x0" / "debian" / "root"
    try:
        _mount_tmpfs(target)
        assert unmount_stale(basetemp, whole=True) == [target]
        assert target not in mount_points()
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, timeout=60)
