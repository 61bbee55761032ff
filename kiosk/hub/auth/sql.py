"""SQL of accounts, kiosks and dashboard sessions: functions taking the `Store`, used by authentication,
the admin page and the accounts commands.

Thread-safety: every function goes through the store's re-entrant lock (see `Store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.hub.db.store import DEFAULT_SITE, Store, iso


@dataclass(frozen=True)
class UserRow:
    """An advisor/staff/admin account."""

    id: int
    name: str
    role: str
    password_hash: str
    site_id: str = DEFAULT_SITE


def save_user(
    store: Store, name: str, role: str, password_hash: str, now: datetime, site_id: str | None = None
) -> bool:
    """Create the account, or reset its role and password (closing its sessions, enabling it again).

    ``site_id`` (default: the main site; unchanged on a reset when None) is the queue it sees first.

    Returns:
        True when the account is new.
    """
    with store.transaction() as c:
        row = c.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            c.execute(
                "INSERT INTO users (name, role, password_hash, created_at, site_id) VALUES (?, ?, ?, ?, ?)",
                (name, role, password_hash, iso(now), site_id or DEFAULT_SITE),
            )
            return True
        c.execute(
            "UPDATE users SET role = ?, password_hash = ?, disabled_at = NULL, "
            "site_id = COALESCE(?, site_id) WHERE id = ?",
            (role, password_hash, site_id, row[0]),
        )
        c.execute("DELETE FROM sessions WHERE user_id = ?", (row[0],))
        return False


def user_by_name(store: Store, name: str) -> UserRow | None:
    """The enabled account called ``name``, or None."""
    row = store.row(
        "SELECT id, name, role, password_hash, site_id FROM users WHERE name = ? AND disabled_at IS NULL",
        (name,),
    )
    return UserRow(*row) if row else None


def save_kiosk(
    store: Store, kiosk_id: str, token_hash: str, now: datetime, site_id: str | None = None
) -> bool:
    """Create the kiosk or replace its token hash (a revoked kiosk works again).

    ``site_id``: the site it stands in (main site for a new kiosk when None; unchanged when None).
    Returns True when the kiosk is new.
    """
    with store.transaction() as c:
        new = c.execute("SELECT 1 FROM kiosks WHERE id = ?", (kiosk_id,)).fetchone() is None
        c.execute(
            "INSERT INTO kiosks (id, token_hash, created_at, site_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL, "
            "site_id = COALESCE(?, kiosks.site_id)",
            (kiosk_id, token_hash, iso(now), site_id or DEFAULT_SITE, site_id),
        )
        return new


def kiosk_token_hashes(store: Store) -> list[tuple[str, str]]:
    """Every kiosk not revoked, as (id, sha256 hex of its token)."""
    return [
        (r[0], r[1])
        for r in store.rows("SELECT id, token_hash FROM kiosks WHERE revoked_at IS NULL ORDER BY id")
    ]


def kiosk_with_token_hash(store: Store, token_hash: str) -> tuple[str, str] | None:
    """The kiosk not revoked whose token has this SHA-256 hex digest, as (id, stored digest), or None.

    One indexed read (kiosks_token), whatever the number of kiosks; when two kiosks share a digest
    (tests copy one), the last created wins, as the former walk over every digest did.
    """
    row = store.row(
        "SELECT id, token_hash FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL "
        "ORDER BY id DESC LIMIT 1",
        (token_hash,),
    )
    return (str(row[0]), str(row[1])) if row else None


def kiosk_site(store: Store, kiosk_id: str) -> str:
    """The site a kiosk stands in (the main site when unknown)."""
    row = store.row("SELECT site_id FROM kiosks WHERE id = ?", (kiosk_id,))
    return str(row[0]) if row else DEFAULT_SITE


# Dashboard sessions


def upgrade_password_hash(store: Store, user_id: int, password_hash: str) -> None:
    """Store a stronger hash of the same password (sessions stay open: nothing else changed)."""
    with store.transaction() as c:
        c.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))


def add_session(
    store: Store, token_hash: str, user_id: int, csrf_token: str, now: datetime, expires: datetime
) -> None:
    """Record a new dashboard session."""
    with store.transaction() as c:
        c.execute("DELETE FROM sessions WHERE expires_at <= ?", (iso(now),))
        c.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (token_hash, user_id, csrf_token, iso(now), iso(expires)),
        )


def session_user(store: Store, token_hash: str, now: datetime) -> tuple[UserRow, str] | None:
    """The (account, CSRF token) of a live session, or None when unknown or expired."""
    row = store.row(
        "SELECT u.id, u.name, u.role, u.password_hash, u.site_id, s.csrf_token FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? "
        "AND u.disabled_at IS NULL",
        (token_hash, iso(now)),
    )
    return (UserRow(*row[:5]), row[5]) if row else None


def delete_session(store: Store, token_hash: str) -> None:
    """End a session (logout)."""
    with store.transaction() as c:
        c.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))


def purge_sessions(store: Store, now: datetime) -> int:
    """Delete the sessions expired at ``now``; returns how many."""
    with store.transaction() as c:
        return int(c.execute("DELETE FROM sessions WHERE expires_at <= ?", (iso(now),)).rowcount)
