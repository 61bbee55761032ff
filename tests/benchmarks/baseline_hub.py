"""The hub benchmarks' yardstick: a minimal FastAPI + sqlite3 app doing the SQL work of a kiosk's create and
poll, and of an advisor's waiting list, on the hub's own schema (same statements, same indexes), served by
the same uvicorn (uvloop, httptools), with the hub's own durability (``PRAGMA synchronous``,
`kiosk.hub.db.store.SYNCHRONOUS`: FULL fsyncs every commit, which a power cut needs; a yardstick without
that fsync measured the disk, not the code). No SSE broker, no pydantic response models, no layers: what
the hub costs above this is ours.

Run: ``python baseline_hub.py DB_PATH PORT [SYNCHRONOUS]`` (default: the hub's).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import sys
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI, HTTPException, Request

from kiosk.hub.db.store import SYNCHRONOUS

app = FastAPI()
DB = sys.argv[1] if __name__ == "__main__" else ":memory:"
DURABILITY = sys.argv[3] if len(sys.argv) > 3 else SYNCHRONOUS
W = "waiting"


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {DURABILITY}")
    return conn


writer = reader = None


def _kiosk(request: Request) -> tuple[str, str]:
    token = request.headers["authorization"].removeprefix("Bearer ")
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = reader.execute(
        "SELECT id, token_hash FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL "
        "ORDER BY id DESC LIMIT 1",
        (digest,),
    ).fetchone()
    if row is None or not hmac.compare_digest(row[1], digest):
        raise HTTPException(401)
    return row[0], reader.execute("SELECT site_id FROM kiosks WHERE id = ?", (row[0],)).fetchone()[0]


# The 20 last services, for the wait estimate (every create, poll and list).
_SERVICE = (
    "SELECT started_at, finished_at FROM help_requests WHERE status = 'done' AND started_at IS NOT NULL "
    "AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 20"
)


def _view(conn: sqlite3.Connection, row: tuple) -> dict:
    rid, site = row[0], row[3]
    ahead = conn.execute(
        "SELECT COUNT(*) FROM help_requests WHERE site_id = ? AND status = ? AND id < ?", (site, W, rid)
    ).fetchone()[0]
    conn.execute(
        "SELECT id, priority FROM help_requests WHERE site_id = ? AND status = ? AND id < ? "
        "ORDER BY id DESC LIMIT 2",
        (site, W, rid),
    ).fetchall()
    conn.execute(
        "SELECT id, priority FROM help_requests WHERE site_id = ? AND status = ? AND id > ? "
        "ORDER BY id LIMIT 2",
        (site, W, rid),
    ).fetchall()
    service = conn.execute(_SERVICE).fetchall()
    conn.execute(
        "SELECT paused, away_until, updated_by FROM queue_states WHERE site_id = ?", (site,)
    ).fetchone()
    conn.execute(
        "SELECT name FROM users WHERE site_id = ? AND role IN ('advisor', 'admin') AND disabled_at IS NULL "
        "AND EXISTS (SELECT 1 FROM audit_log a WHERE a.actor = users.name AND a.at >= ? AND a.action IN "
        "('call', 'done')) ORDER BY name",
        (site, "2026-01-01T00:00:00Z"),
    ).fetchall()
    return {
        "id": rid,
        "ticket": row[1],
        "status": row[2],
        "ahead": ahead,
        "position": ahead + 1,
        "wait_minutes": [5 * len(service), 10 * len(service)],
        "site_id": site,
    }


_SELECT = "SELECT id, ticket, status, site_id FROM help_requests WHERE id = ?"


@app.post("/api/help-requests", status_code=201)
async def create(request: Request) -> dict:
    kiosk_id, site = _kiosk(request)
    body = json.loads(await request.body())
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    writer.execute("BEGIN IMMEDIATE")
    found = writer.execute(
        "SELECT id FROM help_requests WHERE kiosk_id = ? AND idempotency_key = ?",
        (kiosk_id, body["idempotency_key"]),
    ).fetchone()
    number = writer.execute(
        "INSERT INTO ticket_counters (day, prefix, last) VALUES (?, 'P', 1) "
        "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        (now[:10],),
    ).fetchone()[0]
    cur = writer.execute(
        "INSERT INTO help_requests (kiosk_id, idempotency_key, day, ticket, topic, needs, status, "
        "created_at, site_id) VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?)",
        (kiosk_id, body["idempotency_key"], now[:10], f"P{number:02d}", body["topic"], W, now, site),
    )
    row = writer.execute(_SELECT, (cur.lastrowid,)).fetchone()
    writer.execute(
        "INSERT INTO events (kind, data, created_at) VALUES ('help_request', ?, ?)", (str(row), now)
    )
    writer.execute("COMMIT")
    assert found is None
    return _view(writer, row)


@app.get("/api/help-requests/{request_id}")
async def poll(request_id: int, request: Request) -> dict:
    kiosk_id, _site = _kiosk(request)
    row = reader.execute(_SELECT, (request_id,)).fetchone()
    if row is None:
        raise HTTPException(404)
    return _view(reader, row)


_LISTED = (
    "id",
    "ticket",
    "topic",
    "status",
    "site_id",
    "priority",
    "first_name",
    "needs",
    "created_at",
    "called_at",
    "started_at",
    "finished_at",
    "kiosk_id",
    "recall_count",
    "lesson_id",
    "step_id",
    "assigned_to",
    "advisor",
    "redirect_count",
)
_LIST = (
    f"SELECT {', '.join(_LISTED)} FROM help_requests "  # noqa: S608 (constant column names)
    "WHERE status = ? ORDER BY id DESC LIMIT ?"
)


@app.get("/api/help-requests")
async def waiting_list(request: Request, limit: int = 200) -> list[dict]:
    """The advisor's list of the ``limit`` newest waiting requests, oldest first, with their positions
    (earlier arrivals counted once, then one by one) and the wait estimate's service times. Authenticated
    by the kiosk token's lookup (the hub reads a session instead: one indexed read either way)."""
    _kiosk(request)
    rows = reader.execute(_LIST, (W, limit)).fetchall()[::-1]
    before = reader.execute(
        "SELECT COUNT(*) FROM help_requests WHERE status = ? AND id < ?", (W, rows[0][0] if rows else 0)
    ).fetchone()[0]
    service = reader.execute(_SERVICE).fetchall()
    listed = []
    for i, row in enumerate(rows):
        item = dict(zip(_LISTED, row, strict=True))
        item["needs"] = json.loads(item["needs"])
        item["priority"] = bool(item["priority"])
        ahead = before + i
        item.update(ahead=ahead, position=ahead + 1, wait_minutes=[5 * len(service), 10 * len(service)])
        listed.append(item)
    return listed


@app.get("/healthz")
async def healthz() -> dict:
    return {"status": "ok"}


if __name__ == "__main__":
    writer, reader = _connect(DB), _connect(DB)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_config=None, access_log=False)
