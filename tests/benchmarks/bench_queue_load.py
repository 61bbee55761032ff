"""Benchmark: 50 kiosks and 5 dashboards on one real hub process over loopback, for 10,000 kiosk requests.

Each kiosk creates a help request, then polls its ticket ``POLLS`` times, every ``POLL_S`` seconds, and
again; five advisors hold the SSE stream open, and one of them closes the oldest requests so that about
``QUEUE_DEPTH`` wait, as in a served queue (``KIOSK_BENCH_DRAIN=0``: the queue grows, the worst case).
Measured: request → advisor event latency (every event on every stream), the hub's request latency as the
kiosks see it, errors, and the hub's memory after 10,000 requests.
Kiosks and dashboards run in two separate processes (asyncio + httpx, one connection per kiosk), so the
clients' own work does not sit inside the event timings; all three processes share the machine's cores.
``time.perf_counter`` is CLOCK_MONOTONIC on Linux, comparable across processes.
The table states the load (kiosks, dashboards, polling, duration) and the machine's load average, since
latency percentiles on 2 shared cores mostly measure the other work running. Rerun on a quiet machine:
``.venv/bin/python tests/benchmarks/run.py queue_load`` (``KIOSK_BENCH_REQUESTS=3000`` for a short run).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from hub_process import DB_NAME, PASSWORD, HubProcess, advisor_session, write_config  # noqa: E402
from sse_dashboards import run_dashboards  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from history_db import FINISHED, WAITING, history_db  # noqa: E402

from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import Store  # noqa: E402
from kiosk.passwords import hash_password, new_token, token_digest  # noqa: E402

KIOSKS = 50
DASHBOARDS = 5
REQUESTS = int(os.environ.get("KIOSK_BENCH_REQUESTS", "10000"))  # kiosk HTTP requests: creates + polls
# A kiosk polls its ticket every POLL_S and makes a new request after POLLS polls: 50 kiosks → about 5.7
# creates and 57 polls a second, some 6 times a busy afternoon's rate (KIOSK_BENCH_POLLS=1: a flood).
POLL_S = float(os.environ.get("KIOSK_BENCH_POLL_S", "0.8"))
POLLS = int(os.environ.get("KIOSK_BENCH_POLLS", "10"))
DRAIN = os.environ.get("KIOSK_BENCH_DRAIN", "1") != "0"
# Start from years of history (history_db.py: 1M finished, 10k waiting); KIOSK_BENCH_QUEUE_HISTORY=0: empty.
HISTORY = os.environ.get("KIOSK_BENCH_QUEUE_HISTORY", "1") != "0"
DEADLINE_S = 170.0  # the load stops here even if fewer requests were made
EVENT_P95_TARGET_MS = 50.0
HUB_P99_TARGET_MS = 20.0
TOPICS = ("papiers", "emails", "appareil", "imprimer", "internet", "emploi", "autre")


class KioskStats:
    """What the kiosk process measured (send times are perf_counter seconds). A plain class: run.py loads
    this file without registering it in sys.modules, which dataclasses need."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}  # request id → when its POST left
        self.create_ms: list[float] = []
        self.poll_ms: list[float] = []
        self.errors: list[str] = []


def _provision(data_dir: Path) -> list[str]:
    """Kiosk tokens and advisor accounts, written before the hub starts (no concurrent writer)."""
    store = Store(data_dir / DB_NAME)
    now = datetime.now(UTC)
    tokens = []
    try:
        for i in range(KIOSKS):
            token = new_token()
            accounts_sql.save_kiosk(store, f"borne-{i + 1:02d}", token_digest(token), now)
            tokens.append(token)
        for i in range(DASHBOARDS):
            accounts_sql.save_user(store, f"conseil-{i + 1}", "advisor", hash_password(PASSWORD), now)
    finally:
        store.close()
    return tokens


# -- kiosks (this process) ------------------------------------------------------------------------------


async def _kiosk(index: int, url: str, token: str, stats: KioskStats, budget: list[int], end: float) -> None:
    """One kiosk: a new help request, then its ticket screen polls the position ``POLLS`` times; again."""
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(headers=headers, trust_env=False, timeout=5, limits=limits) as client:
        tick = time.perf_counter() + POLL_S * index / KIOSKS  # spread the kiosks over one tick
        n = 0
        while budget[0] > 0 and time.perf_counter() < end:
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
            budget[0] -= 1
            sent = time.perf_counter()
            body = {"topic": TOPICS[(index + n) % len(TOPICS)], "idempotency_key": f"k{index}-{n}"}
            latest = None
            try:
                answer = await client.post(f"{url}/api/help-requests", json=body)
                stats.create_ms.append((time.perf_counter() - sent) * 1000)
                if answer.status_code == 201:
                    latest = int(answer.json()["id"])
                    stats.sent[latest] = sent
                else:
                    stats.errors.append(f"POST {answer.status_code}")
            except httpx.HTTPError as exc:
                stats.errors.append(f"POST {exc!r}")
            n += 1
            for _ in range(POLLS if latest is not None else 0):
                tick += POLL_S
                await asyncio.sleep(max(0.0, tick - time.perf_counter()))
                if budget[0] <= 0:
                    return
                budget[0] -= 1
                polled = time.perf_counter()
                try:
                    answer = await client.get(f"{url}/api/help-requests/{latest}")
                    stats.poll_ms.append((time.perf_counter() - polled) * 1000)
                    if answer.status_code != 200:
                        stats.errors.append(f"GET {answer.status_code}")
                except httpx.HTTPError as exc:
                    stats.errors.append(f"GET {exc!r}")
            tick += POLL_S


async def _load(url: str, tokens: list[str], stats: KioskStats) -> float:
    budget = [REQUESTS]
    started = time.perf_counter()
    await asyncio.gather(
        *(_kiosk(i, url, t, stats, budget, started + DEADLINE_S) for i, t in enumerate(tokens))
    )
    return time.perf_counter() - started


# -- measuring ------------------------------------------------------------------------------------------


def _q(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else float("nan")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _target(value: float, limit: float, unit: str) -> str:
    return f"<= {limit:g} {unit} ({'met' if value <= limit else 'MISSED'})"


def run() -> list[dict]:
    """Start the hub, run the load, and return rows {"name", "value", "unit", "target"}."""
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        folder = Path(tmp)
        if HISTORY:
            history_db(folder / "data" / DB_NAME)
        tokens = _provision(folder / "data")
        hub = HubProcess(write_config(folder), folder / "hub.log")
        hub.start()
        try:
            return _measure(hub, tokens)
        finally:
            hub.close()


def _measure(hub: HubProcess, tokens: list[str]) -> list[dict]:
    logged = [advisor_session(hub.url, f"conseil-{i + 1}") for i in range(DASHBOARDS)]
    sessions = [(s.cookies.get_dict(), csrf) for s, csrf in logged]
    rss_start, _ = hub.rss_kib()
    ctx = mp.get_context("spawn")
    ready, stop, results = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    dashboards = ctx.Process(
        target=run_dashboards, args=(hub.url, sessions, DRAIN, ready, stop, results), daemon=True
    )
    dashboards.start()
    for _ in range(DASHBOARDS):
        if not ready.acquire(timeout=30):
            raise RuntimeError("the dashboards did not connect")
    load_at_start = os.getloadavg()[0]
    cpu_start = _cpu_s(hub.pid)
    stats = KioskStats()
    elapsed = asyncio.run(_load(hub.url, tokens, stats))
    cpu = _cpu_s(hub.pid) - cpu_start
    rss, hwm = hub.rss_kib()
    time.sleep(1.0)  # the last events reach the streams
    stop.set()
    boards = results.get(timeout=30)  # (arrivals, reconnects, actions, action errors) per advisor
    dashboards.join(10)
    latencies = [
        (seen[rid] - sent) * 1000
        for seen, *_rest in boards
        for rid, sent in stats.sent.items()
        if rid in seen
    ]
    missed = DASHBOARDS * len(stats.sent) - len(latencies)
    everything = stats.create_ms + stats.poll_ms
    made = len(stats.sent)
    event_p95, hub_p99 = _q(latencies, 95), _q(everything, 99)
    load_before, load_after = load_at_start, os.getloadavg()[0]
    return [
        {"name": "load: kiosks / dashboards", "value": f"{KIOSKS} / {DASHBOARDS}", "unit": "", "target": ""},
        {
            "name": "history: finished / waiting requests at start",
            "value": f"{FINISHED} / {WAITING}" if HISTORY else "0 / 0",
            "unit": "",
            "target": "",
        },
        {
            "name": "load: each kiosk polls its ticket",
            "value": f"{POLLS}× / {POLL_S:g} s",
            "unit": "",
            "target": "drained" if DRAIN else "queue grows",
        },
        {"name": "load duration", "value": elapsed, "unit": "s", "target": f"<= {DEADLINE_S:g}"},
        {
            "name": "machine load avg (start → end)",
            "value": f"{load_before:.1f} → {load_after:.1f}",
            "unit": "",
            "target": f"{os.cpu_count()} cores; above that, other work competes",
        },
        {"name": "help requests created", "value": made, "unit": "", "target": ""},
        {
            "name": "kiosk requests (create + poll)",
            "value": len(everything),
            "unit": "",
            "target": f"{REQUESTS}",
        },
        {"name": "throughput", "value": len(everything) / elapsed, "unit": "req/s", "target": ""},
        {"name": "request → advisor event p50", "value": _q(latencies, 50), "unit": "ms", "target": ""},
        {
            "name": "request → advisor event p95",
            "value": event_p95,
            "unit": "ms",
            "target": _target(event_p95, EVENT_P95_TARGET_MS, "ms"),
        },
        {"name": "events missed (of 5 per request)", "value": missed, "unit": "", "target": "0"},
        {"name": "stream reconnects", "value": sum(b[1] for b in boards), "unit": "", "target": "0"},
        {
            "name": "advisor actions (cancel oldest)",
            "value": sum(b[2] for b in boards),
            "unit": "",
            "target": f"{sum(b[3] for b in boards)} errors",
        },
        {"name": "hub latency p50 (create + poll)", "value": _q(everything, 50), "unit": "ms", "target": ""},
        {
            "name": "hub latency p99 (create + poll)",
            "value": hub_p99,
            "unit": "ms",
            "target": _target(hub_p99, HUB_P99_TARGET_MS, "ms"),
        },
        {"name": "create p99", "value": _q(stats.create_ms, 99), "unit": "ms", "target": ""},
        {"name": "errors", "value": len(stats.errors), "unit": "", "target": "0" + _errors(stats.errors)},
        {
            "name": "hub CPU per 1000 requests",
            "value": cpu / len(everything) * 1000,
            "unit": "s",
            "target": "",
        },
        {"name": "hub RSS at start", "value": rss_start / 1024, "unit": "MiB", "target": ""},
        {
            "name": f"hub RSS after {len(everything)} requests",
            "value": rss / 1024,
            "unit": "MiB",
            "target": "",
        },
        {"name": "hub peak RSS (VmHWM)", "value": hwm / 1024, "unit": "MiB", "target": ""},
    ]


def _errors(errors: list[str]) -> str:
    if not errors:
        return ""
    kinds: dict[str, int] = {}
    for error in errors:
        kinds[error[:40]] = kinds.get(error[:40], 0) + 1
    return " (" + ", ".join(f"{n}× {kind}" for kind, n in kinds.items()) + ")"


if __name__ == "__main__":
    for row in run():
        value = row["value"]
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        print(f"{row['name']:<40} {shown:>10} {row['unit']:<6} {row['target']}".rstrip())
