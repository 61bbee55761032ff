"""kill -9 of the hub while kiosks create requests: nothing acknowledged is lost, nothing arrives twice."""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field

import pytest
from hub_process import integrity, query

from kiosk.client.hub_client import HelpTicket, HubClient, HubRefused, Queued
from kiosk.client.outbox import DELIVERED, Outbox

pytestmark = pytest.mark.slow

ROUNDS = 3
MAX_PER_KIOSK = 300  # bounds the run even on a fast machine
TOPICS = ("papiers", "emails", "internet")


@dataclass
class KioskRun:
    """One simulated kiosk: its client, and every result request_help gave it, in the order made."""

    kiosk_id: str
    client: HubClient
    results: list[HelpTicket | Queued] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _make_requests(run: KioskRun, stop: threading.Event) -> None:
    i = 0
    while not stop.is_set() and len(run.results) < MAX_PER_KIOSK:
        try:
            run.results.append(run.client.request_help(TOPICS[i % len(TOPICS)], first_name=f"Zoé{i}"))
        except HubRefused as exc:  # never expected: a 4xx for a valid request
            run.refused.append(str(exc))
        i += 1
        stop.wait(0.03)  # a busy afternoon, sped up


def _acks(runs: list[KioskRun]) -> int:
    return sum(isinstance(x, HelpTicket) for r in runs for x in list(r.results))


def _wait_for_acks(runs: list[KioskRun], count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while _acks(runs) < count:
        assert time.monotonic() < deadline, f"only {_acks(runs)} of {count} requests acknowledged"
        assert all(len(r.results) < MAX_PER_KIOSK for r in runs), "the kiosks gave up before the hub answered"
        time.sleep(0.02)


def _flush_all(runs: list[KioskRun], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    for run in runs:
        while run.client.outbox.count_pending():
            run.client.flush_outbox()
            assert time.monotonic() < deadline, f"{run.kiosk_id}: outbox not delivered in time"


def test_acknowledged_requests_survive_kill_9_and_queued_ones_arrive_once(hub, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.client.hub_client")
    rng = random.Random(4)  # reproducible kill moments
    runs = [
        KioskRun(k, HubClient(hub.url, hub.tokens[k], outbox=Outbox(tmp_path / f"{k}.sqlite3"), timeout=2.0))
        for k in hub.tokens
    ]
    stop = threading.Event()
    threads = [threading.Thread(target=_make_requests, args=(r, stop), daemon=True) for r in runs]
    for thread in threads:
        thread.start()
    acknowledged = 0
    for _round in range(ROUNDS):
        _wait_for_acks(runs, acknowledged + 5 * len(runs))  # kiosks are flowing again after the restart
        time.sleep(rng.uniform(0.0, 0.3))  # then the kill lands at some random point of a write
        hub.process.kill()
        acknowledged = _acks(runs)
        assert integrity(hub.db) == "ok"
        time.sleep(rng.uniform(0.1, 0.4))  # kiosks meet a dead hub: their requests go to the outbox
        hub.process.start()
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join(10)
    _flush_all(runs)
    hub.process.terminate()
    assert integrity(hub.db) == "ok"

    assert not [r.refused for r in runs if r.refused]
    assert sum(isinstance(x, Queued) for r in runs for x in r.results) >= ROUNDS, "no kill met a request"
    for run in runs:
        rows = query(
            hub.db,
            "SELECT id, ticket, idempotency_key FROM help_requests WHERE kiosk_id = ? ORDER BY id",
            (run.kiosk_id,),
        )
        by_id = {row[0]: row for row in rows}
        made_ids = []
        for result in run.results:
            if isinstance(result, HelpTicket):  # acknowledged: the hub answered 201 (or 200)
                assert by_id[int(result.id)][1] == result.ticket
                made_ids.append(int(result.id))
            else:  # queued at the kiosk, delivered after a restart with its idempotency key
                item = run.client.outbox.get(result.idempotency_key)
                assert item is not None and item.state == DELIVERED
                row = by_id[int(item.result_id)]
                assert (row[1], row[2]) == (item.result_ticket, result.idempotency_key)
                made_ids.append(row[0])
        assert len(rows) == len(run.results), "a request is missing or arrived twice"
        assert len(set(made_ids)) == len(made_ids), "two kiosk requests became one"
        assert made_ids == sorted(made_ids), "requests reached the hub out of order"
    duplicates = query(
        hub.db, "SELECT day, ticket FROM help_requests GROUP BY day, ticket HAVING COUNT(*) > 1"
    )
    assert duplicates == [], "two residents hold the same ticket"
    orphans = query(
        hub.db,
        "SELECT COUNT(*) FROM help_requests r WHERE (SELECT COUNT(*) FROM events e"
        " WHERE e.kind = 'help_request' AND json_extract(e.data, '$.id') = r.id) != 1",
    )
    assert orphans == [(0,)], "a request without exactly one event: an advisor missed or saw it twice"
    assert not [r.getMessage() for r in caplog.records if "HTTP 5" in r.getMessage()], "the hub answered 5xx"
    for run in runs:
        run.client.close()
