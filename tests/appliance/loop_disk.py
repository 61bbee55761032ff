"""A small ext4 disk on a loop device (root only), and its state at a simulated power cut.

The loop driver writes what the file system hands to the "disk" into the backing file; pages the file
system still holds in its own cache are not there. So a copy of the backing file, taken while the
writer is frozen, is what an SD card would hold if the power went at that instant. Mounting the copy
replays ext4's journal as a reboot would.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60).stdout.strip()


def loop_devices_work() -> bool:
    """True when this process may attach loop devices and mount ext4 (root in a VM, not every container)."""
    if not (shutil.which("losetup") and shutil.which("mkfs.ext4")):
        return False
    try:
        return Path(_run("losetup", "-f")).exists()
    except (subprocess.CalledProcessError, OSError):
        return False


class LoopDisk:
    """``image`` formatted as ext4 and mounted at ``mount`` with a 60 s journal commit, so nothing
    reaches the "disk" unless someone fsyncs (ext4 would otherwise flush every 5 s)."""

    def __init__(self, image: Path, mount: Path, size_mb: int = 64) -> None:
        self.image, self.mount = image, mount
        with open(image, "wb") as file:
            file.truncate(size_mb * 1024 * 1024)
        _run("mkfs.ext4", "-q", "-F", str(image))
        self.device = _run("losetup", "--find", "--show", str(image))
        mount.mkdir(parents=True, exist_ok=True)
        _run("mount", "-o", "commit=60", self.device, str(mount))

    def power_cut_copy(self, target: Path) -> Path:
        """The disk as it is now (what survives a power cut at this instant)."""
        shutil.copyfile(self.image, target)
        return target

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.mount)], check=False, timeout=60)
        subprocess.run(["losetup", "-d", self.device], check=False, timeout=60)


class Mounted:
    """A disk image mounted (journal replayed) as after a reboot; use as a context manager."""

    def __init__(self, image: Path, mount: Path) -> None:
        self.image, self.mount = image, mount

    def __enter__(self) -> Path:
        self.device = _run("losetup", "--find", "--show", str(self.image))
        self.mount.mkdir(parents=True, exist_ok=True)
        _run("mount", self.device, str(self.mount))
        return self.mount

    def __exit__(self, *_exc: object) -> None:
        subprocess.run(["umount", str(self.mount)], check=False, timeout=60)
        subprocess.run(["losetup", "-d", self.device], check=False, timeout=60)
