"""The SQLite outbox: order, uniqueness of keys, privacy of delivered rows, use from several threads."""

from __future__ import annotations

import threading
from datetime import timedelta

from kiosk.client.outbox import DELIVERED, PENDING, Outbox


def test_items_come_back_in_order_and_keys_are_unique(outbox):
    assert outbox.add("help_request", {"topic": "a", "first_name": "Zoé"}, "k1")
    assert outbox.add("help_request", {"topic": "b"}, "k2")
    assert not outbox.add("help_request", {"topic": "c"}, "k1")
    assert [(i.idempotency_key, i.payload["topic"], i.state) for i in outbox.pending()] == [
        ("k1", "a", PENDING),
        ("k2", "b", PENDING),
    ]
    assert outbox.pending()[0].payload["first_name"] == "Zoé"


def test_delivered_rows_keep_no_personal_data(outbox, tmp_path):
    outbox.add("help_request", {"topic": "a", "first_name": "Zoé"}, "k1")
    outbox.mark_delivered("k1", result_id="7", result_ticket="P07")
    item = outbox.get("k1")
    assert (item.state, item.payload, item.result_ticket) == (DELIVERED, {}, "P07")
    assert outbox.count_pending() == 0
    assert "Zoé".encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))
    assert outbox.purge(timedelta(0)) == 1
    assert outbox.get("k1") is None


def test_survives_a_restart(tmp_path):
    Outbox(tmp_path / "o.sqlite3").add("help_request", {"topic": "a"}, "k1")
    assert [i.idempotency_key for i in Outbox(tmp_path / "o.sqlite3").pending()] == ["k1"]


def test_several_threads_can_add_at_once(outbox):
    def add(n: int) -> None:
        for i in range(20):
            outbox.add("help_request", {"topic": "a"}, f"{n}-{i}")

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outbox.count_pending() == 80


def test_the_outbox_file_is_private(tmp_path):
    Outbox(tmp_path / "outbox.sqlite3")
    assert (tmp_path / "outbox.sqlite3").stat().st_mode & 0o777 == 0o600
