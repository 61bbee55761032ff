"""The SQLite store: WAL, file modes, migrations of an older database, atomic writes, purge, concurrency."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
import time
from datetime import timedelta

import pytest
from hub_helpers import START

from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import LATEST_VERSION, WAL_RESTART_FRAMES, Store, migrations
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.queue.desk import HelpDesk
from kiosk.hub.queue.events import Broker
from kiosk.hub.queue.models import HelpRequestIn


def test_a_new_database_is_private_in_wal_mode_and_up_to_date(tmp_path):
    path = tmp_path / "new" / "hub.sqlite3"
    store = Store(path)
    try:
        assert store.version == LATEST_VERSION >= 2
        assert store._one("PRAGMA journal_mode")[0] == "wal"
        assert store._one("PRAGMA busy_timeout")[0] == 5000
    finally:
        store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_migrations_are_numbered_files_without_gaps():
    found = migrations()
    assert [v for v, _ in found] == list(range(1, LATEST_VERSION + 1))
    assert all(p.suffix == ".sql" and p.read_text().strip() for _v, p in found)


def test_an_older_database_is_upgraded_in_place_keeping_its_data(tmp_path):
    path = tmp_path / "hub.sqlite3"
    old = Store(path, target_version=1)
    assert old.version == 1
    with old.transaction() as c:
        c.execute(
            "INSERT INTO help_requests (kiosk_id, day, ticket, topic, first_name, needs, status, created_at) "
            "VALUES ('borne-1', '2026-11-27', 'P01', 'papiers', 'Zoé', '[\"sight\"]', 'waiting', "
            "'2026-11-27T14:00:00Z')"
        )
    with pytest.raises(sqlite3.OperationalError):
        old._one("SELECT recall_count FROM help_requests")
    old.close()

    upgraded = Store(path)
    try:
        assert upgraded.version == LATEST_VERSION
        row = requests_sql.help_request(upgraded, 1)
        assert row is not None and (row.ticket, row.first_name, row.needs, row.recall_count) == (
            "P01",
            "Zoé",
            ("sight",),
            0,
        )
        assert [request_id for request_id, _site, _priority in requests_sql.waiting(upgraded)] == [1]
    finally:
        upgraded.close()
    again = Store(path)  # a second open applies nothing
    assert again.version == LATEST_VERSION
    again.close()


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "hub.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="newer than this program"):
        Store(path)


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    store = Store(tmp_path / "hub.sqlite3")
    with pytest.raises(RuntimeError), store.transaction():
        requests_sql.next_ticket_number(store, "2026-11-27", "P")
        accounts_sql.save_kiosk(store, "borne-1", "digest", START)
        raise RuntimeError("boom")
    assert accounts_sql.kiosk_token_hashes(store) == []
    assert requests_sql.next_ticket_number(store, "2026-11-27", "P") == 1
    store.close()


def test_purge_erases_personal_data_and_old_events(tmp_path, config):
    store = Store(tmp_path / "hub.sqlite3")
    desk = HelpDesk(config, store, Broker(), lambda: START)
    old, _ = desk.create("borne-1", HelpRequestIn(topic="papiers", first_name="Zoé", needs=["sight"]))
    desk.act(old.id, "cancel")
    waiting, _ = desk.create("borne-1", HelpRequestIn(topic="papiers", first_name="Ali"))
    requests_sql.add_event(store, "help_request", "{}", START + timedelta(days=2))
    anonymised, deleted = requests_sql.purge(
        store, personal_before=START + timedelta(seconds=1), events_before=START + timedelta(days=1)
    )
    assert (anonymised, deleted) == (2, 3)
    assert (
        requests_sql.help_request(store, old.id).first_name,
        requests_sql.help_request(store, old.id).needs,
    ) == ("", ())
    assert requests_sql.help_request(store, waiting.id).first_name == ""
    assert [e.data for e in requests_sql.events_after(store, 0)] == ["{}"]
    assert requests_sql.last_event_id(store) == 4  # ids never go back, even after a purge
    store.close()


def test_concurrent_writers_get_unique_tickets_and_ordered_events(tmp_path, config):
    store = Store(tmp_path / "hub.sqlite3")
    desk = HelpDesk(config, store, Broker(), lambda: START)
    errors: list[BaseException] = []

    def make(n: int) -> None:
        try:
            for i in range(10):
                desk.create(f"borne-{n}", HelpRequestIn(topic="papiers", idempotency_key=f"k-{n}-{i}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=make, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    tickets = sorted(r.ticket for r in requests_sql.help_requests(store, limit=1000))
    assert tickets == [f"P{n:02d}" for n in range(1, 81)]
    events = requests_sql.events_after(store, 0)
    assert [json.loads(e.data)["id"] for e in events] == sorted(json.loads(e.data)["id"] for e in events)
    store.close()


def test_the_wal_starts_over_under_a_stream_of_writes(tmp_path):
    """A hub that writes without a pause (a burst of kiosks) keeps its WAL short: without the checkpoint
    thread's last pass under the writer's lock, the WAL grew with every write for as long as they came
    (a write is always under way when a plain checkpoint ends), 250 MB after 4,000 creates. Kiosks read
    meanwhile: a read under way when the next write began kept the WAL from starting over too (it grew to
    3,000-18,000 pages here before the last pass held the reader's lock as well)."""
    path = tmp_path / "hub.sqlite3"
    store = Store(path)
    page = "x" * 3000  # about a page of WAL per write
    try:
        with store.transaction() as c:
            c.execute("CREATE TABLE burst (id INTEGER PRIMARY KEY, body TEXT)")
        stop = threading.Event()

        def reader() -> None:  # kiosk polls meanwhile, on the read connection
            while not stop.is_set():
                with store.reading():
                    store.row("SELECT COUNT(*), SUM(LENGTH(body)) FROM burst")

        # Two pollers, so a read is nearly always under way (as with many kiosks, or a busy machine).
        pollers = [threading.Thread(target=reader) for _ in range(2)]
        for polling in pollers:
            polling.start()
        writes = 6 * WAL_RESTART_FRAMES
        try:
            for i in range(writes):
                with store.transaction() as c:
                    c.execute("INSERT INTO burst (body) VALUES (?)", (f"{i}{page}",))
                    c.execute("DELETE FROM burst WHERE id < ?", (i - 50,))
                time.sleep(0)  # between two requests, the event loop reads the next one
        finally:
            stop.set()
            for polling in pollers:
                polling.join()
        wal_pages = path.with_name(path.name + "-wal").stat().st_size / 4096
        # Every write added to the WAL; the file's size is its longest run between two restarts.
        assert wal_pages < 3 * WAL_RESTART_FRAMES, f"the WAL grew to {wal_pages:.0f} pages"
        assert store.row("SELECT COUNT(*) FROM burst")[0] == 52  # nothing lost: ids 5949-6000
    finally:
        store.close()
