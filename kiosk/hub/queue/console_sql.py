"""SQL of the queue console: sites, per-site pause, the advisors on duty, CRA activities.

Thread-safety: every function goes through the shared `Store` (its re-entrant lock, one writer).
Timestamps are `iso()` strings; functions return plain dataclasses or tuples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.cra import Activity
from kiosk.hub.db.store import DEFAULT_SITE, Store, iso, parse_iso


@dataclass(frozen=True)
class Site:
    """A place with its own queue. ``name`` "" means the configured [site] name (the main site)."""

    id: str
    name: str
    place: str
    closing_time: str  # "HH:MM" or ""


@dataclass(frozen=True)
class QueueState:
    """Whether the advisor of a site is away, and until when."""

    paused: bool
    away_until: datetime | None
    updated_by: str


@dataclass(frozen=True)
class ActivityRow:
    """A stored CRA line."""

    id: int
    request_id: int | None
    site_id: str
    advisor: str
    activity: Activity
    confirmed: bool


# -- sites --------------------------------------------------------------------------------------------


def sites(store: Store) -> list[Site]:
    """Every site, the main one first."""
    rows = store.rows(
        "SELECT id, name, place, closing_time FROM sites ORDER BY id != ?, name, id", (DEFAULT_SITE,)
    )
    return [Site(*r) for r in rows]


def site(store: Store, site_id: str) -> Site | None:
    """One site, or None."""
    row = store.row("SELECT id, name, place, closing_time FROM sites WHERE id = ?", (site_id,))
    return Site(*row) if row else None


def save_site(store: Store, new: Site, now: datetime) -> bool:
    """Create or update a site. Returns True when it is new."""
    with store.transaction() as c:
        created = c.execute("SELECT 1 FROM sites WHERE id = ?", (new.id,)).fetchone() is None
        c.execute(
            "INSERT INTO sites (id, name, place, closing_time, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, place = excluded.place, "
            "closing_time = excluded.closing_time",
            (new.id, new.name, new.place, new.closing_time, iso(now)),
        )
        return created


# -- pause ----------------------------------------------------------------------------------------------


def queue_state(store: Store, site_id: str) -> QueueState:
    """The site's pause state (present when never set)."""
    row = store.row("SELECT paused, away_until, updated_by FROM queue_states WHERE site_id = ?", (site_id,))
    if row is None:
        return QueueState(False, None, "")
    return QueueState(bool(row[0]), parse_iso(row[1]) if row[1] else None, row[2])


def set_queue_state(
    store: Store, site_id: str, *, paused: bool, away_until: datetime | None, by: str, now: datetime
) -> None:
    """Pause (optionally until a time) or resume a site's queue."""
    with store.transaction() as c:
        c.execute(
            "INSERT INTO queue_states (site_id, paused, away_until, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET paused = excluded.paused, "
            "away_until = excluded.away_until, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            (site_id, int(paused), iso(away_until) if away_until else None, iso(now), by),
        )


# -- advisors on duty ------------------------------------------------------------------------------------

ADVISOR_ROLES = ("advisor", "admin")
# Audited actions that show an advisor serving the queue (not login, exports, admin work, nor « pause »:
# a paused site adds the advisor's return time instead).
SERVING_ACTIONS = (
    "call",
    "recall",
    "start",
    "done",
    "no-show",
    "cancel",
    "redirect",
    "priority",
    "resume",
    "cra",
)


def advisors_on_duty(store: Store, site_id: str, acted_since: datetime, watching: Iterable[str]) -> list[str]:
    """Enabled advisor/admin accounts of ``site_id`` (their account's site) that either served the queue
    (one of `SERVING_ACTIONS` in the audit log) at or after ``acted_since``, or are in ``watching`` (a
    dashboard open). Sorted names; reads the audit log through its (actor, at) index.
    """
    names = sorted(set(watching))
    marks = ", ".join("?" * len(names))
    watched = f"name IN ({marks}) OR " if names else ""
    served = ", ".join("?" * len(SERVING_ACTIONS))
    acted = "EXISTS (SELECT 1 FROM audit_log a WHERE a.actor = users.name AND a.at >= ? AND a.action IN "
    acted += f"({served}))"
    mine = "site_id = ? AND role IN (?, ?) AND disabled_at IS NULL"
    sql = f"SELECT name FROM users WHERE {mine} AND ({watched}{acted}) ORDER BY name"  # noqa: S608 ("?" only)
    return [
        r[0] for r in store.rows(sql, [site_id, *ADVISOR_ROLES, *names, iso(acted_since), *SERVING_ACTIONS])
    ]


# -- activities (CRA) -------------------------------------------------------------------------------------

_ACTIVITY_COLUMNS = (
    "id, request_id, site_id, advisor, day, duration_min, theme, place, equipment, autonomy, "
    "redirection, note, place_type, confirmed_at"
)


def _activity(row: tuple) -> ActivityRow:
    activity = Activity(
        day=row[4],
        duration_min=int(row[5]),
        theme=row[6],
        place=row[7],
        equipment=tuple(json.loads(row[8])),
        autonomy=row[9],
        redirection=row[10],
        note=row[11],
        place_type=row[12],
    )
    return ActivityRow(row[0], row[1], row[2], row[3], activity, row[13] is not None)


def add_activity(
    store: Store, *, request_id: int, site_id: str, advisor: str, activity: Activity, now: datetime
) -> ActivityRow:
    """Store the draft CRA of a finished request (once per request: a second call returns the first)."""
    with store.transaction() as c:
        c.execute(
            "INSERT INTO activities (request_id, site_id, advisor, day, duration_min, theme, place, "
            "place_type, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
            (
                request_id,
                site_id,
                advisor,
                activity.day,
                activity.duration_min,
                activity.theme,
                activity.place,
                activity.place_type,
                iso(now),
            ),
        )
        found = activity_of_request(store, request_id)
        assert found is not None
        return found


def activity_of_request(store: Store, request_id: int) -> ActivityRow | None:
    """The CRA line of a request, or None."""
    row = store.row(
        f"SELECT {_ACTIVITY_COLUMNS} FROM activities WHERE request_id = ?",  # noqa: S608 (constant)
        (request_id,),
    )
    return _activity(row) if row else None


def confirm_activity(store: Store, request_id: int, activity: Activity, now: datetime) -> ActivityRow | None:
    """Save the advisor's version of a CRA line and mark it confirmed; None when there is none."""
    with store.transaction() as c:
        changed = c.execute(
            "UPDATE activities SET duration_min = ?, theme = ?, place = ?, place_type = ?, equipment = ?, "
            "autonomy = ?, redirection = ?, note = ?, confirmed_at = ? WHERE request_id = ?",
            (
                activity.duration_min,
                activity.theme,
                activity.place,
                activity.place_type,
                json.dumps(list(activity.equipment)),
                activity.autonomy,
                activity.redirection,
                activity.note,
                iso(now),
                request_id,
            ),
        ).rowcount
        return activity_of_request(store, request_id) if changed else None


def activities(store: Store, first_day: str, last_day: str, site_id: str | None = None) -> list[ActivityRow]:
    """CRA lines from ``first_day`` to ``last_day`` (inclusive, YYYY-MM-DD), oldest first."""
    sql = f"SELECT {_ACTIVITY_COLUMNS} FROM activities WHERE day BETWEEN ? AND ?"  # noqa: S608
    params: list[object] = [first_day, last_day]
    if site_id is not None:
        sql += " AND site_id = ?"
        params.append(site_id)
    return [_activity(r) for r in store.rows(sql + " ORDER BY day, id", params)]
