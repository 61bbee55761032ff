"""The help-request API through an in-process client: creation, tickets, idempotency, waits, bad input."""

from __future__ import annotations

import pytest

from kiosk.domain.help_requests import estimate_wait
from kiosk.domain.topics import all_topics
from kiosk.hub.queue import sql as requests_sql

PUBLIC_KEYS = {
    "id",
    "ticket",
    "topic",
    "topic_label",
    "status",
    "position",
    "ahead",
    "wait_minutes",
    "created_at",
    "called_at",
    "started_at",
    "finished_at",
    "kiosk_id",
    "site_id",
    "away_until",
    "recall_count",  # the kiosk says « C'est à vous ! » again on each recall
}


def test_health_and_topics_need_no_credentials(hub):
    assert hub.client.get("/healthz").json() == {"status": "ok"}
    topics = hub.client.get("/api/topics").json()
    assert [t["id"] for t in topics] == [t.id for t in all_topics()]
    assert topics[0] == {
        "id": "papiers",
        "label": "Mes papiers en ligne",
        "prefix": "P",
        "pictogram": "papiers",
    }
    assert hub.client.get("/openapi.json").json()["paths"]["/api/help-requests"]


def test_create_returns_201_with_ticket_position_and_wait(hub, kiosk_headers):
    first = hub.create(kiosk_headers, first_name="Zoé", needs=["sight"])
    assert set(first) == PUBLIC_KEYS  # a kiosk never gets first names or needs back
    assert first["ticket"] == "P01"
    assert (first["status"], first["position"], first["ahead"], first["wait_minutes"]) == (
        "waiting",
        1,
        0,
        [0, 0],
    )
    assert first["topic_label"] == "Mes papiers en ligne" and first["kiosk_id"] == "borne-1"
    assert first["created_at"] == "2026-11-27T14:00:00Z" and first["called_at"] is None
    second = hub.create(kiosk_headers)
    assert (second["ticket"], second["position"], second["ahead"]) == ("P02", 2, 1)
    assert second["wait_minutes"] == list(estimate_wait(1))


def test_same_idempotency_key_returns_the_same_request_with_200(hub, kiosk_headers):
    body = {"topic": "emails", "idempotency_key": "0b6f3c1e-key"}
    first = hub.client.post("/api/help-requests", json=body, headers=kiosk_headers)
    again = hub.client.post("/api/help-requests", json=body, headers=kiosk_headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["ticket"] == "E01"
    assert hub.create(kiosk_headers, "emails")["ticket"] == "E02"  # the replay took no number


def test_idempotency_keys_belong_to_one_kiosk(hub, kiosk_headers):
    other = hub.add_kiosk("borne-2")
    body = {"topic": "emails", "idempotency_key": "same-key"}
    one = hub.client.post("/api/help-requests", json=body, headers=kiosk_headers).json()
    two = hub.client.post("/api/help-requests", json=body, headers=other)
    assert two.status_code == 201 and two.json()["id"] != one["id"]


def test_ticket_numbers_count_per_topic_prefix(hub, kiosk_headers):
    tickets = [
        hub.create(kiosk_headers, topic)["ticket"] for topic in ("papiers", "emails", "papiers", "autre")
    ]
    assert tickets == ["P01", "E01", "P02", "A01"]


def test_ticket_numbers_restart_each_day_of_the_site_time_zone(hub, kiosk_headers):
    hub.clock.moment = hub.clock.moment.replace(hour=22, minute=30)  # 23:30 in Paris, 27 November
    assert hub.create(kiosk_headers)["ticket"] == "P01"
    assert hub.create(kiosk_headers)["ticket"] == "P02"
    hub.clock.advance(minutes=45)  # 23:15 UTC still 27 November, but 00:15 on the 28th in Paris
    assert hub.create(kiosk_headers)["ticket"] == "P01"
    hub.clock.advance(days=1)
    assert hub.create(kiosk_headers)["ticket"] == "P01"


def test_wait_estimate_learns_from_recent_service_times(hub, kiosk_headers, advisor):
    client, csrf = advisor
    durations = [6, 8, 10, 12, 30]
    for minutes in durations:
        done = hub.create(kiosk_headers)
        assert client.post(f"/api/help-requests/{done['id']}/start", headers=csrf).status_code == 200
        hub.clock.advance(minutes=minutes)
        assert client.post(f"/api/help-requests/{done['id']}/done", headers=csrf).status_code == 200
    hub.create(kiosk_headers)
    hub.create(kiosk_headers)
    third = hub.create(kiosk_headers)
    assert third["ahead"] == 2
    assert third["wait_minutes"] == list(estimate_wait(2, durations))
    assert third["wait_minutes"] != list(estimate_wait(2))


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Zoé 🙂", "Zoé"),
        ("Jean\x00\x07-Pierre", "Jean-Pierre"),
        ("  Marie   Ève\t", "Marie Ève"),
        ("O’Brien <script>", "O’Brien script"),
        ("A" * 80, "A" * 30),
        ("🙂🙂", ""),
    ],
)
def test_first_names_are_cleaned_before_they_are_stored(hub, kiosk_headers, advisor, raw, kept):
    made = hub.create(kiosk_headers, first_name=raw)
    client, _csrf = advisor
    assert client.get(f"/api/help-requests/{made['id']}").json()["first_name"] == kept


def test_advisors_see_first_name_and_needs_in_order(hub, kiosk_headers, advisor):
    made = hub.create(kiosk_headers, first_name="Zoé", needs=["time", "hearing", "time"])
    client, _csrf = advisor
    seen = client.get(f"/api/help-requests/{made['id']}").json()
    assert seen["first_name"] == "Zoé" and seen["needs"] == ["hearing", "time"] and seen["recall_count"] == 0
    own = hub.client.get(f"/api/help-requests/{made['id']}", headers=kiosk_headers).json()
    assert set(own) == PUBLIC_KEYS


def test_a_kiosk_learns_that_its_ticket_was_called_again(hub, kiosk_headers, advisor):
    made = hub.create(kiosk_headers)
    client, csrf = advisor
    for action in ("call", "recall", "recall"):
        assert client.post(f"/api/help-requests/{made['id']}/{action}", headers=csrf).status_code == 200
    own = hub.client.get(f"/api/help-requests/{made['id']}", headers=kiosk_headers).json()
    assert (own["status"], own["recall_count"]) == ("called", 2)


def test_advisors_list_requests_filtered_by_status(hub, kiosk_headers, advisor):
    client, csrf = advisor
    ids = [hub.create(kiosk_headers, topic)["id"] for topic in ("papiers", "emails", "internet", "autre")]
    client.post(f"/api/help-requests/{ids[0]}/call", headers=csrf)
    client.post(f"/api/help-requests/{ids[1]}/start", headers=csrf)
    client.post(f"/api/help-requests/{ids[2]}/cancel", headers=csrf)

    def listed(query: str) -> list[tuple[int, str, int | None]]:
        response = client.get(f"/api/help-requests{query}")
        assert response.status_code == 200, response.text
        return [(r["id"], r["status"], r["position"]) for r in response.json()]

    assert listed("") == [
        (ids[0], "called", None),
        (ids[1], "in_progress", None),
        (ids[2], "cancelled", None),
        (ids[3], "waiting", 1),
    ]
    assert listed("?status=waiting") == [(ids[3], "waiting", 1)]
    assert [i for i, _s, _p in listed("?status=called,in_progress")] == ids[:2]
    assert [i for i, _s, _p in listed("?status=open")] == [ids[0], ids[1], ids[3]]
    assert [i for i, _s, _p in listed("?status=open&limit=2")] == [ids[1], ids[3]]
    assert client.get("/api/help-requests?status=lost").status_code == 422
    assert client.get("/api/help-requests?limit=0").status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"topic": 5},
        {"topic": None},
        {"topic": "inconnu"},
        {"topic": "x" * 5000},
        {"topic": "papiers", "first_name": 12},
        {"topic": "papiers", "first_name": ["Zoé"]},
        {"topic": "papiers", "first_name": "Z" * 101},
        {"topic": "papiers", "needs": "sight"},
        {"topic": "papiers", "needs": [1]},
        {"topic": "papiers", "needs": ["flying"]},
        {"topic": "papiers", "needs": ["sight"] * 7},
        {"topic": "papiers", "idempotency_key": 42},
        {"topic": "papiers", "idempotency_key": ""},
        {"topic": "papiers", "idempotency_key": "espaces interdites"},
        {"topic": "papiers", "idempotency_key": "k" * 101},
        {"topic": "papiers", "admin": True},
        ["papiers"],
        "papiers",
        None,
    ],
)
def test_bad_bodies_are_refused_with_422(hub, kiosk_headers, body):
    response = hub.client.post("/api/help-requests", json=body, headers=kiosk_headers)
    assert response.status_code == 422, response.text
    assert requests_sql.help_requests(hub.store) == []


def test_broken_or_huge_bodies_get_4xx_never_5xx(hub, kiosk_headers):
    post = hub.client.post
    not_json = post(
        "/api/help-requests",
        content=b"{topic: papiers",
        headers={**kiosk_headers, "Content-Type": "application/json"},
    )
    assert not_json.status_code == 422
    no_type = post("/api/help-requests", content=b'{"topic": "papiers"}', headers=kiosk_headers)
    assert 400 <= no_type.status_code < 500
    bad_utf8 = post(
        "/api/help-requests",
        content=b'{"topic": "\xff\xfe"}',
        headers={**kiosk_headers, "Content-Type": "application/json"},
    )
    assert 400 <= bad_utf8.status_code < 500
    huge = post(
        "/api/help-requests", json={"topic": "papiers", "first_name": "x" * 200_000}, headers=kiosk_headers
    )
    assert huge.status_code == 413


def test_bad_paths_get_4xx(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers)
    for path in (
        "/api/help-requests/0",
        "/api/help-requests/-1",
        "/api/help-requests/abc",
        "/api/help-requests/99999999999999999999999999",
    ):
        assert client.get(path).status_code == 422, path
    assert client.get("/api/help-requests/9999").status_code == 404
    assert client.post("/api/help-requests/9999/call", headers=csrf).status_code == 404
    unknown = client.post(f"/api/help-requests/{made['id']}/explode", headers=csrf)
    assert unknown.status_code == 404 and unknown.json()["detail"] == "Action inconnue."
    assert client.post(f"/api/help-requests/{made['id']}/{'x' * 50}", headers=csrf).status_code == 422
    assert client.get("/api/events?last_event_id=" + "9" * 40).status_code == 422
