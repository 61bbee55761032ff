"""A hub database with years of history for the benchmarks: 1,000,000 finished help requests (with their
CRA lines and audit entries) over ten years and 10,000 waiting today, made by SQL in a few seconds and
kept in ~/.cache between runs (rebuilt when the schema or this generator changes).

The history is anonymous (names purged), spread over 4 sites and the 7 topics, 08:00-18:00 UTC; 80 % done,
10 % no-shows, 10 % cancelled. Waiting requests belong to kiosk ``borne-01`` at the main site.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.hub.db.store import LATEST_VERSION, Store

FINISHED = int(os.environ.get("KIOSK_BENCH_HISTORY", "1000000"))
WAITING = 10_000
DAYS = 3650
GENERATOR = 2  # bump when the data below (or an unreleased migration) changes
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kiosk-mediatheque" / "bench"

_FINISHED_SQL = """
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count),
r AS (
    SELECT i,
        datetime(:first, '+' || (i * :days / :count) || ' days',
            '+' || (28800 + (i * 7919) % 36000) || ' seconds') AS created,
        i % 10 AS kind
    FROM n
)
INSERT INTO help_requests (kiosk_id, day, ticket, topic, status, created_at, called_at, started_at,
    finished_at, site_id, advisor)
SELECT 'borne-' || printf('%02d', 1 + i % 50), substr(created, 1, 10), 'P' || printf('%02d', i % 100),
    CASE i % 7 WHEN 0 THEN 'papiers' WHEN 1 THEN 'emails' WHEN 2 THEN 'appareil' WHEN 3 THEN 'imprimer'
        WHEN 4 THEN 'internet' WHEN 5 THEN 'emploi' ELSE 'autre' END,
    CASE WHEN kind < 8 THEN 'done' WHEN kind = 8 THEN 'no_show' ELSE 'cancelled' END,
    strftime('%Y-%m-%dT%H:%M:%SZ', created),
    CASE WHEN kind < 9 THEN
        strftime('%Y-%m-%dT%H:%M:%SZ', created, '+' || ((i * 31) % 3600) || ' seconds') END,
    CASE WHEN kind < 8 THEN
        strftime('%Y-%m-%dT%H:%M:%SZ', created, '+' || ((i * 31) % 3600 + 60) || ' seconds') END,
    strftime('%Y-%m-%dT%H:%M:%SZ', created, '+' || ((i * 31) % 3600 + 360 + (i * 17) % 2400) || ' seconds'),
    CASE (i * 13) % 4 WHEN 0 THEN 'main' WHEN 1 THEN 'yutz' WHEN 2 THEN 'thionville' ELSE 'florange' END,
    'conseil-' || (1 + i % 5)
FROM r
"""

_WAITING_SQL = """
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
INSERT INTO help_requests (kiosk_id, day, ticket, topic, status, created_at, site_id, priority)
SELECT 'borne-01', :today, 'A' || i, 'autre', 'waiting',
    strftime('%Y-%m-%dT%H:%M:%SZ', :now, '-' || (:count - i) || ' seconds'), 'main', i % 97 = 0
FROM n
"""

_ACTIVITIES_SQL = """
INSERT INTO activities (request_id, site_id, advisor, day, duration_min, theme, place, note, created_at,
    confirmed_at)
SELECT id, site_id, advisor, day, 5 + id % 60,
    CASE topic WHEN 'emails' THEN 'email' WHEN 'internet' THEN 'navigation_sur_internet'
        ELSE 'aide_aux_demarches_administratives' END,
    'Médiathèque', CASE WHEN id % 50 = 0 THEN '=HYPERLINK("x")' ELSE 'Aide ' || topic END, finished_at,
    finished_at
FROM help_requests WHERE status = 'done'
"""

_AUDIT_SQL = """
INSERT INTO audit_log (at, actor, action, target)
SELECT finished_at, advisor, 'done', ticket FROM help_requests WHERE status = 'done'
"""


def _build(path: Path) -> None:
    path.unlink(missing_ok=True)
    Store(path).close()  # the schema, by the hub's own migrations
    now = datetime.now(UTC).replace(microsecond=0)
    first = (now - timedelta(days=DAYS + 1)).strftime("%Y-%m-%d")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        conn.execute(_FINISHED_SQL, {"count": FINISHED, "days": DAYS, "first": first})
        conn.execute(
            _WAITING_SQL,
            {"count": WAITING, "now": now.strftime("%Y-%m-%d %H:%M:%S"), "today": now.date().isoformat()},
        )
        conn.execute(_ACTIVITIES_SQL)
        conn.execute(_AUDIT_SQL)
        for site in ("yutz", "thionville", "florange"):
            conn.execute(
                "INSERT INTO sites (id, name, created_at) VALUES (?, ?, ?)",
                (site, site.title(), first + "T00:00:00Z"),
            )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def history_db(target: Path) -> Path:
    """Copy the cached history database to ``target`` (building the cache first when missing or stale)."""
    cached = CACHE / f"history-v{GENERATOR}-schema{LATEST_VERSION}-{FINISHED}.sqlite3"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob("history-*"):  # 0.6 GB each: keep only the one in use
            stale.unlink()
        building = cached.with_suffix(".building")
        _build(building)
        building.replace(cached)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(cached, target)
    return target


if __name__ == "__main__":
    import time

    started = time.perf_counter()
    print(history_db(Path("/tmp/history-check.sqlite3")), f"{time.perf_counter() - started:.1f} s")
