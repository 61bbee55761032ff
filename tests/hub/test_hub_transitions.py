"""Every advisor action from every state: allowed ones move and stamp the request, others answer 409."""

from __future__ import annotations

import json

import pytest

from kiosk.domain.help_requests import ACTIONS, TRANSITIONS, Status
from kiosk.hub.queue import sql as requests_sql

# How to bring a fresh waiting request into each state.
PATHS = {
    Status.WAITING: [],
    Status.CALLED: ["call"],
    Status.IN_PROGRESS: ["start"],
    Status.DONE: ["start", "done"],
    Status.NO_SHOW: ["call", "no-show"],
    Status.CANCELLED: ["cancel"],
}
STAMPED = {
    "call": "called_at",
    "start": "started_at",
    "done": "finished_at",
    "no-show": "finished_at",
    "cancel": "finished_at",
}


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_from_each_state(hub, kiosk_headers, advisor, action):
    client, csrf = advisor
    sources, target = TRANSITIONS[action]
    for status, path in PATHS.items():
        made = hub.create(kiosk_headers)
        for step in path:
            assert client.post(f"/api/help-requests/{made['id']}/{step}", headers=csrf).status_code == 200
        hub.clock.advance(minutes=3)
        before = client.get(f"/api/help-requests/{made['id']}").json()
        response = client.post(f"/api/help-requests/{made['id']}/{action}", headers=csrf)
        after = client.get(f"/api/help-requests/{made['id']}").json()
        if status in sources:
            assert response.status_code == 200, (action, status, response.text)
            assert response.json() == after and after["status"] == target.value
            if action in STAMPED:
                assert after[STAMPED[action]] == hub.clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            assert response.status_code == 409, (action, status)
            assert response.json()["detail"].startswith("Impossible d")
            assert after == before


def test_refusals_are_worded_in_french(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers)
    done = client.post(f"/api/help-requests/{made['id']}/done", headers=csrf)
    assert done.json() == {"detail": "Impossible de terminer un ticket en attente."}
    client.post(f"/api/help-requests/{made['id']}/cancel", headers=csrf)
    call = client.post(f"/api/help-requests/{made['id']}/call", headers=csrf)
    assert call.json() == {"detail": "Impossible d'appeler un ticket annulé."}


def test_a_full_visit_keeps_a_timestamp_for_each_step(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers)
    for minutes, action in ((4, "call"), (1, "recall"), (2, "start"), (15, "done")):
        hub.clock.advance(minutes=minutes)
        assert client.post(f"/api/help-requests/{made['id']}/{action}", headers=csrf).status_code == 200
    seen = client.get(f"/api/help-requests/{made['id']}").json()
    assert (seen["created_at"], seen["called_at"], seen["started_at"], seen["finished_at"]) == (
        "2026-11-27T14:00:00Z",
        "2026-11-27T14:04:00Z",
        "2026-11-27T14:07:00Z",
        "2026-11-27T14:22:00Z",
    )
    assert seen["recall_count"] == 1 and seen["status"] == "done"


def test_positions_move_up_and_redirect_keeps_the_place_in_time(hub, kiosk_headers, advisor):
    client, csrf = advisor
    a, b, c = (hub.create(kiosk_headers)["id"] for _ in range(3))

    def positions() -> dict[int, int | None]:
        return {r["id"]: r["position"] for r in client.get("/api/help-requests?status=open").json()}

    assert positions() == {a: 1, b: 2, c: 3}
    client.post(f"/api/help-requests/{a}/call", headers=csrf)
    assert positions() == {a: None, b: 1, c: 2}
    own = hub.client.get(f"/api/help-requests/{c}", headers=kiosk_headers).json()
    assert (own["position"], own["ahead"]) == (2, 1)
    client.post(f"/api/help-requests/{a}/redirect", headers=csrf)
    assert positions() == {a: 1, b: 2, c: 3}


def test_every_change_is_logged_as_an_event_in_order(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers, first_name="Zoé")
    client.post(f"/api/help-requests/{made['id']}/call", headers=csrf)
    client.post(f"/api/help-requests/{made['id']}/done", headers=csrf)  # refused: no event
    client.post(f"/api/help-requests/{made['id']}/start", headers=csrf)
    events = requests_sql.events_after(hub.store, 0)
    assert [e.kind for e in events] == ["help_request"] * 3
    assert [json.loads(e.data)["status"] for e in events] == ["waiting", "called", "in_progress"]
    assert json.loads(events[0].data)["first_name"] == "Zoé"
    assert [e.id for e in events] == sorted(e.id for e in events)
