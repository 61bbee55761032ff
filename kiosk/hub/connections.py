"""Bounded HTTP connections (a connection that sends no complete request head in time is closed), and
which addresses are loopback.

uvicorn's ``timeout_keep_alive`` only starts after a first response, so a socket that connects and never
sends a request (or sends half a head, slowly) stayed open for good: 300 of them made new requests fail.
`BoundedHttpProtocol` arms a timer when a connection opens and whenever a new request starts arriving,
and cancels it once the head is complete. Thread-safety: runs on the server's event loop only.
"""

from __future__ import annotations

import asyncio
import ipaddress

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_TIMEOUT_S = 10.0  # to send a whole request line and headers (a phone on bad Wi-Fi included)
KEEP_ALIVE_S = 5  # idle time allowed between two requests on one connection (uvicorn's default)


class BoundedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a time limit on each request head."""

    header_timeout_s = HEADER_TIMEOUT_S
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._head_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._arm()  # a new request begins on a kept-alive connection
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def protocol_with_timeout(seconds: float) -> type[BoundedHttpProtocol]:
    """A `BoundedHttpProtocol` class with another head timeout (tests use a short one)."""
    return type("BoundedHttpProtocolWithTimeout", (BoundedHttpProtocol,), {"header_timeout_s": seconds})


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: nobody else on the network can connect there."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
