"""The queue console through the HTTP API: needs and lessons shown to advisors, bounded priority,
redirects to another site or advisor, pause « absent jusqu'à 15 h », the cut-off, the CRA draft."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import DEFAULT_SITE
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql


def _act(client, csrf, request_id, action, body=None):
    return client.post(f"/api/help-requests/{request_id}/{action}", headers=csrf, json=body)


def test_needs_and_lesson_reach_the_advisor_but_not_the_kiosk(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(
        kiosk_headers, needs=["hearing", "time"], lesson_id="envoyer-un-email", step_id="piece-jointe"
    )
    assert "needs" not in made and "lesson_id" not in made
    seen = client.get(f"/api/help-requests/{made['id']}").json()
    assert seen["needs"] == ["hearing", "time"]
    assert (seen["lesson_id"], seen["step_id"]) == ("envoyer-un-email", "piece-jointe")
    bad = hub.client.post(
        "/api/help-requests", json={"topic": "emails", "lesson_id": "Pas En Kebab"}, headers=kiosk_headers
    )
    assert bad.status_code == 422


def test_priority_passes_at_most_two_people(hub, kiosk_headers, advisor):
    client, csrf = advisor
    ids = [hub.create(kiosk_headers)["id"] for _ in range(5)]
    for request_id in ids[3:]:  # the 4th and 5th arrivals are marked priority
        answer = client.post(
            f"/api/help-requests/{request_id}/priority", headers=csrf, json={"priority": True}
        )
        assert answer.status_code == 200 and answer.json()["priority"] is True
    waiting = client.get("/api/help-requests?status=waiting").json()
    order = [r["id"] for r in sorted(waiting, key=lambda r: r["position"])]
    # 4 passes 2 and 3; 5 passes 3 and 4 would be 3 places, so only 2: the first never moves back.
    assert order == [ids[0], ids[3], ids[1], ids[4], ids[2]]
    first = hub.client.get(f"/api/help-requests/{ids[0]}", headers=kiosk_headers).json()
    assert first["position"] == 1  # no one ever passes more than two people
    third = hub.client.get(f"/api/help-requests/{ids[2]}", headers=kiosk_headers).json()
    assert third["position"] == 5 and third["ahead"] == 4


def test_redirect_to_another_site_and_advisor_keeps_the_arrival_rank(hub, kiosk_headers, advisor):
    client, csrf = advisor
    cs.save_site(hub.store, cs.Site("yutz", "Mission locale de Yutz", "", ""), hub.clock())
    yutz_kiosk = hub.add_kiosk("borne-yutz")
    accounts_sql.save_kiosk(
        hub.store, "borne-yutz", accounts_sql.kiosk_token_hashes(hub.store)[-1][1], hub.clock(), "yutz"
    )
    hub.add_user("bruno")
    early = hub.create(kiosk_headers)
    late = hub.create(yutz_kiosk, "emails")
    assert late["site_id"] == "yutz" and late["position"] == 1
    _act(client, csrf, early["id"], "call")
    moved = _act(client, csrf, early["id"], "redirect", {"site": "yutz", "advisor": "bruno"})
    assert moved.status_code == 200
    body = moved.json()
    assert (body["status"], body["site_id"], body["assigned_to"], body["redirect_count"]) == (
        "waiting",
        "yutz",
        "bruno",
        1,
    )
    assert body["position"] == 1  # it came first: it stays ahead of the Yutz newcomer
    assert hub.client.get(f"/api/help-requests/{late['id']}", headers=yutz_kiosk).json()["position"] == 2
    assert _act(client, csrf, late["id"], "call").status_code == 403  # Yutz's queue is not hers
    third = hub.create(kiosk_headers)
    unknown = _act(client, csrf, third["id"], "redirect", {"site": "nulle-part"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["msg"] == "Ce site n'existe pas."
    only_yutz = client.get("/api/help-requests?status=open&site=yutz").json()
    assert {r["id"] for r in only_yutz} == {early["id"], late["id"]}
    assert [r["id"] for r in client.get(f"/api/help-requests?status=open&site={DEFAULT_SITE}").json()] == [
        third["id"]
    ]


def test_pause_until_shows_on_kiosks_and_delays_the_wait(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers)
    # 14:00 UTC is 15:00 in Paris: away until 15:30 local.
    paused = client.post("/api/queue/pause", headers=csrf, json={"until": "15:30"}).json()
    assert paused["away"] is True and paused["away_until"] == "2026-11-27T14:30:00Z"
    assert paused["away_message"] == "Le conseiller est absent jusqu'à 15 h 30."
    seen = hub.client.get("/api/queue", headers=kiosk_headers).json()
    assert seen["away_message"] == "Le conseiller est absent jusqu'à 15 h 30." and seen["accepting"]
    mine = hub.client.get(f"/api/help-requests/{made['id']}", headers=kiosk_headers).json()
    assert mine["position"] == 1 and mine["away_until"] == "2026-11-27T14:30:00Z"
    assert mine["wait_minutes"] == [30, 30]  # nobody ahead, but the advisor is back in 30 min
    hub.clock.advance(minutes=31)  # past 15:30: present again by itself
    assert hub.client.get("/api/queue", headers=kiosk_headers).json()["away"] is False
    client.post("/api/queue/pause", headers=csrf, json={})
    assert hub.client.get("/api/queue", headers=kiosk_headers).json()["away_message"] == (
        "Le conseiller est absent pour le moment."
    )
    resumed = client.post("/api/queue/resume", headers=csrf, json={}).json()
    assert resumed["away"] is False and resumed["away_message"] == ""
    actions = [a for _at, _who, a, _t, _d in admin_sql.audit_entries(hub.store)]
    assert actions[:3] == ["resume", "pause", "pause"]


def test_cut_off_near_the_end_of_the_drop_in(hub, kiosk_headers):
    ends = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # 17:00 in Paris
    drop_in = SimpleNamespace(
        start=ends - timedelta(hours=1), end=ends, kind="permanence", place="Médiathèque"
    )
    hub.app.state.hub.console.sessions = lambda now: [drop_in]
    hub.clock.moment = ends - timedelta(minutes=50)
    status = hub.client.get("/api/queue", headers=kiosk_headers).json()
    assert status["accepting"] and status["ends_at"] == "2026-11-27T16:00:00Z"
    for _ in range(2):
        hub.create(kiosk_headers)
    status = hub.client.get("/api/queue", headers=kiosk_headers).json()
    # Two people ahead: 20 to 40 min, 30 in the middle, + 5 for the newcomer, 50 min left: still open.
    assert status["wait_minutes"] == [20, 40] and status["accepting"]
    hub.clock.advance(minutes=20)
    status = hub.client.get("/api/queue", headers=kiosk_headers).json()
    assert not status["accepting"]
    assert status["message"] == "Le conseiller ne pourra plus recevoir personne aujourd'hui."
    hub.clock.advance(hours=2)  # the drop-in is over and no closing hour is known: no cut-off
    assert hub.client.get("/api/queue", headers=kiosk_headers).json()["ends_at"] is None


def test_done_drafts_the_cra_line_and_one_put_confirms_it(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers, "emails", first_name="Zoé")
    assert client.get(f"/api/help-requests/{made['id']}/activity").status_code == 404
    _act(client, csrf, made["id"], "call")
    hub.clock.advance(minutes=2)
    _act(client, csrf, made["id"], "start")
    hub.clock.advance(minutes=22, seconds=10)
    _act(client, csrf, made["id"], "done")
    draft = client.get(f"/api/help-requests/{made['id']}/activity").json()
    assert (draft["duration_min"], draft["theme"], draft["day"], draft["confirmed"]) == (
        25,
        "email",
        "2026-11-27",
        False,
    )
    assert draft["place"] == "Médiathèque (démonstration)" and draft["advisor"] == "anne"
    body = {k: draft[k] for k in ("duration_min", "theme", "equipment", "autonomy", "redirection", "note")}
    same = client.put(f"/api/help-requests/{made['id']}/activity", headers=csrf, json=body)
    assert same.status_code == 200 and same.json()["confirmed"] is True
    body.update(equipment=["telephone"], autonomy="partiellement_autonome", theme="banque")
    refused = client.put(f"/api/help-requests/{made['id']}/activity", headers=csrf, json=body)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "theme"]
    body["theme"] = "banque_et_achats_en_ligne"
    changed = client.put(f"/api/help-requests/{made['id']}/activity", headers=csrf, json=body).json()
    assert changed["equipment"] == ["telephone"] and changed["theme"] == "banque_et_achats_en_ligne"
    assert "Zoé" not in str(cs.activities(hub.store, "2026-11-27", "2026-11-27"))


@pytest.mark.parametrize(("retention", "erased_at"), [(1, "2026-11-28T00:00:00+01:00"), (0, None)])
def test_first_names_and_needs_are_erased_after_the_day(hub, kiosk_headers, advisor, retention, erased_at):
    client, csrf = advisor
    desk = hub.app.state.hub.desk
    desk.config = replace(desk.config, hub=replace(desk.config.hub, retention_days=retention))
    made = hub.create(kiosk_headers, first_name="Zoé", needs=["sight"])
    waiting = hub.create(kiosk_headers, first_name="Ali")
    _act(client, csrf, made["id"], "cancel")
    limit = desk.personal_data_limit(hub.clock())
    if erased_at is not None:
        assert limit.isoformat() == "2026-11-27T00:00:00+01:00"
        hub.clock.moment = datetime.fromisoformat(erased_at) + timedelta(minutes=1)
    desk.purge(hub.clock())
    assert requests_sql.help_request(hub.store, made["id"]).first_name == ""
    assert requests_sql.help_request(hub.store, made["id"]).needs == ()
    assert requests_sql.help_request(hub.store, waiting["id"]).first_name == "Ali"  # still waiting: kept
