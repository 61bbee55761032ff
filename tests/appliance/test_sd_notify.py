"""systemd's notify protocol: the module itself, then the real hub and the real kiosk UI as child processes
that say READY=1 when they answer (hub) or have drawn (UI), ping WATCHDOG=1, and stop pinging when frozen."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from notify_socket import NotifyListener

from kiosk.client.embedded_hub import free_port
from kiosk.sd_notify import Notifier

ROOT = Path(__file__).resolve().parents[2]


def test_without_notify_socket_nothing_is_sent():
    notifier = Notifier({})
    assert not notifier.enabled and notifier.watchdog_s is None
    assert notifier.ready() is False and notifier.watchdog() is False


def test_abstract_and_path_sockets_receive_the_lines(tmp_path):
    listener = NotifyListener(watchdog_s=10)
    try:
        notifier = Notifier(listener.env)
        assert notifier.watchdog_s == 10 and notifier.ping_interval_s() == 5
        assert notifier.ready("up")
        listener.wait_for("READY=1", 1)
        assert "STATUS=up" in listener.messages[-1][1]
    finally:
        listener.close()
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        assert Notifier({"NOTIFY_SOCKET": str(path)}).watchdog()
        assert sock.recv(100) == b"WATCHDOG=1"


def test_a_watchdog_meant_for_another_process_is_ignored():
    env = {"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getpid() + 1)}
    assert Notifier(env).watchdog_s is None


def test_a_vanished_socket_does_not_raise():
    assert Notifier({"NOTIFY_SOCKET": "/nonexistent/notify"}).ready() is False


def _pings_stop_while_stopped(pid: int, listener: NotifyListener) -> None:
    """Steady WATCHDOG=1 pings; none while ``pid`` is stopped (a frozen process); again once it goes on."""
    listener.wait_for("WATCHDOG=1", 3)
    listener.wait_for("WATCHDOG=1", 3)
    os.kill(pid, signal.SIGSTOP)
    try:
        listener.collect(0.3)  # a datagram already in flight
        assert [m for m in listener.collect(2.0) if "WATCHDOG=1" in m] == []
    finally:
        os.kill(pid, signal.SIGCONT)
    listener.wait_for("WATCHDOG=1", 3)


@pytest.mark.slow
def test_the_hub_says_ready_once_it_answers_and_pings_from_its_loop(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[hub]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    port = free_port()
    listener = NotifyListener(watchdog_s=1.0)
    started = time.monotonic()
    hub = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "hub", "--config", str(config), "--listen", f"127.0.0.1:{port}"],
        env={**os.environ, **listener.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ready_at = listener.wait_for("READY=1", 30)
        # READY means it answers: the very next request succeeds, with no retry.
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json() == {"status": "ok"}
        print(f"hub: READY=1 {ready_at - started:.2f} s after start")
        _pings_stop_while_stopped(hub.pid, listener)
        hub.send_signal(signal.SIGTERM)
        listener.wait_for("STOPPING=1", 10)
        assert hub.wait(15) in (0, -signal.SIGTERM)  # uvicorn re-raises SIGTERM after a clean stop
    finally:
        hub.kill()
        hub.wait()
        listener.close()


@pytest.mark.slow
@pytest.mark.ui
def test_the_ui_says_ready_after_its_first_frame_and_pings_from_the_kivy_clock(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nhub_url = "http://127.0.0.1:{free_port()}"\nhub_token = "t"\n'
        f'[hub]\ndata_dir = "{tmp_path / "data"}"\n[speech]\nenabled = false\n',
        encoding="utf-8",
    )
    listener = NotifyListener(watchdog_s=1.0)
    env = {**os.environ, **listener.env, "SDL_AUDIODRIVER": "dummy", "KIVY_HOME": str(tmp_path / "kivy")}
    started = time.monotonic()
    cmd = [sys.executable, "-m", "kiosk", "run", "--config", str(config), "--windowed"]
    if not os.environ.get("DISPLAY"):
        cmd = [sys.executable, str(ROOT / "scripts" / "with_xvfb.py"), *cmd]
    ui = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        ready_at = listener.wait_for("READY=1", 60)
        print(f"UI: READY=1 {ready_at - started:.2f} s after start")
        assert "STATUS=first frame drawn" in listener.messages[-1][1]
        _pings_stop_while_stopped(_kiosk_pid(ui.pid), listener)
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait()
        listener.close()


def _kiosk_pid(parent: int) -> int:
    """The ``kiosk run`` process itself: ``parent``, or its child when with_xvfb.py wraps it."""
    children = Path(f"/proc/{parent}/task/{parent}/children")
    for _ in range(50):
        for pid in children.read_text().split():
            if b"\0kiosk\0run\0" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return int(pid)
        if b"with_xvfb" not in Path(f"/proc/{parent}/cmdline").read_bytes():
            return parent
        time.sleep(0.1)
    raise AssertionError("kiosk run process not found")
