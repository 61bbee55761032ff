"""A stand-in for an ESC/POS network printer on 127.0.0.1 (the hardware edge): records, answers DLE EOT."""

from __future__ import annotations

import socket
import socketserver
import threading

# Status bytes a real Epson-compatible printer sends for DLE EOT 1, 2 and 4.
ANSWERS = {
    "online": {1: 0x12, 2: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 4: 0x72},
    "cover_open": {1: 0x1A, 2: 0x16, 4: 0x12},
}
MODES = (*ANSWERS, "hang", "http")


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        printer = self.server.printer
        if printer.mode == "hang":  # accepts the connection, never reads nor answers
            printer.stopped.wait()
            return
        received = bytearray()
        scanned = 0
        self.request.settimeout(10)
        while True:
            try:
                chunk = self.request.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
            while (found := received.find(b"\x10\x04", scanned)) >= 0 and found + 2 < len(received):
                self.request.sendall(self._answer(received[found + 2]))
                scanned = found + 3
        printer.record(bytes(received))

    def _answer(self, n: int) -> bytes:
        if self.server.printer.mode == "http":
            return b"HTTP/1.1 400 Bad Request\r\n\r\n"
        return bytes([ANSWERS[self.server.printer.mode].get(n, 0x12)])


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    printer: TcpPrinter


class TcpPrinter:
    """A printer on 127.0.0.1:``port`` in one of MODES. Use as a context manager.

    Thread-safe: ``jobs`` (one bytes per closed connection) is filled by handler threads.
    """

    def __init__(self, mode: str = "online") -> None:
        assert mode in MODES, mode
        self.mode = mode
        self.jobs: list[bytes] = []
        self.stopped = threading.Event()
        self._job_done = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.printer = self
        self.port = self._server.server_address[1]
        self.uri = f"network://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> TcpPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def record(self, data: bytes) -> None:
        with self._job_done:
            self.jobs.append(data)
            self._job_done.notify_all()

    def wait_for_job(self, timeout: float = 5.0) -> bytes:
        """The bytes of the first connection, once the client has closed it."""
        with self._job_done:
            assert self._job_done.wait_for(lambda: self.jobs, timeout), "no job received"
            return self.jobs[0]


def closed_port() -> int:
    """A local TCP port where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
