"""A hub that hangs, then stops, for a while: kiosk requests wait in the outbox, arrive once, in order."""

from __future__ import annotations

import logging
import os
import re
import threading
import time

import pytest
from hub_process import integrity, query

from kiosk.client.hub_client import HelpTicket, HubClient, Queued
from kiosk.client.outbox import DELIVERED, Outbox

pytestmark = pytest.mark.slow

# "Minutes" shortened: KIOSK_OUTAGE_S=120 gives a real two-minute outage of each kind.
OUTAGE_S = float(os.environ.get("KIOSK_OUTAGE_S", "6"))
FLUSH_EVERY_S = 0.5  # the kiosk app flushes on a timer ([kiosk] flush interval), here sped up
RESIDENT_EVERY_S = 0.4


class Kiosk:
    """A kiosk as the app runs it: one HubClient used by a resident thread and a periodic flush thread."""

    def __init__(self, client: HubClient) -> None:
        self.client = client
        self.results: list[HelpTicket | Queued] = []
        self.stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._flush_timer, daemon=True, name="flush"),
            threading.Thread(target=self._resident, daemon=True, name="resident"),
        ]
        self.making = threading.Event()

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(15)

    def _flush_timer(self) -> None:
        while not self.stop.wait(FLUSH_EVERY_S):
            self.client.flush_outbox()

    def _resident(self) -> None:
        while not self.stop.is_set():
            if self.making.is_set():
                self.results.append(self.client.request_help("papiers", first_name="Zoé"))
            self.stop.wait(RESIDENT_EVERY_S)


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_requests_wait_out_a_hung_then_stopped_hub_and_arrive_once_in_order(hub, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.client.hub_client")
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    kiosk = Kiosk(HubClient(hub.url, hub.tokens["borne-1"], outbox=outbox, timeout=1.0))
    kiosk.start()
    kiosk.making.set()
    _wait(lambda: len(kiosk.results) >= 2, 10, "no request while the hub is up")

    hub.process.freeze()  # hung: connections are accepted, nothing answers
    frozen_at = len(kiosk.results)
    _wait(lambda: len(kiosk.results) >= frozen_at + 2, OUTAGE_S + 10, "the kiosk froze with the hub")
    time.sleep(max(0.0, OUTAGE_S - 2 * RESIDENT_EVERY_S))
    hub.process.thaw()
    hub.process.terminate()  # then stopped: connections are refused
    stopped_at = len(kiosk.results)
    time.sleep(OUTAGE_S)
    assert len(kiosk.results) >= stopped_at + OUTAGE_S / RESIDENT_EVERY_S / 2, "the kiosk stalled"
    kiosk.making.clear()
    time.sleep(RESIDENT_EVERY_S)
    queued = [r for r in kiosk.results if isinstance(r, Queued)]
    assert len(queued) >= 4 and outbox.count_pending() >= 4

    hub.process.start()  # the flush timer delivers everything, with nobody touching the kiosk
    _wait(lambda: outbox.count_pending() == 0, 20, "the outbox was not delivered after the restart")
    kiosk.join()
    hub.process.terminate()

    rows = query(
        hub.db, "SELECT id, ticket, idempotency_key FROM help_requests WHERE kiosk_id = 'borne-1' ORDER BY id"
    )
    assert len(rows) == len(kiosk.results), "a request is missing or arrived twice"
    made = []
    for result in kiosk.results:
        if isinstance(result, HelpTicket):
            made.append((int(result.id), result.ticket))
        else:
            item = outbox.get(result.idempotency_key)
            assert item is not None and item.state == DELIVERED
            made.append((int(item.result_id), item.result_ticket))
    assert made == [(row[0], row[1]) for row in rows], "the hub's order differs from the residents' order"
    # One topic: the tickets are P01, P02… in the order residents asked, without a gap.
    numbers = [int(re.sub(r"\D", "", ticket)) for _id, ticket in made]
    assert numbers == list(range(1, len(made) + 1)), [ticket for _id, ticket in made]
    assert {row[2] for row in rows} >= {q.idempotency_key for q in queued}
    assert integrity(hub.db) == "ok"
    assert not [r.getMessage() for r in caplog.records if "HTTP 5" in r.getMessage()], "the hub answered 5xx"
    kiosk.client.close()
