"""Every route declares who may call it (kiosk.hub.auth.roles), and each one refuses everybody else.

The walk covers ``app.routes`` as built by create_app: a new route without a declared policy fails here,
and so does a route whose policy lets the wrong caller through."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from hub_helpers import TestClient

from kiosk.hub.auth.deps import policy_of
from kiosk.hub.auth.roles import ROUTE_POLICIES

CALLERS = ("anonymous", "kiosk", "advisor", "staff", "admin")
ALLOWED = {
    "public": set(CALLERS),
    "kiosk": {"kiosk"},
    "kiosk-or-advisor": {"kiosk", "advisor", "staff", "admin"},
    "advisor": {"advisor", "staff", "admin"},
    "staff": {"staff", "admin"},
    "admin": {"admin"},
}
SAMPLE = {"action": "call", "change": "disable", "name": "personne", "kiosk_id": "inconnue"}


def _policies(route: APIRoute) -> set[str]:
    found, todo = set(), [route.dependant]
    while todo:
        dependant = todo.pop()
        if (policy := policy_of(dependant.call)) is not None:
            found.add(policy)
        todo.extend(dependant.dependencies)
    return found


def _flat(routes) -> list:
    """Every route, routers included (FastAPI keeps an included router as one lazy entry)."""
    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        found.extend(_flat(inner.routes) if inner is not None else [route])
    return found


def _routes(app) -> list[tuple[str, str, APIRoute]]:
    return [
        (method, route.path, route)
        for route in _flat(app.routes)
        if isinstance(route, APIRoute)
        for method in sorted(route.methods - {"HEAD"})
    ]


def test_only_the_schema_is_served_outside_the_policy_walk(hub):
    others = [getattr(r, "path", r) for r in _flat(hub.app.routes) if not isinstance(r, APIRoute)]
    assert others == ["/openapi.json"]  # public by design (DESIGN.md), no personal data


def test_every_route_declares_exactly_one_policy_the_one_written_in_the_role_model(hub):
    undeclared = [f"{m} {p}" for m, p, r in _routes(hub.app) if len(_policies(r)) != 1]
    assert undeclared == []
    declared = {f"{m} {p}": next(iter(_policies(r))) for m, p, r in _routes(hub.app)}
    written = {route: policy for policy, routes in ROUTE_POLICIES.items() for route in routes}
    assert declared == written
    assert len(declared) > 50  # the walk sees the whole app


def _path(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "1"), path)


def _refused(answer) -> bool:
    to_login = answer.status_code == 303 and answer.headers.get("location") == "/login"
    return answer.status_code in (401, 403) or to_login


@pytest.fixture
def callers(hub):
    kiosk = TestClient(hub.app, headers=hub.add_kiosk())
    made = {"anonymous": (TestClient(hub.app), ""), "kiosk": (kiosk, "")}
    for role in ("advisor", "staff", "admin"):
        client, csrf = hub.advisor(f"un-{role}", role=role)
        made[role] = (client, csrf["X-CSRF-Token"])
    return made


def test_each_route_refuses_the_callers_its_policy_does_not_name(hub, callers):
    wrong = []
    for method, path, route in _routes(hub.app):
        (policy,) = _policies(route)
        if path in ("/logout", "/api/events") or policy == "public":
            continue  # logging out would end the walk's sessions; a granted stream never ends
        for caller in CALLERS:
            client, csrf = callers[caller]
            headers = {"X-CSRF-Token": csrf} if csrf else {}
            data = {"csrf_token": csrf} if method != "GET" else None
            answer = client.request(method, _path(path), headers=headers, data=data, follow_redirects=False)
            if _refused(answer) == (caller in ALLOWED[policy]):
                wrong.append(f"{method} {path} as {caller}: {answer.status_code}")
    assert wrong == []


def test_public_routes_answer_strangers(hub):
    stranger = TestClient(hub.app)
    for method, path, route in _routes(hub.app):
        if _policies(route) == {"public"} and method == "GET" and "{" not in path and path != "/logout":
            assert not _refused(stranger.get(path, follow_redirects=False)), path


def test_the_event_stream_refuses_kiosks_and_strangers(hub, callers):
    assert callers["anonymous"][0].get("/api/events").status_code == 401
    assert callers["kiosk"][0].get("/api/events").status_code == 403


def test_an_advisor_changes_only_the_queue_of_their_own_site(hub, kiosk_headers):
    from kiosk.hub.admin import sql as admin_sql
    from kiosk.hub.queue import console_sql as cs

    cs.save_site(hub.store, cs.Site("yutz", "Mission locale de Yutz", "", ""), hub.clock())
    anne, csrf = hub.advisor("anne")  # site main
    for path in ("/api/queue/pause", "/api/queue/resume"):
        assert anne.post(path, headers=csrf, json={"site": "yutz"}).status_code == 403
    assert anne.post("/api/queue/pause", headers=csrf, json={}).status_code == 200  # her own
    assert anne.get("/api/queue?site=yutz").status_code == 200  # reading another site is fine
    root, root_csrf = hub.advisor("root", role="admin")
    assert root.post("/api/queue/pause", headers=root_csrf, json={"site": "yutz"}).status_code == 200
    made = hub.create(kiosk_headers)
    admin_sql.set_user_site(hub.store, "anne", "yutz")
    refused = anne.post(f"/api/help-requests/{made['id']}/call", headers=csrf)
    assert refused.status_code == 403 and "autre site" in refused.json()["detail"]
