"""A small stand-in hub on 127.0.0.1 (http.server) following ARCHITECTURE.md's kiosk API, for client tests.

It speaks real HTTP, so HubClient is tested through requests and sockets, not mocks. Thread-safety: the
server answers on its own threads; every shared field is guarded by ``lock``.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOPICS = [
    {"id": "papiers", "label": "Mes papiers en ligne", "prefix": "P", "pictogram": "papiers"},
    {"id": "emails", "label": "Mes e-mails", "prefix": "E", "pictogram": "emails"},
    {"id": "autre", "label": "Autre", "prefix": "A", "pictogram": "autre"},
]


class FakeHub:
    """A hub with one kiosk token. ``created`` lists requests in the order the hub created them.

    Attributes:
        drop_responses: how many next POST /api/help-requests answers to lose after the request was stored
            (the connection closes without an answer, as when the network drops on the way back).
        fail_with: when set, every API call answers this status (e.g. 503).
    """

    def __init__(self, token: str = "kiosk-token", port: int = 0) -> None:  # noqa: S107
        self.token = token
        self.lock = threading.Lock()
        self.created: list[dict[str, Any]] = []
        self.posts = 0
        self.drop_responses = 0
        self.fail_with: int | None = None
        self._by_key: dict[str, dict[str, Any]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def create(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """POST /api/help-requests: 201 new, 200 replay of the same idempotency key, 422 bad body."""
        topic = next((t for t in TOPICS if t["id"] == body.get("topic")), None)
        if topic is None:
            return 422, {"detail": [{"loc": ["body", "topic"], "msg": "unknown topic"}]}
        with self.lock:
            self.posts += 1
            key = body.get("idempotency_key")
            if key and key in self._by_key:
                return 200, self._by_key[key]
            waiting = sum(1 for r in self.created if r["status"] == "waiting")
            request = {
                "id": len(self.created) + 1,
                "ticket": f"{topic['prefix']}{len(self.created) + 1:02d}",
                "topic": topic["id"],
                "topic_label": topic["label"],
                "status": "waiting",
                "position": waiting + 1,
                "ahead": waiting,
                "wait_minutes": [10 * waiting, 20 * waiting],
                "created_at": datetime.now(UTC).isoformat(),
                "called_at": None,
                "started_at": None,
                "finished_at": None,
                "kiosk_id": "demo",
                "first_name": body.get("first_name", ""),
            }
            self.created.append(request)
            if key:
                self._by_key[key] = request
            return 201, request


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the server
            pass

        def _send(self, status: int, data: Any) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") == f"Bearer {hub.token}":
                return True
            self._send(401, {"detail": "invalid kiosk token"})
            return False

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path == "/healthz":
                return self._send(200, {"status": "ok"})
            if hub.fail_with:
                return self._send(hub.fail_with, {"detail": "failing on purpose"})
            if self.path == "/api/topics":
                return self._send(200, TOPICS)
            if not self.path.startswith("/api/help-requests/"):
                return self._send(404, {"detail": "not found"})
            if not self._authorised():
                return None
            wanted = self.path.rsplit("/", 1)[1]
            with hub.lock:
                found = next((r for r in hub.created if str(r["id"]) == wanted), None)
            return self._send(200, found) if found else self._send(404, {"detail": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path != "/api/help-requests":
                return self._send(404, {"detail": "not found"})
            if hub.fail_with:
                return self._send(hub.fail_with, {"detail": "failing on purpose"})
            if not self._authorised():
                return None
            status, data = hub.create(json.loads(raw))
            with hub.lock:
                drop = status in (200, 201) and hub.drop_responses > 0
                if drop:
                    hub.drop_responses -= 1
            if drop:
                self.close_connection = True  # stored, but the answer is lost on the way back
                return None
            return self._send(status, data)

    return Handler
