"""A fake service manager's end of $NOTIFY_SOCKET for tests: an abstract datagram socket that collects
what a child process says (READY=1, WATCHDOG=1…) with the time it arrived."""

from __future__ import annotations

import os
import socket
import time


class NotifyListener:
    """Bind an abstract AF_UNIX datagram socket; ``env`` is what to give the child. One thread only."""

    def __init__(self, watchdog_s: float = 1.0) -> None:
        self.name = f"@kiosk-test-notify-{os.getpid()}-{time.monotonic_ns()}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(b"\0" + self.name[1:].encode())
        self.env = {"NOTIFY_SOCKET": self.name, "WATCHDOG_USEC": str(int(watchdog_s * 1e6))}
        self.messages: list[tuple[float, str]] = []

    def wait_for(self, line: str, timeout_s: float) -> float:
        """Block until a datagram holding ``line`` arrives; its arrival time (monotonic). Fails on timeout."""
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096).decode()
            except TimeoutError:
                break
            now = time.monotonic()
            self.messages.append((now, data))
            if line in data.splitlines():
                return now
        raise AssertionError(f"no {line} within {timeout_s} s; got {[m for _, m in self.messages]}")

    def collect(self, seconds: float) -> list[str]:
        """Every datagram received during the next ``seconds``."""
        got: list[str] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                got.append(self.sock.recv(4096).decode())
            except TimeoutError:
                break
        return got

    def close(self) -> None:
        self.sock.close()
