"""Kiosk polls are answered on the event loop from the read-only connection: they never wait for a write
(a long transaction or its WAL checkpoint), and they see only what was committed."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import requests

from kiosk.hub.queue import sql as requests_sql


def test_a_kiosk_poll_does_not_wait_for_a_write_in_progress(live_hub):
    kiosk = live_hub.add_kiosk()
    url = f"{live_hub.url}/api/help-requests"
    first = requests.post(url, json={"topic": "papiers"}, headers=kiosk, timeout=5).json()
    store = live_hub.store
    with store.transaction() as c:  # a writer holds the database, as a slow commit or checkpoint would
        c.execute("UPDATE help_requests SET status = 'cancelled' WHERE id = ?", (first["id"],))
        started = time.monotonic()
        answer = requests.get(f"{url}/{first['id']}", headers=kiosk, timeout=3)
        took = time.monotonic() - started
        assert answer.status_code == 200
        assert answer.json()["status"] == "waiting"  # the uncommitted change is not visible
        assert took < 1.0
    after = requests.get(f"{url}/{first['id']}", headers=kiosk, timeout=3).json()
    assert after["status"] == "cancelled"  # committed now


def test_writes_are_refused_inside_a_read_block(live_hub):
    with live_hub.store.reading(), pytest.raises(RuntimeError):
        requests_sql.add_event(live_hub.store, "queue", "{}", datetime.now(UTC))
