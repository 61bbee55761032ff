"""Run a command with a private Xvfb display (when no DISPLAY is set), then stop the display.

Used by `make test`, `make bench` and `make snapshots` so the Kivy tests get a real X server
on a clean machine. The display number is chosen by Xvfb itself (-displayfd), so parallel runs
never collide.
"""

import os
import shutil
import subprocess
import sys

NOTIFY_ENV = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")  # as kiosk.sd_notify (no import: no venv)


def main() -> int:
    cmd = sys.argv[1:]
    if not cmd:
        print("usage: with_xvfb.py COMMAND [ARGS...]", file=sys.stderr)
        return 2
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return subprocess.call(cmd)
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
        # Xvfb speaks systemd's notify protocol too: keep its READY=1 away from a test's (or unit's) socket.
        env={k: v for k, v in os.environ.items() if k not in NOTIFY_ENV},
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = pipe.readline().strip()
    if not display:
        print("Xvfb did not start", file=sys.stderr)
        return 1
    env = dict(os.environ, DISPLAY=f":{display}")
    try:
        return subprocess.call(cmd, env=env)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
