"""Benchmark: what a durable write costs (SQLite synchronous=FULL vs NORMAL), per help request.

The hub runs in-process on loopback; 150 kiosk POSTs per mode. As root with loop devices, the data lives
on a fresh ext4 loop disk (the test's simulated SD card); otherwise in a temporary folder. The raw cost
of one 4 KiB write + fdatasync on the same disk is measured too: FULL adds about one of those per write.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

from kiosk.config import Config, HubConfig
from kiosk.hub.app import create_app
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db import store as store_core
from kiosk.hub.server import ServerThread
from kiosk.passwords import new_token, token_digest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "appliance"))
from loop_disk import LoopDisk, loop_devices_work  # noqa: E402

REQUESTS = 150


def _ms(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def _posts(folder: Path, mode: str) -> list[float]:
    store_core.SYNCHRONOUS = mode
    try:
        config = Config(hub=HubConfig(data_dir=str(folder / mode)), source=str(folder / "bench.toml"))
        app = create_app(config, environ={})
    finally:
        store_core.SYNCHRONOUS = "FULL"
    token = new_token()
    accounts_sql.save_kiosk(app.state.hub.store, "banc", token_digest(token), datetime.now(UTC))
    times = []
    with ServerThread(app) as server, requests.Session() as kiosk:
        kiosk.trust_env = False
        kiosk.headers["Authorization"] = f"Bearer {token}"
        for i in range(REQUESTS):
            sent = time.perf_counter()
            kiosk.post(
                f"{server.url}/api/help-requests",
                json={"topic": "papiers", "idempotency_key": f"{mode}-{i}"},
                timeout=10,
            ).raise_for_status()
            times.append(time.perf_counter() - sent)
    app.state.hub.store.close()
    return times


def _fsync(folder: Path) -> list[float]:
    times = []
    fd = os.open(folder / "fsync-probe", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for i in range(100):
            os.pwrite(fd, os.urandom(4096), (i % 16) * 4096)
            started = time.perf_counter()
            os.fdatasync(fd)
            times.append(time.perf_counter() - started)
    finally:
        os.close(fd)
    return times


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-durable-") as tmp:
        disk = None
        folder = Path(tmp)
        if os.geteuid() == 0 and loop_devices_work():
            disk = LoopDisk(folder / "sd.img", folder / "sd", size_mb=128)
            folder = disk.mount
        where = "ext4 loop disk" if disk else "temporary folder"
        try:
            normal, full, fsync = _posts(folder, "NORMAL"), _posts(folder, "FULL"), _fsync(folder)
        finally:
            if disk is not None:
                disk.close()
    extra = _ms(full, 50) - _ms(normal, 50)
    return [
        {
            "name": f"POST help request p50, synchronous=NORMAL ({where})",
            "value": _ms(normal, 50),
            "unit": "ms",
        },
        {"name": f"POST help request p50, synchronous=FULL ({where})", "value": _ms(full, 50), "unit": "ms"},
        {"name": "POST help request p95, synchronous=FULL", "value": _ms(full, 95), "unit": "ms"},
        {"name": "durable write: extra cost per request (FULL − NORMAL, p50)", "value": extra, "unit": "ms"},
        {
            "name": f"4 KiB write + fdatasync p50 ({where})",
            "value": _ms(fsync, 50),
            "unit": "ms",
            "target": "≈ the extra cost: FULL adds one WAL sync per write",
        },
    ]
