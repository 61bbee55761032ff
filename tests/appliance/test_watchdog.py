"""A frozen hub or UI is restarted by a real systemd (``systemd --user``, see user_manager.py) through the
watchdog: the unit's ``Type=notify`` / ``WatchdogSec`` lines from deploy/, shortened so the test is quick.
Prints the measured delays; the production delay is WatchdogSec + RestartSec + the time to READY."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from user_manager import UserManager, usable

from kiosk.client.embedded_hub import free_port

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(usable()), reason=usable() or "ok")]
ROOT = Path(__file__).resolve().parents[2]
WATCHDOG_S, RESTART_S, ABORT_S = 2, 1, 1


def _unit(deployed: str, exec_start: str, environment: dict[str, str]) -> str:
    """The deployed unit's watchdog lines, with short delays, running ``exec_start`` here."""
    text = (ROOT / "deploy" / deployed).read_text(encoding="utf-8")
    for line in ("Type=notify", "NotifyAccess=main", "Restart=always", "StartLimitIntervalSec=0"):
        assert re.search(f"^{line}$", text, re.M), f"{deployed} lost {line}"
    env = " ".join(f"{k}={v}" for k, v in environment.items())
    return (
        "[Unit]\nStartLimitIntervalSec=0\n[Service]\nType=notify\nNotifyAccess=main\n"
        f"WatchdogSec={WATCHDOG_S}s\nTimeoutAbortSec={ABORT_S}s\nRestart=always\nRestartSec={RESTART_S}\n"
        f"Environment={env}\nExecStart={exec_start}\n"
    )


def _restarted_after_freeze(manager: UserManager, unit: str) -> tuple[float, float]:
    """Start ``unit`` (returns once READY=1 came), SIGSTOP its main process, wait for a new one to be
    READY. Returns (seconds to READY at start, seconds from the freeze to the new READY)."""
    started = time.monotonic()
    manager.systemctl("start", unit)  # Type=notify: returns after READY=1
    ready_s = time.monotonic() - started
    assert manager.show(unit, "ActiveState") == "active", manager.systemctl("status", unit)
    frozen = int(manager.show(unit, "MainPID"))
    os.kill(frozen, signal.SIGSTOP)
    frozen_at = time.monotonic()
    deadline = frozen_at + WATCHDOG_S + ABORT_S + RESTART_S + 60
    while time.monotonic() < deadline:
        pid = manager.show(unit, "MainPID")
        if pid not in ("0", str(frozen)) and manager.show(unit, "ActiveState") == "active":
            break
        time.sleep(0.1)  # polling systemd's state: it has no event for us here
    else:
        raise AssertionError(f"{unit} was not restarted: {manager.systemctl('status', unit)}")
    assert manager.show(unit, "NRestarts") == "1"
    return ready_s, time.monotonic() - frozen_at


def test_a_frozen_hub_is_restarted_by_its_watchdog(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[hub]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    command = f"{sys.executable} -m kiosk hub --config {config} --listen 127.0.0.1:{free_port()}"
    with UserManager(tmp_path / "systemd") as manager:
        manager.add_unit("hub.service", _unit("kiosk-hub.service", command, {"PYTHONPATH": str(ROOT)}))
        ready_s, delay_s = _restarted_after_freeze(manager, "hub.service")
        manager.systemctl("stop", "hub.service")
    print(
        f"hub: READY {ready_s:.2f} s after start; frozen → READY again in {delay_s:.2f} s "
        f"(WatchdogSec={WATCHDOG_S}, TimeoutAbortSec={ABORT_S}, RestartSec={RESTART_S})"
    )
    assert delay_s >= WATCHDOG_S  # not restarted before the watchdog expired: it was the watchdog


@pytest.mark.ui
def test_a_frozen_ui_is_restarted_by_its_watchdog(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nhub_url = "http://127.0.0.1:{free_port()}"\nhub_token = "t"\n'
        f'[hub]\ndata_dir = "{tmp_path / "data"}"\n[speech]\nenabled = false\n',
        encoding="utf-8",
    )
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "800x480x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    env = {
        "PYTHONPATH": str(ROOT),
        "DISPLAY": display,
        "SDL_AUDIODRIVER": "dummy",
        "KIVY_HOME": str(tmp_path / "kivy"),
    }
    command = f"{sys.executable} -m kiosk run --config {config} --windowed"
    try:
        with UserManager(tmp_path / "systemd") as manager:
            manager.add_unit("ui.service", _unit("kiosk-ui.service", command, env))
            ready_s, delay_s = _restarted_after_freeze(manager, "ui.service")
            manager.systemctl("stop", "ui.service")
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    print(f"UI: READY {ready_s:.2f} s after start; frozen → READY again in {delay_s:.2f} s")
    assert delay_s >= WATCHDOG_S
