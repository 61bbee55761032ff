"""This machine's address on the local network (what phones on the library Wi-Fi connect to).

A UDP socket "connected" to a private address makes the kernel pick the outgoing interface; no packet is
sent, so this is safe on any thread and offline. Pure function, thread-safe.
"""

from __future__ import annotations

import socket


def lan_address() -> str | None:
    """The IPv4 address of the interface that routes to the local network, or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.168.255.255", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address
