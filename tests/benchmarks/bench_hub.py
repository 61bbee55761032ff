"""Benchmark: help request created by a kiosk → event on the advisor's SSE stream, on loopback."""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from kiosk.config import Config, HubConfig
from kiosk.hub.app import create_app
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.server import ServerThread
from kiosk.passwords import hash_password, new_token, token_digest

REQUESTS = 200
DEADLINE_S = 60.0  # the whole run stops measuring after this
EVENT_TIMEOUT_S = 2.0
P95_TARGET_MS = 250.0
PASSWORD = "mot-de-passe-du-banc"


def _login(session: requests.Session, url: str) -> None:
    form = session.get(f"{url}/login", timeout=5)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf, "no CSRF field on the login form"
    done = session.post(
        f"{url}/login",
        data={"name": "banc", "password": PASSWORD, "csrf_token": csrf.group(1)},
        allow_redirects=False,
        timeout=5,
    )
    assert done.status_code == 303, done.text


class _Listener(threading.Thread):
    """Reads the SSE stream and records when each help request's first event arrives."""

    def __init__(self, response: requests.Response) -> None:
        super().__init__(daemon=True, name="bench-sse")
        self.response = response
        self.arrivals: dict[int, float] = {}
        self.changed = threading.Condition()

    def run(self) -> None:
        try:
            for line in self.response.iter_lines(chunk_size=None, decode_unicode=True):
                if line.startswith("data: "):
                    now = time.perf_counter()
                    request_id = json.loads(line[6:]).get("id")
                    with self.changed:
                        self.arrivals.setdefault(request_id, now)
                        self.changed.notify_all()
        except (requests.RequestException, ValueError, AttributeError):
            pass  # the stream was closed at the end of the run

    def wait_for(self, request_id: int, timeout: float) -> float | None:
        with self.changed:
            self.changed.wait_for(lambda: request_id in self.arrivals, timeout)
            return self.arrivals.get(request_id)


def _ms(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def run(count: int = REQUESTS) -> list[dict]:
    """Start a hub on loopback, follow /api/events as an advisor, create ``count`` requests one by one.

    Returns:
        Rows {"name", "value", "unit", "target"}: event latency p50/p95, POST round trip p50, and how
        many requests were measured (fewer than ``count`` only if the deadline or a timeout struck).
    """
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        config = Config(hub=HubConfig(data_dir=tmp), source=str(Path(tmp) / "bench.toml"))
        app = create_app(config, environ={})
        store = app.state.hub.store
        token = new_token()
        accounts_sql.save_kiosk(store, "banc", token_digest(token), datetime.now(UTC))
        accounts_sql.save_user(store, "banc", "advisor", hash_password(PASSWORD), datetime.now(UTC))
        latencies: list[float] = []
        round_trips: list[float] = []
        missed = 0
        with ServerThread(app) as server, requests.Session() as advisor, requests.Session() as kiosk:
            advisor.trust_env = kiosk.trust_env = False
            kiosk.headers["Authorization"] = f"Bearer {token}"
            _login(advisor, server.url)
            stream = advisor.get(f"{server.url}/api/events", stream=True, timeout=(3, 30))
            listener = _Listener(stream)
            listener.start()
            deadline = time.monotonic() + DEADLINE_S
            topics = ("papiers", "emails", "appareil", "imprimer", "internet", "emploi", "autre")
            for i in range(count):
                if time.monotonic() > deadline:
                    break
                sent = time.perf_counter()
                made = kiosk.post(
                    f"{server.url}/api/help-requests",
                    timeout=5,
                    json={"topic": topics[i % len(topics)], "idempotency_key": f"bench-{i}"},
                )
                round_trips.append(time.perf_counter() - sent)
                made.raise_for_status()
                arrived = listener.wait_for(made.json()["id"], EVENT_TIMEOUT_S)
                if arrived is None:
                    missed += 1
                else:
                    latencies.append(arrived - sent)
            server.stop()  # cuts the stream; closing it first would wait for the next heartbeat
            stream.close()
            listener.join(5)
    if len(latencies) < 2:
        raise RuntimeError(f"only {len(latencies)} events arrived out of {count}")
    p95 = _ms(latencies, 95)
    return [
        {"name": "create → SSE event p50", "value": _ms(latencies, 50), "unit": "ms", "target": ""},
        {
            "name": "create → SSE event p95",
            "value": p95,
            "unit": "ms",
            "target": f"<= {P95_TARGET_MS:g} ms ({'met' if p95 <= P95_TARGET_MS else 'MISSED'})",
        },
        {
            "name": "POST /api/help-requests round trip p50",
            "value": _ms(round_trips, 50),
            "unit": "ms",
            "target": "",
        },
        {
            "name": "requests measured",
            "value": len(latencies),
            "unit": "",
            "target": f"{count}, none missed" if not missed else f"{count} ({missed} events missed)",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.4g} {row['unit']}  {row['target']}".rstrip())
