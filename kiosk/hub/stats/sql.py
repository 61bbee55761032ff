"""SQL of the statistics page and of the CRA export: a period's counts and duration histograms as SQLite
aggregates, and the export's rows as a stream, each on a short-lived read-only connection of its own.

Why a connection of its own: the hub's two shared connections are each behind a lock that kiosk
requests on the event loop also take; a year of statistics (~100 ms of SQLite) there would stall every
kiosk meanwhile. A fresh connection in WAL mode reads the last commit and never waits for, nor holds up,
a writer. Thread-safety: each function opens and closes its own connection; the export's generator may
be advanced from any thread (one at a time, as Starlette does).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.cra import Activity
from kiosk.hub.db.store import Store


@dataclass(frozen=True)
class PeriodCounts:
    """A period's help requests, aggregated. Seconds are clamped at 0 (a clock set back)."""

    topics: list[tuple[str, int, int]]  # (topic id, id of its first request, requests)
    sites: list[tuple[str, int, int]]  # (site id, id of its first request, requests)
    quarters: list[tuple[int, int]]  # (UTC quarter-hour of arrival: seconds since 1970 // 900, requests)
    statuses: dict[str, int]  # status → requests
    waits: list[tuple[int, int]]  # (seconds from arrival to call, requests)
    services: list[tuple[int, int]]  # (seconds from call, else start, to the end of « done » ones, requests)


@contextmanager
def snapshot(store: Store) -> Iterator[sqlite3.Connection]:
    """A new read-only connection to the hub's database (WAL: it never waits for the writer)."""
    uri = f"{Path(store.path).resolve().as_uri()}?mode=ro"  # percent-encoded: any folder name works
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5.0)
    with closing(conn):
        conn.execute("PRAGMA query_only = ON")
        yield conn


def _period(first_day: str, last_day: str, site_id: str | None) -> tuple[str, list[object]]:
    where = "day BETWEEN ? AND ?"
    params: list[object] = [first_day, last_day]
    if site_id is not None:
        where += " AND site_id = ?"
        params.append(site_id)
    return where, params


def period_counts(store: Store, first_day: str, last_day: str, site_id: str | None = None) -> PeriodCounts:
    """Counts of the requests of those days (YYYY-MM-DD, inclusive), of one site when given. Four passes
    over the period's entries of the covering index help_requests_stats (migration 0008: durations are
    stored in seconds), never the table nor the rest of the history.

    The four run at once, each on a connection of its own: SQLite releases the GIL while it steps, so
    they share the machine's cores (a year of a million-request history: ~120 ms of SQLite in a row, the
    longest pass alone in parallel). Each pass reads the last commit when it starts; a request finished
    while they run may count in one chart and not yet in another, never twice in one.
    """
    where, params = _period(first_day, last_day, site_id)

    def grouped(columns: str, extra: str = "") -> str:
        return (
            f"SELECT {columns}, COUNT(*) FROM help_requests INDEXED BY help_requests_stats "  # noqa: S608
            f"WHERE {where}{extra} GROUP BY 1"
        )

    # Grouping sorts its keys unless they follow the index: the text columns are first grouped in the
    # index's order (a few rows a day), then those few rows sorted; the integers are sorted directly.
    kinds_sql = (
        "SELECT topic, site_id, status, MIN(first), SUM(n) FROM (SELECT topic, site_id, status, "  # noqa: S608
        f"MIN(id) AS first, COUNT(*) AS n FROM help_requests INDEXED BY help_requests_stats WHERE {where} "
        "GROUP BY day, site_id, topic, status) GROUP BY topic, site_id, status"
    )
    passes = (
        kinds_sql,
        grouped("arrival_quarter"),
        grouped("wait_s", " AND wait_s IS NOT NULL"),
        grouped("service_s", " AND service_s IS NOT NULL"),
    )

    def run(sql: str) -> list[tuple]:
        with snapshot(store) as conn:
            return conn.execute(sql, params).fetchall()  # tuples: no row factory on a snapshot

    with ThreadPoolExecutor(max_workers=len(passes), thread_name_prefix="statistics") as pool:
        kinds, quarters, waits, services = pool.map(run, passes)
    topics: dict[str, tuple[int, int]] = {}
    sites: dict[str, tuple[int, int]] = {}
    statuses: dict[str, int] = {}
    for topic, site, status, first, count in kinds:
        for key, into in ((topic, topics), (site, sites)):
            seen_first, seen_count = into.get(key, (first, 0))
            into[key] = (min(seen_first, first), seen_count + count)
        statuses[status] = statuses.get(status, 0) + count
    return PeriodCounts(
        topics=[(k, first, n) for k, (first, n) in topics.items()],
        sites=[(k, first, n) for k, (first, n) in sites.items()],
        quarters=quarters,
        statuses=statuses,
        waits=waits,
        services=services,
    )


_ACTIVITY_COLUMNS = "day, duration_min, theme, place, equipment, autonomy, redirection, note, place_type"


def activity_count(store: Store, first_day: str, last_day: str, site_id: str | None = None) -> int:
    """How many CRA lines those days have (of one site when given)."""
    where, params = _period(first_day, last_day, site_id)
    with snapshot(store) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM activities WHERE {where}", params).fetchone()[0])  # noqa: S608


def activity_batches(
    store: Store, first_day: str, last_day: str, site_id: str | None = None, batch: int = 100
) -> Iterator[list[Activity]]:
    """The CRA lines of those days (of one site when given), oldest first, ``batch`` at a time.

    A generator over one cursor: memory stays that of one batch whatever the period. The connection
    closes when the generator ends or is closed (a client that goes away)."""
    where, params = _period(first_day, last_day, site_id)
    sql = f"SELECT {_ACTIVITY_COLUMNS} FROM activities WHERE {where} ORDER BY day, id"  # noqa: S608
    with snapshot(store) as conn:
        cursor = conn.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            yield [_activity(row) for row in rows]


def _activity(row: tuple) -> Activity:
    day, duration, theme, place, equipment, autonomy, redirection, note, place_type = row
    return Activity(
        day=day,
        duration_min=int(duration),
        theme=theme,
        place=place,
        equipment=tuple(json.loads(equipment)),
        autonomy=autonomy,
        redirection=redirection,
        note=note,
        place_type=place_type,
    )
