"""The SSE stream against a real uvicorn server on loopback: live events, heartbeats, Last-Event-ID replay."""

from __future__ import annotations

import json
from collections.abc import Iterator

import requests
from hub_helpers import sse_events

from kiosk.hub.queue import sql as requests_sql

TIMEOUT = (3, 5)  # connect, read: a silent stream fails the test instead of hanging it


def _next(events: Iterator[dict[str, str]], kind: str = "help_request") -> dict[str, str]:
    for event in events:
        if event.get("event") == kind:
            return event
    raise AssertionError("the stream ended")


def _create(live_hub, headers, **fields) -> dict:
    response = requests.post(
        f"{live_hub.url}/api/help-requests", json={"topic": "papiers", **fields}, headers=headers, timeout=5
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_advisors_receive_each_change_live(live_hub):
    kiosk = live_hub.add_kiosk()
    session, csrf = live_hub.advisor_session()
    with session.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-store"
        events = sse_events(stream)
        assert next(events) == {"retry": "3000"}
        made = _create(live_hub, kiosk, first_name="Zoé", needs=["hearing"])
        created = _next(events)
        data = json.loads(created["data"])
        assert (data["id"], data["ticket"], data["status"]) == (made["id"], "P01", "waiting")
        assert data["first_name"] == "Zoé" and data["needs"] == ["hearing"]  # advisors see them
        called = session.post(
            f"{live_hub.url}/api/help-requests/{made['id']}/call", headers={"X-CSRF-Token": csrf}, timeout=5
        )
        assert called.status_code == 200
        moved = _next(events)
        assert json.loads(moved["data"])["status"] == "called"
        assert int(moved["id"]) > int(created["id"])


def test_heartbeats_keep_an_idle_stream_open(live_hub):
    session, _csrf = live_hub.advisor_session()
    with session.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT) as stream:
        events = sse_events(stream)
        next(events)
        assert next(events) == {"comment": "ping"}
        assert next(events) == {"comment": "ping"}


def test_last_event_id_replays_what_was_missed(live_hub):
    kiosk = live_hub.add_kiosk()
    session, _csrf = live_hub.advisor_session()
    assert _create(live_hub, kiosk)["ticket"] == "P01"
    seen = requests_sql.last_event_id(live_hub.store)
    missed = [_create(live_hub, kiosk, topic=t)["ticket"] for t in ("emails", "internet", "autre")]
    variants = (
        ({"Last-Event-ID": str(seen)}, "/api/events"),
        ({}, f"/api/events?last_event_id={seen}"),
        ({"Last-Event-ID": str(seen)}, "/api/events?last_event_id=0"),  # the header wins
    )
    for headers, url in variants:
        with session.get(live_hub.url + url, headers=headers, stream=True, timeout=TIMEOUT) as stream:
            events = sse_events(stream)
            replayed = [_next(events) for _ in missed]
            assert [json.loads(e["data"])["ticket"] for e in replayed] == missed
            assert [int(e["id"]) for e in replayed] == [seen + 1, seen + 2, seen + 3]
    latest = {"Last-Event-ID": str(seen + 3)}
    with session.get(f"{live_hub.url}/api/events", headers=latest, stream=True, timeout=TIMEOUT) as stream:
        events = sse_events(stream)
        next(events)
        live = _create(live_hub, kiosk, topic="emploi")
        assert json.loads(_next(events)["data"])["id"] == live["id"]  # nothing replayed twice


def test_a_replay_past_purged_events_asks_for_a_reset(live_hub):
    kiosk = live_hub.add_kiosk()
    session, _csrf = live_hub.advisor_session()
    for _ in range(3):
        _create(live_hub, kiosk)
    with live_hub.store.transaction() as c:
        c.execute("DELETE FROM events WHERE id <= 2")
    with session.get(
        f"{live_hub.url}/api/events", headers={"Last-Event-ID": "0"}, stream=True, timeout=TIMEOUT
    ) as stream:
        events = sse_events(stream)
        assert _next(events, "reset")["data"] == "{}"
        assert _next(events)["id"] == "3"
    with session.get(
        f"{live_hub.url}/api/events", headers={"Last-Event-ID": "999"}, stream=True, timeout=TIMEOUT
    ) as stream:  # an id from a database that was replaced
        assert _next(sse_events(stream), "reset")["data"] == "{}"


def test_the_stream_refuses_kiosks_and_anonymous_and_ends_at_logout(live_hub):
    kiosk = live_hub.add_kiosk()
    assert requests.get(f"{live_hub.url}/api/events", timeout=5).status_code == 401
    assert requests.get(f"{live_hub.url}/api/events", headers=kiosk, timeout=5).status_code == 403
    session, csrf = live_hub.advisor_session()
    other, _ = live_hub.advisor_session("bruno")
    with session.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT) as stream:
        events = sse_events(stream)
        next(events)
        assert (
            session.post(
                f"{live_hub.url}/logout", data={"csrf_token": csrf}, timeout=5, allow_redirects=False
            ).status_code
            == 303
        )
        rest = list(events)  # the server closes the stream at its next heartbeat
        assert all("event" not in e for e in rest)
    with other.get(f"{live_hub.url}/api/events", stream=True, timeout=TIMEOUT) as still:
        assert still.status_code == 200
    assert live_hub.app.state.hub.broker.client_count <= 1
