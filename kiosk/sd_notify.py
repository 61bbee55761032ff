"""systemd's notify protocol (READY=1, WATCHDOG=1, STATUS=…) over $NOTIFY_SOCKET, with the stdlib only.

Thread-safety: a ``Notifier`` may be used from any thread (each call is one ``sendto``). Without
``NOTIFY_SOCKET`` (a terminal, the tests, the embedded hub) every call does nothing and returns False.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)

NOTIFY_ENV = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")  # what a child must not inherit


def _address(value: str) -> str | bytes | None:
    """``NOTIFY_SOCKET`` → a sendto address: a path, or ``@name`` for a Linux abstract socket."""
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    if value.startswith("/"):
        return value
    return None  # vsock: or garbage: not for us


class Notifier:
    """Sends state lines to the service manager that started this process."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        environ = os.environ if env is None else env
        self.address = _address(environ.get("NOTIFY_SOCKET", ""))
        watchdog_usec = environ.get("WATCHDOG_USEC", "")
        watchdog_pid = environ.get("WATCHDOG_PID", "")
        for_us = not watchdog_pid or watchdog_pid == str(os.getpid())
        #: seconds between two watchdog pings systemd expects at most (None: no watchdog asked for)
        usec = int(watchdog_usec) if watchdog_usec.isdigit() and for_us else 0
        self.watchdog_s: float | None = usec / 1e6 if usec > 0 else None

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def ping_interval_s(self, default: float = 5.0) -> float:
        """How often to send WATCHDOG=1: half the watchdog delay (systemd's advice), else ``default``."""
        return self.watchdog_s / 2 if self.watchdog_s else default

    def notify(self, *lines: str) -> bool:
        """Send ``lines`` (e.g. ``"READY=1"``) as one datagram. Returns True when it was sent.

        Never raises: a missing or full socket is logged once at debug level and the service goes on
        (systemd then restarts it for a missed READY or WATCHDOG, which is the point).
        """
        if self.address is None:
            return False
        payload = "\n".join(lines).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(payload, self.address)
        except OSError as exc:
            log.debug("sd_notify %r failed: %s", lines, exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")
