"""Running the hub: `kiosk hub` (uvicorn in the foreground, HTTPS when configured, never plain HTTP
beyond loopback unless the config says so) and a background-thread server for tests."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import sqlite3
import ssl
import sys
import threading
import time
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from kiosk.config import Config
from kiosk.hub.app import create_app
from kiosk.hub.bootstrap import BootstrapError, ensure_demo_credentials
from kiosk.hub.connections import HEADER_TIMEOUT_S, KEEP_ALIVE_S, is_loopback, protocol_with_timeout
from kiosk.sd_notify import Notifier

log = logging.getLogger(__name__)

EXIT_USAGE = 2
GRACEFUL_SHUTDOWN_S = 3  # SSE streams are ended first (HubServer); this bounds any other slow request


def parse_listen(listen: str) -> tuple[str, int]:
    """``HOST:PORT`` → (host, port). Raises ValueError with a one-line reason."""
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--listen: expected HOST:PORT such as 127.0.0.1:8470, got {listen!r}")
    return host.strip("[]"), int(port)


class HubServer(uvicorn.Server):
    """uvicorn that ends the hub's SSE streams first when it stops, so shutdown does not wait for them.

    Under systemd (``NOTIFY_SOCKET`` set) it says READY=1 once its own ``GET /healthz`` has answered, and
    WATCHDOG=1 from the event loop's tick: a loop blocked by a hung request stops the pings and systemd
    restarts the hub after ``WatchdogSec``.
    """

    notifier: Notifier | None = None
    _next_ping = 0.0

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self.notifier is not None and self.notifier.enabled:
            self._ready_task = asyncio.get_running_loop().create_task(self._announce_ready())

    async def _announce_ready(self) -> None:
        assert self.notifier is not None
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1" if host == "0.0.0.0" else "::1"
        for _ in range(50):
            if await _answers(host, port, tls=self.config.is_ssl):
                self.notifier.ready(f"hub answering on port {port}")
                return
            await asyncio.sleep(0.1)
        log.error("the hub does not answer its own GET /healthz: not telling systemd it is ready")

    async def on_tick(self, counter: int) -> bool:
        if self.notifier is not None and self.notifier.watchdog_s:
            now = time.monotonic()
            if now >= self._next_ping:
                self.notifier.watchdog()
                self._next_ping = now + self.notifier.ping_interval_s()
        return await super().on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self.notifier is not None:
            self.notifier.stopping()
        app = self.config.app
        if isinstance(app, FastAPI):
            app.state.hub.broker.close_all()
        await super().shutdown(sockets=sockets)


async def _answers(host: str, port: int, *, tls: bool = False) -> bool:
    """True when ``GET /healthz`` on host:port returns 200 within 2 s (over TLS when the hub serves
    HTTPS: the hub asks itself on loopback, so only that it answers is checked, not its certificate)."""
    context = None
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, ssl=context), 2)
        writer.write(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        status = await asyncio.wait_for(reader.readline(), 2)
        writer.close()
        return status.split(b" ")[1:2] == [b"200"]
    except (OSError, TimeoutError, IndexError):
        return False


def plain_http_refusal(config: Config, host: str) -> str | None:
    """Why the hub must not listen on ``host`` as configured, or None when it may."""
    if config.hub.tls or is_loopback(host) or config.hub.allow_plain_http:
        return None
    return (
        f"refusing to listen on {host} without TLS: passwords and residents' names would cross the network "
        "in clear. Run `kiosk tls make` and set [hub] tls_cert and tls_key, or set [hub] allow_plain_http = "
        "true to accept that risk"
    )


def hub_server(
    app: FastAPI,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    tls: tuple[str, str] | None = None,
    header_timeout_s: float = HEADER_TIMEOUT_S,
) -> HubServer:
    """A uvicorn server for a hub app: our logging, no access log (kiosks poll), SSE-aware shutdown,
    a time limit on each request head and between kept-alive requests, HTTPS when ``tls`` gives
    (certificate, key) files."""
    return HubServer(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            http=protocol_with_timeout(header_timeout_s),
            log_config=None,
            access_log=False,
            lifespan="on",
            timeout_keep_alive=KEEP_ALIVE_S,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
            ssl_certfile=tls[0] if tls else None,
            ssl_keyfile=tls[1] if tls else None,
        )
    )


def _tls_files(config: Config) -> tuple[str, str] | None:
    """The configured (certificate, key), or None without TLS. Raises ValueError when one is unreadable."""
    if not config.hub.tls:
        return None
    for key in ("tls_cert", "tls_key"):
        path = getattr(config.hub, key)
        try:
            with open(path, "rb"):
                pass
        except OSError as exc:
            raise ValueError(f"[hub] {key}: cannot read {path}: {exc.strerror}") from None
    return config.hub.tls_cert, config.hub.tls_key


def serve(config: Config, listen: str | None = None) -> int:
    """Run the hub in the foreground until interrupted.

    The app registers the embedded kiosk's token (``KIOSK_EMBEDDED_TOKEN``); in demo mode the demo
    credentials are created or pointed to; then it serves on ``listen`` (default ``[hub] listen``).

    Returns:
        0 after a normal stop (Ctrl+C; SIGTERM ends the process after a clean shutdown), 2 for a bad
        address or token, 1 when the database or the port fails.
    """
    try:
        host, port = parse_listen(listen or config.hub.listen)
        tls = _tls_files(config)
    except ValueError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    refusal = plain_http_refusal(config, host)
    if refusal:
        print(f"kiosk: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    try:
        app = create_app(config)
    except BootstrapError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        print(f"kiosk: cannot open the hub database in {config.data_dir}: {exc}", file=sys.stderr)
        return 1
    store = app.state.hub.store
    shown_host = f"[{host}]" if ":" in host else host
    scheme = "https" if tls else "http"
    url = f"{scheme}://{'127.0.0.1' if host in ('0.0.0.0', '') else shown_host}:{port}/"
    if config.demo:
        ensure_demo_credentials(config, store, url=url, out=sys.stdout)
    log.info("hub starting on %s (data in %s)", url, config.data_dir)
    freeze_startup_objects(app)
    try:
        server = hub_server(app, host, port, tls=tls)
        server.notifier = Notifier()
        server.run()
    except SystemExit:  # uvicorn exits (after logging why) when it cannot bind the port
        print(
            f"kiosk: the hub could not listen on {host}:{port} (is the port already in use?)", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C once it has shut down cleanly
        pass
    log.info("hub stopped")
    return 0


def freeze_startup_objects(app: FastAPI) -> None:
    """Move everything alive after startup (modules, routes, pydantic models, the OpenAPI schema) out of
    the garbage collector's reach: it lives as long as the process, and each full collection walked it
    all, pausing every request for ~70 ms on 2 busy cores (measured) — the hub's latency tail."""
    app.openapi()  # built once now rather than on the first /openapi.json
    gc.collect()
    gc.freeze()


class ServerThread:
    """A hub app served by uvicorn on a free loopback port in a daemon thread (tests and benchmarks).

    Use as a context manager; ``url`` is ``http://127.0.0.1:PORT`` (``https://`` with ``tls``); ``port``
    0 picks a free one, another serves there (a hub restarted where its clients expect it). Not
    thread-safe itself: start and stop it from one thread.
    """

    def __init__(
        self,
        app: FastAPI,
        *,
        tls: tuple[str, str] | None = None,
        header_timeout_s: float = HEADER_TIMEOUT_S,
        port: int = 0,
    ) -> None:
        self.app = app
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP, and
        # without it every keep-alive response waits ~40 ms for a delayed ACK.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self.port = self._sock.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.server = hub_server(app, tls=tls, header_timeout_s=header_timeout_s)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, name=f"hub-{self.port}", daemon=True
        )

    def start(self, timeout_s: float = 10.0) -> str:
        """Start serving; returns the base URL once the server accepts connections."""
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the hub did not start")
            time.sleep(0.01)
        return self.url

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask uvicorn to exit (SSE streams end first) and wait for it. Idempotent."""
        self.server.should_exit = True
        self._thread.join(timeout_s)
        self._sock.close()

    def __enter__(self) -> ServerThread:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
