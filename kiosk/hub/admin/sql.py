"""SQL of the admin page: the audit log (written by every feature: who did what, never a resident's
name), accounts enabled or not and their site, kiosks and their revocation. Functions taking the `Store`,
thread-safe through its lock."""

from __future__ import annotations

from datetime import datetime

from kiosk.hub.db.store import Store, iso


def audit(store: Store, now: datetime, actor: str, action: str, target: str = "", detail: str = "") -> None:
    """Record who did what (never a resident's name: tickets, account names, kiosk ids only)."""
    with store.transaction() as c:
        c.execute(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (iso(now), actor[:60], action[:40], target[:80], detail[:200]),
        )


def audit_entries(store: Store, limit: int = 200) -> list[tuple[str, str, str, str, str]]:
    """The newest audit entries as (at, actor, action, target, detail)."""
    return [
        tuple(r)
        for r in store.rows(
            "SELECT at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
        )
    ]


def users(store: Store) -> list[tuple[str, str, str, bool]]:
    """Every account as (name, role, site_id, enabled)."""
    rows = store.rows("SELECT name, role, site_id, disabled_at IS NULL FROM users ORDER BY name")
    return [(r[0], r[1], r[2], bool(r[3])) for r in rows]


def set_user_enabled(store: Store, name: str, enabled: bool, now: datetime) -> bool:
    """Enable or disable an account (disabling ends its sessions). Returns False when unknown."""
    with store.transaction() as c:
        row = c.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        c.execute("UPDATE users SET disabled_at = ? WHERE id = ?", (None if enabled else iso(now), row[0]))
        if not enabled:
            c.execute("DELETE FROM sessions WHERE user_id = ?", (row[0],))
        return True


def set_user_site(store: Store, name: str, site_id: str) -> bool:
    """Move an account to another site's queue. Returns False when unknown."""
    with store.transaction() as c:
        return c.execute("UPDATE users SET site_id = ? WHERE name = ?", (site_id, name)).rowcount > 0


def kiosks(store: Store) -> list[tuple[str, str, str, str | None]]:
    """Every kiosk as (id, site_id, created_at, revoked_at)."""
    return [
        tuple(r) for r in store.rows("SELECT id, site_id, created_at, revoked_at FROM kiosks ORDER BY id")
    ]


def revoke_kiosk(store: Store, kiosk_id: str, now: datetime) -> bool:
    """Make a kiosk's token stop working. Returns False when unknown."""
    with store.transaction() as c:
        return c.execute("UPDATE kiosks SET revoked_at = ? WHERE id = ?", (iso(now), kiosk_id)).rowcount > 0
