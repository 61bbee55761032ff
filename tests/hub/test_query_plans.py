"""Every SQL statement a kiosk's or an advisor's everyday request runs is planned without a full table
scan or a temporary sort (`EXPLAIN QUERY PLAN`), so its cost does not grow with the history."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.hub.db.store import Store
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.stats import sql as statistics_store

# Tables whose size is set by the library's staff, not by its history (a few rows each).
SMALL_TABLES = frozenset({"sites", "users", "queue_states", "sqlite_sequence", "kiosk_health"})
# Partial indexes that hold only rows still carrying personal data (bounded by the retention time).
BOUNDED_INDEXES = frozenset({"help_requests_personal"})
_SKIP = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA|SAVEPOINT|RELEASE)\b", re.IGNORECASE)
# The newest rows of a table, read backwards along its rowid: a constant cost.
_NEWEST = re.compile(r"^SELECT [^()]+ FROM \w+ ORDER BY id DESC LIMIT \d+$")


@contextmanager
def traced(store: Store) -> Iterator[list[str]]:
    """The SQL text (values inlined) of every statement run on the store's two connections meanwhile."""
    seen: list[str] = []
    connections = (store._conn, store._reader)  # noqa: SLF001 (the test watches the real connections)
    for conn in connections:
        conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        for conn in connections:
            conn.set_trace_callback(None)


def plan_problems(conn: sqlite3.Connection, statements: list[str]) -> list[str]:
    """The statements whose plan scans a growing table or sorts in a temporary B-tree, with the plan."""
    problems = []
    for sql in dict.fromkeys(s for s in statements if not _SKIP.match(s)):
        details = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        tables = {m.group(1) for d in details if (m := re.match(r"(?:SCAN|SEARCH) (\w+)", d))}
        if tables <= SMALL_TABLES or _NEWEST.match(sql):
            continue
        for detail in details:
            scan = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", detail)
            growing = scan and scan.group(1) not in SMALL_TABLES and scan.group(2) not in BOUNDED_INDEXES
            if growing or "TEMP B-TREE" in detail:
                problems.append(f"{sql}\n    {' | '.join(details)}")
                break
    return problems


def _act(client, csrf, request_id, action):
    answer = client.post(f"/api/help-requests/{request_id}/{action}", headers=csrf)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_kiosk_and_advisor_requests_never_scan_nor_sort(hub, kiosk_headers, advisor):
    client, csrf = advisor
    cs.save_site(hub.store, cs.Site("yutz", "Yutz", "", ""), hub.clock())
    for _ in range(3):
        hub.create(kiosk_headers)
    with traced(hub.store) as seen:
        made = hub.create(kiosk_headers, idempotency_key="k-1", needs=["time"])
        again = hub.client.post(
            "/api/help-requests", json={"topic": "papiers", "idempotency_key": "k-1"}, headers=kiosk_headers
        )
        assert again.status_code == 200
        assert hub.client.get(f"/api/help-requests/{made['id']}", headers=kiosk_headers).status_code == 200
        assert hub.client.get("/api/queue", headers=kiosk_headers).status_code == 200
        assert hub.client.get("/api/display").status_code == 200
        listed = client.get("/api/help-requests?status=waiting").json()
        assert len(listed) == 4
        client.get("/api/help-requests?status=open&site=main")
        assert client.get("/").status_code == 200
        client.post(f"/api/help-requests/{listed[1]['id']}/priority", headers=csrf, json={"priority": True})
        for action in ("call", "start", "done"):
            _act(client, csrf, listed[0]["id"], action)
        client.get(f"/api/help-requests/{listed[0]['id']}/activity")
        _act(client, csrf, listed[1]["id"], "call")
        _act(client, csrf, listed[1]["id"], "no-show")
        client.post(f"/api/help-requests/{listed[2]['id']}/redirect", headers=csrf, json={"site": "yutz"})
        hub.client.post(f"/api/help-requests/{made['id']}/cancel", headers=kiosk_headers)
        requests_sql.events_after(hub.store, 0)
        hub.clock.advance(days=3)
        hub.app.state.retention.run_once()  # the retention timer's pass
    assert len(seen) > 40
    problems = plan_problems(hub.store._conn, seen)  # noqa: SLF001
    assert problems == [], "\n".join(problems)


def test_the_check_flags_the_old_wait_estimate_query(tmp_path):
    sql = (
        "SELECT started_at, finished_at FROM help_requests WHERE status = 'done' AND started_at IS NOT NULL "
        "AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 20"
    )
    old = Store(tmp_path / "old.sqlite3", target_version=6)  # before the history indexes
    try:
        assert len(plan_problems(old._conn, [sql])) == 1  # noqa: SLF001 (sorted every finished row)
    finally:
        old.close()
    new = Store(tmp_path / "new.sqlite3")
    try:
        assert plan_problems(new._conn, [sql]) == []  # noqa: SLF001
    finally:
        new.close()


def test_statistics_and_export_read_only_the_period(hub, kiosk_headers, advisor, monkeypatch):
    """Period queries search the (day, site_id) and activities_day indexes; a GROUP BY's temporary
    B-tree is allowed there (a few thousand groups at most: topics, sites, quarter-hours, seconds)."""
    client, _csrf = advisor
    hub.create(kiosk_headers)
    seen: list[str] = []
    opened = statistics_store.snapshot

    @contextmanager
    def watched(store):
        with opened(store) as conn:
            conn.set_trace_callback(seen.append)
            yield conn

    monkeypatch.setattr(statistics_store, "snapshot", watched)
    assert client.get("/statistics?start=2025-01-01&end=2026-12-31&site=main").status_code == 200
    assert client.get("/statistics/activities.csv?start=2025-01-01&end=2026-12-31").status_code == 200
    assert client.get("/statistics/activities.csv?site=main").status_code == 200
    assert len(seen) >= 9
    for sql in seen:
        details = [row[3] for row in hub.store._conn.execute(f"EXPLAIN QUERY PLAN {sql}")]  # noqa: SLF001
        assert any(d.startswith("SEARCH ") for d in details), (sql, details)
        if "FROM help_requests" in sql:  # the index alone: no row of the table is read
            assert any("COVERING INDEX help_requests_stats" in d for d in details), (sql, details)
        assert not [d for d in details if re.match(r"SCAN \w", d) or "TEMP B-TREE FOR ORDER BY" in d], sql
