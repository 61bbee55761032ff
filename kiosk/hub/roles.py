"""The hub's role model, written once: who may do what, and on which site.

| caller    | may                                                                                     |
|-----------|-----------------------------------------------------------------------------------------|
| anonymous | log in; health check; topics; the public call display (ticket numbers only); the CA page |
| kiosk     | its own requests (create, read, cancel); its site's queue status; agenda; register a     |
|           | resident; pull and acknowledge its print jobs; report its printer; send lesson stats     |
| advisor   | read every site's queue; act, pause and resume on *their own site* only; CRA; statistics; |
|           | workshops (first names, no phone numbers); appointment slips and printers               |
| staff     | an advisor's rights, plus registrants' phone numbers (they call residents back)          |
| admin     | everything, on every site: accounts, kiosk tokens, sites, the audit log                  |

Routes declare their policy through the dependency they take (`kiosk.hub.deps`); a test walks every
route and fails when one declares none.
"""

from __future__ import annotations

from kiosk.hub.store import UserRow

RANK = {"advisor": 1, "staff": 2, "admin": 3}
PUBLIC = "public"  # the policy of routes anyone may call


def at_least(user: UserRow, role: str) -> bool:
    """True when ``user``'s role is ``role`` or above (advisor < staff < admin)."""
    return RANK.get(user.role, 0) >= RANK[role]


def may_act_on_site(user: UserRow, site_id: str) -> bool:
    """Whether ``user`` may change the queue of ``site_id`` (call, pause…): their own site; admins: any."""
    return user.role == "admin" or user.site_id == site_id


def sees_phones(user: UserRow) -> bool:
    """Phone numbers are for the roles that call residents back: staff and admin."""
    return at_least(user, "staff")
