"""Benchmark: the hub after years of history (1,000,000 finished requests, 10,000 waiting; history_db.py)
against `baseline_hub.py`, a minimal FastAPI + sqlite3 app doing the same SQL on a copy of the same data,
served by the same uvicorn. Runs alternate between the two; both are separate processes on loopback.

Measured: a kiosk's poll and create one at a time (p50, p99), a burst of creates from 20 connections
(throughput), an advisor's list of the 200 newest waiting requests (p50), /statistics over the last year, and
the CRA export of that year (time, the hub's memory during it, and /healthz latency meanwhile). The « before »
of /statistics is the former row-by-row code (tests/hub/statistics_before.py) run in this process on the same
file.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reliability"))
sys.path.insert(0, str(HERE.parent / "hub"))
from history_db import FINISHED, WAITING, history_db  # noqa: E402
from hub_process import DB_NAME, PASSWORD, HubProcess, advisor_session, write_config  # noqa: E402
from statistics_before import request_times, summarize  # noqa: E402

from kiosk.client.embedded_hub import free_port  # noqa: E402
from kiosk.hub.db.store import SYNCHRONOUS  # noqa: E402
from kiosk.passwords import hash_password, new_token, token_digest  # noqa: E402

ROUNDS = 3
POLLS = 200  # per round and per app
CREATES = 100
LISTS = 20  # an advisor's waiting list, per round and per app
BURST = 600
BURST_CONNECTIONS = 20
BURST_ROUNDS = 5  # one burst lasts about a second: single ones ranged 0.77-0.98x of the baseline
P99_TARGET_MS = 20.0
RATIO_TARGET = 1.5
STATS_TARGET_MS = 200.0


def _provision(db: Path) -> str:
    conn = sqlite3.connect(db, isolation_level=None)
    token = new_token()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with conn:
        conn.execute(
            "INSERT INTO kiosks (id, token_hash, created_at) VALUES ('borne-01', ?, ?)",
            (token_digest(token), now),
        )
        for i in range(2, 51):  # 50 kiosks: the lookup is by digest, not a walk over all of them
            conn.execute(
                "INSERT INTO kiosks (id, token_hash, created_at) VALUES (?, ?, ?)",
                (f"borne-{i:02d}", token_digest(new_token()), now),
            )
        conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('conseil-1', 'advisor', ?, ?)",
            (hash_password(PASSWORD), now),
        )
    conn.close()
    return token


class Baseline:
    """baseline_hub.py in a child process."""

    def __init__(self, db: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "ab")  # noqa: SIM115 - the child's lifetime
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "baseline_hub.py"), str(db), str(self.port)],
            stdout=self._log,
            stderr=self._log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)  # a child process starting: nothing to wait on
        raise RuntimeError("the baseline app did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self._log.close()


def _apart(*servers: int) -> None:
    """The load generator (this process) on one CPU, the servers on the others, as in the issue's
    figures: sharing the cores, a faster server also starved its load generator (no-op on one CPU)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return
    os.sched_setaffinity(0, cpus[:1])
    for pid in servers:
        os.sched_setaffinity(pid, cpus[1:])


def _q(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _one_by_one(
    url: str, headers: dict[str, str], ids: list[int], tag: str
) -> tuple[list[float], list[float]]:
    polls, creates = [], []
    with httpx.Client(headers=headers, trust_env=False, timeout=10) as client:
        for request_id in ids[:POLLS]:
            sent = time.perf_counter()
            answer = client.get(f"{url}/api/help-requests/{request_id}")
            polls.append((time.perf_counter() - sent) * 1000)
            assert answer.status_code == 200, answer.text
        for i in range(CREATES):
            sent = time.perf_counter()
            answer = client.post(
                f"{url}/api/help-requests", json={"topic": "papiers", "idempotency_key": f"{tag}{i}"}
            )
            creates.append((time.perf_counter() - sent) * 1000)
            assert answer.status_code == 201, answer.text
    return polls, creates


async def _burst(url: str, headers: dict[str, str], tag: str) -> float:
    budget = list(range(BURST))
    limits = httpx.Limits(max_connections=1)

    async def one_connection() -> None:
        async with httpx.AsyncClient(headers=headers, trust_env=False, timeout=30, limits=limits) as client:
            while budget:
                n = budget.pop()
                answer = await client.post(
                    f"{url}/api/help-requests", json={"topic": "emails", "idempotency_key": f"{tag}{n}"}
                )
                assert answer.status_code == 201, answer.text

    started = time.perf_counter()
    await asyncio.gather(*(one_connection() for _ in range(BURST_CONNECTIONS)))
    return BURST / (time.perf_counter() - started)


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _export(hub: HubProcess, session, first: str, last: str) -> tuple[float, float, list[float], int]:
    """(seconds, the hub's RSS growth in MiB, /healthz latencies meanwhile in ms, bytes) of one export."""
    before = _rss_mib(hub.pid)
    peak = [before]
    health: list[float] = []
    done = threading.Event()

    def watch() -> None:
        with httpx.Client(trust_env=False, timeout=10) as client:
            while not done.is_set():
                sent = time.perf_counter()
                client.get(f"{hub.url}/healthz")
                health.append((time.perf_counter() - sent) * 1000)
                peak[0] = max(peak[0], _rss_mib(hub.pid))
                done.wait(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    size = 0
    with session.get(
        f"{hub.url}/statistics/activities.csv?start={first}&end={last}", stream=True, timeout=60
    ) as answer:
        assert answer.status_code == 200
        for chunk in answer.iter_content(65536):
            size += len(chunk)
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join(5)
    return elapsed, peak[0] - before, health, size


class _Rows:
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def rows(self, sql: str, params) -> list[tuple]:
        return self.conn.execute(sql, tuple(params)).fetchall()


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"} for tests/benchmarks/run.py."""
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        folder = Path(tmp)
        prepared = time.perf_counter()
        hub_db = history_db(folder / "data" / DB_NAME)
        base_db = folder / "baseline.sqlite3"
        token = _provision(hub_db)
        subprocess.run(["cp", str(hub_db), str(base_db)], check=True)
        prepared = time.perf_counter() - prepared
        hub = HubProcess(write_config(folder), folder / "hub.log")
        hub.start(timeout=120)
        baseline = Baseline(base_db, folder / "baseline.log")
        # This process times both apps: its own full collections (~50 ms over its 100k objects, measured
        # with gc.callbacks) landed on whichever app was being timed, at the same request every run.
        gc.collect()
        gc.disable()
        _apart(hub.pid, baseline.process.pid)
        try:
            return _measure(hub, baseline, token, hub_db, prepared)
        finally:
            gc.enable()
            baseline.close()
            hub.close()


def _measure(hub: HubProcess, baseline: Baseline, token: str, db: Path, prepared: float) -> list[dict]:
    headers = {"Authorization": f"Bearer {token}"}
    waiting = [
        r[0]
        for r in sqlite3.connect(db).execute(
            "SELECT id FROM help_requests WHERE status = 'waiting' ORDER BY id"
        )
    ]
    picks = waiting[:: max(1, len(waiting) // POLLS)]
    seen: dict[str, tuple[list[float], list[float]]] = {"hub": ([], []), "baseline": ([], [])}
    bursts: dict[str, list[float]] = {"hub": [], "baseline": []}
    for r in range(ROUNDS):
        for name, url in (("hub", hub.url), ("baseline", baseline.url)):
            polls, creates = _one_by_one(url, headers, picks, f"r{r}-")
            seen[name][0].extend(polls)
            seen[name][1].extend(creates)
    for r in range(BURST_ROUNDS):
        for name, url in (("hub", hub.url), ("baseline", baseline.url)):
            bursts[name].append(asyncio.run(_burst(url, headers, f"b{r}-")))
    session, _csrf = advisor_session(hub.url, "conseil-1")
    waiting_now = (
        sqlite3.connect(db)
        .execute("SELECT COUNT(*) FROM help_requests WHERE status = 'waiting'")
        .fetchone()[0]
    )
    lists: dict[str, list[float]] = {"hub": [], "baseline": []}
    with httpx.Client(headers=headers, trust_env=False, timeout=30) as client:  # kept alive, as the session
        for _r in range(ROUNDS):
            for name, get in (
                (
                    "hub",
                    lambda: session.get(f"{hub.url}/api/help-requests?status=waiting&limit=200", timeout=30),
                ),
                ("baseline", lambda: client.get(f"{baseline.url}/api/help-requests?limit=200")),
            ):
                for _ in range(LISTS):
                    sent = time.perf_counter()
                    answer = get()
                    lists[name].append((time.perf_counter() - sent) * 1000)
                    assert answer.status_code == 200 and len(answer.json()) == 200
    last = (
        sqlite3.connect(db)
        .execute("SELECT MAX(day) FROM help_requests WHERE status != 'waiting'")
        .fetchone()[0]
    )
    first = (date.fromisoformat(last) - timedelta(days=364)).isoformat()
    page_ms = []
    for _ in range(5):
        sent = time.perf_counter()
        answer = session.get(f"{hub.url}/statistics?start={first}&end={last}", timeout=60)
        page_ms.append((time.perf_counter() - sent) * 1000)
        assert answer.status_code == 200
    sent = time.perf_counter()
    summarize(request_times(_Rows(db), first, last), zoneinfo.ZoneInfo("Europe/Paris"), {})
    before_ms = (time.perf_counter() - sent) * 1000
    month = (date.fromisoformat(last) - timedelta(days=30)).isoformat()
    idle_health = []
    with httpx.Client(trust_env=False) as client:
        for _ in range(50):
            sent = time.perf_counter()
            client.get(f"{hub.url}/healthz")
            idle_health.append((time.perf_counter() - sent) * 1000)
    m_time, m_rss, _h, m_size = _export(hub, session, month, last)
    y_time, y_rss, health, y_size = _export(hub, session, first, last)
    rows = [
        {
            "name": "history: finished / waiting requests",
            "value": f"{FINISHED} / {WAITING}",
            "unit": "",
            "target": "",
        },
        {"name": "history: database ready (cached)", "value": prepared, "unit": "s", "target": ""},
    ]
    for kind, index in (("poll", 0), ("create", 1)):
        ours, theirs = seen["hub"][index], seen["baseline"][index]
        for q in (50, 99):
            value, yard = _q(ours, q), _q(theirs, q)
            target = f"<= {P99_TARGET_MS:g} ms and <= {RATIO_TARGET:g}x" if q == 99 else ""
            met = value <= P99_TARGET_MS and value / yard <= RATIO_TARGET
            rows.append(
                {
                    "name": f"kiosk {kind} p{q}: hub (baseline, ratio)",
                    "value": f"{value:.2f} ({yard:.2f}, {value / yard:.2f}x)",
                    "unit": "ms",
                    "target": f"{target} ({'met' if met else 'MISSED'})" if target else "",
                }
            )
    ours, theirs = statistics.median(bursts["hub"]), statistics.median(bursts["baseline"])
    rows.append(
        {
            "name": f"burst of {BURST} creates, {BURST_CONNECTIONS} connections, synchronous={SYNCHRONOUS} "
            f"for both, median of {BURST_ROUNDS}: hub (baseline, ratio)",
            "value": f"{ours:.0f} ({theirs:.0f}, {ours / theirs:.2f}x)",
            "unit": "req/s",
            "target": f">= 0.9x ({'met' if ours / theirs >= 0.9 else 'MISSED'})",
        }
    )
    ours, theirs = _q(lists["hub"], 50), _q(lists["baseline"], 50)
    rows.append(
        {
            "name": f"advisor's list, 200 of {waiting_now} waiting, p50: hub (baseline, ratio)",
            "value": f"{ours:.1f} ({theirs:.1f}, {ours / theirs:.2f}x)",
            "unit": "ms",
            "target": "",
        }
    )
    page = statistics.median(page_ms)
    rows += [
        {
            "name": "/statistics over a year: median (max; before, ratio)",
            "value": f"{page:.0f} ({max(page_ms):.0f}; {before_ms:.0f}, {page / before_ms:.2f}x)",
            "unit": "ms",
            "target": f"<= {STATS_TARGET_MS:g} ms ({'met' if page <= STATS_TARGET_MS else 'MISSED'})",
        },
        {
            "name": "CRA export, a month: time, hub RSS growth, size",
            "value": f"{m_time * 1000:.0f} ms, {m_rss:+.1f} MiB, {m_size / 1e6:.1f} MB",
            "unit": "",
            "target": "",
        },
        {
            "name": "CRA export, a year: time, hub RSS growth, size",
            "value": f"{y_time * 1000:.0f} ms, {y_rss:+.1f} MiB, {y_size / 1e6:.1f} MB",
            "unit": "",
            "target": "RSS growth as a month's (constant memory)",
        },
        {
            "name": "/healthz during the year's export: p50 / max (idle p50)",
            "value": f"{_q(health, 50):.1f} / {max(health):.1f} ({_q(idle_health, 50):.1f})",
            "unit": "ms",
            "target": "not blocked",
        },
    ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<70} {row['value']!s:>28} {row['unit']:<6} {row['target']}".rstrip())
