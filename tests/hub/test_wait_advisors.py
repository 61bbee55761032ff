"""The wait range counts the advisors on duty at the site, and a kiosk's position (computed per request)
always matches the advisors' list order (computed for the whole line), with real SQLite and the real app."""

from __future__ import annotations

import random

import requests
from hub_helpers import sse_events

from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.queue import console_sql as cs


def _act(client, csrf, request_id, action):
    answer = client.post(f"/api/help-requests/{request_id}/{action}", headers=csrf)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _wait(hub, headers, request_id):
    return tuple(hub.client.get(f"/api/help-requests/{request_id}", headers=headers).json()["wait_minutes"])


def test_a_second_advisor_at_work_halves_the_wait(hub, kiosk_headers, advisor):
    anne, anne_csrf = advisor
    ids = [hub.create(kiosk_headers)["id"] for _ in range(7)]
    _act(anne, anne_csrf, ids[0], "call")  # Anne serves: one advisor on duty
    last = ids[-1]
    alone = _wait(hub, kiosk_headers, last)
    alone_queue = tuple(hub.client.get("/api/queue", headers=kiosk_headers).json()["wait_minutes"])
    assert alone == (50, 100)  # 5 people ahead, 10 to 20 minutes each (no service measured yet)

    cs.save_site(hub.store, cs.Site("yutz", "Mission locale de Yutz", "", ""), hub.clock())
    dora, dora_csrf = hub.advisor("dora")
    admin_sql.set_user_site(hub.store, "dora", "yutz")
    refused = dora.post(f"/api/help-requests/{ids[1]}/call", headers=dora_csrf)
    assert refused.status_code == 403  # an advisor of another site cannot take this queue's people
    carla, carla_csrf = hub.advisor("carla", role="admin")
    admin_sql.set_user_site(hub.store, "carla", "yutz")
    _act(carla, carla_csrf, ids[1], "call")  # an admin of another site may, but does not serve it
    assert _wait(hub, kiosk_headers, last) == (40, 80)  # one person fewer ahead, still one advisor

    bruno, bruno_csrf = hub.advisor("bruno")
    _act(bruno, bruno_csrf, ids[2], "call")  # a second advisor of this site takes someone
    shared = _wait(hub, kiosk_headers, last)
    assert shared == (15, 30)  # 3 ahead: (30, 60) shared by two advisors
    status = hub.client.get("/api/queue", headers=kiosk_headers).json()
    queue = tuple(status["wait_minutes"])
    assert status["advisors"] == 2  # the dashboard says what the estimate is shared by
    assert alone_queue == (60, 120) and queue == (20, 40)  # a new ticket: 4 ahead, then 6 shared by 2

    hub.clock.advance(minutes=31)  # nobody acted for half an hour and no dashboard is open
    assert _wait(hub, kiosk_headers, last) == (30, 60)
    assert hub.client.get("/api/queue", headers=kiosk_headers).json()["wait_minutes"] == [40, 80]


def test_a_paused_site_adds_the_return_time_to_the_shared_wait(hub, kiosk_headers, advisor):
    anne, csrf = advisor
    ids = [hub.create(kiosk_headers)["id"] for _ in range(5)]
    bruno, bruno_csrf = hub.advisor("bruno")
    _act(bruno, bruno_csrf, ids[0], "call")
    _act(anne, csrf, ids[1], "call")
    assert _wait(hub, kiosk_headers, ids[4]) == (10, 20)  # 2 ahead: (20, 40) shared by two
    paused = anne.post("/api/queue/pause", headers=csrf, json={"until": "15:30"})
    assert paused.status_code == 200
    assert _wait(hub, kiosk_headers, ids[4]) == (10 + 30, 20 + 30)  # back at 15:30; it is 15:00


def test_kiosk_positions_match_the_advisors_order(hub, kiosk_headers):
    client, csrf = hub.advisor("root", role="admin")  # acts on both sites' queues
    cs.save_site(hub.store, cs.Site("yutz", "Mission locale de Yutz", "", ""), hub.clock())
    yutz = hub.add_kiosk("borne-yutz")
    accounts_sql.save_kiosk(
        hub.store, "borne-yutz", accounts_sql.kiosk_token_hashes(hub.store)[-1][1], hub.clock(), "yutz"
    )
    chance = random.Random(4)
    made = []
    for _ in range(40):
        headers = yutz if chance.random() < 0.3 else kiosk_headers
        made.append((hub.create(headers)["id"], headers))
    for request_id, _headers in made:
        roll = chance.random()
        if roll < 0.3:
            assert (
                client.post(
                    f"/api/help-requests/{request_id}/priority", headers=csrf, json={"priority": True}
                ).status_code
                == 200
            )
        elif roll < 0.45:
            _act(client, csrf, request_id, "cancel")
    for site in ("main", "yutz"):
        listed = client.get(f"/api/help-requests?status=waiting&site={site}").json()
        assert len(listed) > 3  # the list view orders the whole line at once
        assert sorted(r["position"] for r in listed) == list(range(1, len(listed) + 1))
        for row in listed:
            headers = yutz if site == "yutz" else kiosk_headers
            alone = hub.client.get(f"/api/help-requests/{row['id']}", headers=headers).json()
            assert (alone["position"], alone["ahead"]) == (row["position"], row["ahead"]), row["id"]


def test_an_open_dashboard_counts_as_on_duty(live_hub):
    kiosk = live_hub.add_kiosk()
    session, _csrf = live_hub.advisor_session("anne")
    url = f"{live_hub.url}/api/help-requests"
    made = [requests.post(url, json={"topic": "papiers"}, headers=kiosk, timeout=5) for _ in range(5)]
    last = made[-1].json()["id"]

    def wait() -> tuple[int, int]:
        answer = requests.get(f"{live_hub.url}/api/help-requests/{last}", headers=kiosk, timeout=5)
        return tuple(answer.json()["wait_minutes"])

    assert wait() == (40, 80)  # nobody on duty is known: one advisor is assumed
    second, _csrf = live_hub.advisor_session("bruno")
    with (
        session.get(f"{live_hub.url}/api/events", stream=True, timeout=5) as one,
        second.get(f"{live_hub.url}/api/events", stream=True, timeout=5) as two,
    ):
        for stream in (one, two):
            assert next(sse_events(stream)).get("retry")  # the stream is open
        assert wait() == (20, 40)  # two dashboards open: two advisors share the line
