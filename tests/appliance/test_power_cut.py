"""Acknowledged help requests survive a power cut: the hub's data on a loop-device disk, the disk copied
while the hub is frozen right after its 201 answers, the copy mounted as after a reboot."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from loop_disk import LoopDisk, Mounted, loop_devices_work

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from hub_process import DB_NAME, HubProcess, provision  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 or not loop_devices_work(), reason="needs root and loop devices"),
]
REQUESTS = 20


def test_acknowledged_help_requests_survive_a_power_cut(tmp_path):
    disk = LoopDisk(tmp_path / "sd.img", tmp_path / "sd")
    hub = None
    try:
        config = tmp_path / "kiosk.toml"
        config.write_text(f'[hub]\ndata_dir = "{disk.mount / "data"}"\n', encoding="utf-8")
        token = provision(config, ["borne-1"], [])["borne-1"]
        subprocess.run(["sync"], check=True)  # the provisioned database is on the disk before the test
        hub = HubProcess(config, tmp_path / "hub.log")
        hub.start()
        acknowledged = []
        with requests.Session() as session:
            session.trust_env = False
            session.headers["Authorization"] = f"Bearer {token}"
            for _ in range(REQUESTS):
                body = {"topic": "papiers", "idempotency_key": str(uuid.uuid4())}
                answer = session.post(f"{hub.url}/api/help-requests", json=body, timeout=10)
                assert answer.status_code == 201, answer.text
                acknowledged.append(answer.json()["ticket"])
        hub.freeze()  # nothing more leaves the hub; the power goes now
        copy = disk.power_cut_copy(tmp_path / "after-cut.img")
    finally:
        if hub is not None:
            hub.kill()
        disk.close()
    with Mounted(copy, tmp_path / "rebooted") as mount:
        db = sqlite3.connect(mount / "data" / DB_NAME)
        try:
            tickets = {row[0] for row in db.execute("SELECT ticket FROM help_requests")}
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()
    lost = [t for t in acknowledged if t not in tickets]
    assert lost == [], f"{len(lost)} of {REQUESTS} acknowledged requests lost: {lost}"
