"""« Done means » of the queue console, at hub level: two kiosks on two sites and two advisors run an
afternoon — needs shown, a redirect, a no-show, a pause the kiosk shows, the cut-off near closing — then
the CSV export opens as a French spreadsheet would read it, with the right durations and themes."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.queue import console_sql as cs

PARIS_15H = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def test_an_afternoon_on_two_sites_ends_in_a_spreadsheet(hub):
    clock = hub.clock
    clock.moment = PARIS_15H
    hub.app.state.hub.console.sessions = lambda now: []  # opening hours come from the sites
    cs.save_site(hub.store, cs.Site("main", "Médiathèque de la Côte des Roses", "", "17:00"), clock())
    cs.save_site(hub.store, cs.Site("yutz", "Mission locale de Yutz", "", "17:30"), clock())
    roses = hub.add_kiosk("borne-roses")
    yutz = hub.add_kiosk("borne-yutz")
    token_hash = dict(accounts_sql.kiosk_token_hashes(hub.store))["borne-yutz"]
    accounts_sql.save_kiosk(hub.store, "borne-yutz", token_hash, clock(), "yutz")
    anne, anne_csrf = hub.advisor("anne")
    bruno, bruno_csrf = hub.advisor("bruno")
    admin_sql.set_user_site(hub.store, "bruno", "yutz")

    def act(who, csrf, request_id, action, body=None):
        answer = who.post(f"/api/help-requests/{request_id}/{action}", headers=csrf, json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    # 15:00 — Zoé, who hears badly, asks for help with her papers at the médiathèque.
    zoe = hub.create(roses, "papiers", first_name="Zoé", needs=["hearing"])
    # 15:02 — someone at Yutz asks about e-mails.
    clock.advance(minutes=2)
    mail = hub.create(yutz, "emails")
    assert [r["ticket"] for r in anne.get("/api/help-requests?status=open&site=main").json()] == [
        zoe["ticket"]
    ]
    seen = anne.get(f"/api/help-requests/{zoe['id']}").json()
    assert seen["first_name"] == "Zoé" and seen["needs"] == ["hearing"]  # the advisor walks over

    # 15:05 Anne calls Zoé; 15:07 starts; 15:27 done: 22 minutes from the call.
    clock.advance(minutes=3)
    act(anne, anne_csrf, zoe["id"], "call")
    clock.advance(minutes=2)
    act(anne, anne_csrf, zoe["id"], "start")
    clock.advance(minutes=20)
    act(anne, anne_csrf, zoe["id"], "done")
    draft = anne.get(f"/api/help-requests/{zoe['id']}/activity").json()
    assert (draft["duration_min"], draft["theme"]) == (22, "aide_aux_demarches_administratives")
    confirmed = anne.put(
        f"/api/help-requests/{zoe['id']}/activity",
        headers=anne_csrf,
        json={
            **{k: draft[k] for k in ("duration_min", "theme", "note", "redirection")},
            "equipment": ["ordinateur"],
            "autonomy": "entierement_accompagne",
        },
    )
    assert confirmed.status_code == 200

    # Bruno calls the Yutz e-mail ticket twice; nobody comes: no-show.
    act(bruno, bruno_csrf, mail["id"], "call")
    clock.advance(minutes=3)
    act(bruno, bruno_csrf, mail["id"], "recall")
    clock.advance(minutes=3)
    assert act(bruno, bruno_csrf, mail["id"], "no-show")["status"] == "no_show"

    # 15:33 — a CV question at the médiathèque: Anne sends it to Bruno at the mission locale.
    cv = hub.create(roses, "emploi")
    clock.advance(minutes=1)
    act(anne, anne_csrf, cv["id"], "redirect", {"site": "yutz", "advisor": "bruno"})
    at_yutz = bruno.get("/api/help-requests?status=waiting&site=yutz").json()
    assert [(r["ticket"], r["assigned_to"]) for r in at_yutz] == [(cv["ticket"], "bruno")]
    assert hub.client.get(f"/api/help-requests/{cv['id']}", headers=roses).json()["site_id"] == "yutz"
    clock.advance(minutes=1)
    act(bruno, bruno_csrf, cv["id"], "call")
    clock.advance(minutes=30)
    act(bruno, bruno_csrf, cv["id"], "start")  # from called: the 30 min count from the call
    act(bruno, bruno_csrf, cv["id"], "done")

    # 16:05 — Anne goes to a workshop until 16:30: the médiathèque's kiosk says so, tickets keep their place.
    clock.moment = datetime(2026, 11, 27, 15, 5, tzinfo=UTC)
    assert anne.post("/api/queue/pause", headers=anne_csrf, json={"until": "16:30"}).status_code == 200
    status = hub.client.get("/api/queue", headers=roses).json()
    assert status["away_message"] == "Le conseiller est absent jusqu'à 16 h 30."
    assert hub.client.get("/api/queue", headers=yutz).json()["away"] is False  # Bruno is there
    waiting = hub.create(roses, "internet")
    assert waiting["position"] == 1 and waiting["away_until"] == "2026-11-27T15:30:00Z"
    assert waiting["wait_minutes"][0] >= 25  # at least until Anne is back
    clock.moment = datetime(2026, 11, 27, 15, 31, tzinfo=UTC)
    assert anne.post("/api/queue/resume", headers=anne_csrf, json={}).json()["away"] is False

    # 16:40 — two people wait, the médiathèque closes at 17:00: no new ticket.
    clock.moment = datetime(2026, 11, 27, 15, 40, tzinfo=UTC)
    hub.create(roses, "imprimer")
    status = hub.client.get("/api/queue", headers=roses).json()
    assert status["waiting"] == 2 and status["accepting"] is False
    assert status["message"] == "Le conseiller ne pourra plus recevoir personne aujourd'hui."
    assert hub.client.get("/api/queue", headers=yutz).json()["accepting"] is True  # Yutz closes later

    # The export: what LibreOffice or Excel opens, in La Coop's columns, anonymous.
    export = anne.get("/statistics/activities.csv?start=2026-11-27&end=2026-11-27")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    raw = export.content
    assert raw.startswith("\ufeff".encode())  # the BOM tells Excel it is UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, lines = rows[0], rows[1:]
    assert header[:7] == [
        "Date",
        "Type",
        "Nombre de participants",
        "Bénéficiaire",
        "Canaux d’accompagnement",
        "Lieu",
        "Durée (min)",
    ]
    col = {name: header.index(name) for name in header}
    got = sorted(
        (r[col["Lieu"]], r[col["Durée (min)"]], r[col["Thématique(s) d’accompagnement"]]) for r in lines
    )
    assert got == [
        ("Mission locale de Yutz", "30", "Insertion professionnelle"),
        ("Médiathèque de la Côte des Roses", "22", "Aide aux démarches administratives"),
    ]
    zoe_line = next(r for r in lines if r[col["Durée (min)"]] == "22")
    assert (
        zoe_line[col["Date"]] == "27/11/2026" and zoe_line[col["Matériel numérique utilisé"]] == "Ordinateur"
    )
    assert zoe_line[col["Niveau d’autonomie (ou de l’atelier)"]] == "1/3"
    assert zoe_line[col["Bénéficiaire"]] == "Anonyme"
    assert "Zoé" not in raw.decode("utf-8-sig")

    # The statistics say the same, anonymously: one no-show out of three ends.
    page = anne.get("/statistics?start=2026-11-27&end=2026-11-27").text
    assert re.search(r'id="total">5<', page) and re.search(r'id="noshow">33 %<', page)
    assert "Zoé" not in page and "<svg" in page and "Insertion professionnelle" in page
    actions = {(who, action) for _at, who, action, _t, _d in admin_sql.audit_entries(hub.store)}
    assert {("anne", "redirect"), ("bruno", "no-show"), ("anne", "pause"), ("anne", "export")} <= actions
