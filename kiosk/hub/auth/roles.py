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

Routes declare their policy through the dependency they take (`kiosk.hub.auth.deps`); a test walks every
route and fails when one declares none.
"""

from __future__ import annotations

from kiosk.hub.auth.sql import UserRow

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


# The written model, route by route: tests/hub/test_route_policy.py fails when a route of the app is
# missing here, declares another policy than written, or lets through a caller its policy does not name.
ROUTE_POLICIES: dict[str, tuple[str, ...]] = {
    PUBLIC: (
        "GET /healthz",
        "GET /api/topics",
        "GET /api/display",
        "GET /display",
        "GET /display/call.wav",
        "GET /login",
        "POST /login",
        "GET /logout",
        "POST /logout",
        "GET /ca",
        "GET /ca.crt",
        "GET /static/{name}",
        "GET /staff/static/staff.css",
        "GET /learning.css",
        "GET /staff",
    ),
    "kiosk": (
        "POST /api/help-requests",
        "POST /api/registrations",
        "GET /api/print-jobs/next",
        "POST /api/print-jobs/{job_id}/result",
        "POST /api/kiosks/health",
        "POST /api/learning-runs",
    ),
    "kiosk-or-advisor": (
        "GET /api/queue",
        "GET /api/help-requests/{request_id}",
        "POST /api/help-requests/{request_id}/{action}",  # a kiosk: cancel its own only
        "GET /api/agenda",
    ),
    "advisor": (
        "GET /",
        "GET /kiosk-problems",
        "GET /api/events",
        "GET /api/help-requests",
        "POST /api/queue/pause",  # own site only (admins: any)
        "POST /api/queue/resume",  # own site only
        "POST /api/help-requests/{request_id}/priority",  # own site only
        "GET /api/help-requests/{request_id}/activity",
        "PUT /api/help-requests/{request_id}/activity",
        "GET /api/registrations",  # phone numbers: staff and admins only
        "POST /api/registrations/{registration_id}/{action}",
        "POST /api/print-jobs",
        "GET /api/print-jobs",
        "POST /api/print-jobs/{job_id}/retry",
        "GET /api/kiosks/health",
        "GET /api/learning-stats",
        "GET /learning",
        "GET /statistics",
        "GET /statistics/activities.csv",
        "GET /staff/ateliers",  # phone numbers: staff and admins only
        "POST /staff/inscriptions/{registration_id}/{action}",
        "GET /staff/impressions",
        "POST /staff/impressions",
        "POST /staff/impressions/{job_id}/retry",
        "GET /staff/impressions/{job_id}/apercu.png",
    ),
    "admin": (
        "GET /admin",
        "POST /admin/users",
        "POST /admin/users/{name}/{change}",
        "POST /admin/kiosks",
        "POST /admin/kiosks/{kiosk_id}/revoke",
        "POST /admin/sites",
    ),
}
