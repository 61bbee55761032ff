"""Kiosk health the advisor can see: a kiosk reports version, uptime, screen, clock and its printer;
older kiosks' reports still work; a kiosk silent for 3 minutes is shown on the dashboard."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from hub_helpers import Hub

OLD_BODY = {"printer_uri": "network://10.0.0.9:9100", "online": True, "paper": "ok", "last_error": ""}
NEW_BODY = {**OLD_BODY, "version": "0.1.0", "uptime_s": 3720, "screen": "attract", "clock": "wrong"}


def section(client: TestClient, section_id: str) -> str:
    found = re.search(rf'<section id="{section_id}".*?</section>', client.get("/").text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split()) if found else ""


def test_a_report_stores_what_the_kiosk_says_of_itself_and_an_older_kiosks_report_still_works(hub: Hub):
    kiosk = hub.add_kiosk("borne-1")
    answer = hub.client.post("/api/kiosks/health", headers=kiosk, json=OLD_BODY)
    assert answer.status_code == 200
    assert answer.json()["version"] is None and answer.json()["screen"] is None
    answer = hub.client.post("/api/kiosks/health", headers=kiosk, json=NEW_BODY)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["version"], body["uptime_s"], body["screen"], body["clock"]) == (
        "0.1.0",
        3720,
        "attract",
        "wrong",
    )
    assert body["reported_at"]  # the hub's clock: the kiosk compares it with its own
    # A report about the printer only (after a failed slip) keeps what the kiosk said of itself.
    hub.client.post("/api/kiosks/health", headers=kiosk, json={**OLD_BODY, "online": False})
    advisor, _csrf = hub.advisor("anne")
    listed = advisor.get("/api/kiosks/health").json()
    assert [(k["kiosk_id"], k["online"], k["screen"], k["uptime_s"]) for k in listed] == [
        ("borne-1", False, "attract", 3720)
    ]  # the printer-only report kept the rest
    assert "Borne « borne-1 » : l'imprimante ne répond pas." in section(
        advisor, "printer-problems"
    )  # the printer first; once it answers, the clock
    hub.client.post("/api/kiosks/health", headers=kiosk, json=OLD_BODY)
    assert "Borne « borne-1 » : son horloge est fausse, les tickets sortent sans la date." in section(
        advisor, "printer-problems"
    )
    page = advisor.get("/staff/impressions").text
    assert "version 0.1.0 · allumée depuis 1 h 02 · écran d'accueil · horloge fausse" in html.unescape(page)


def test_bad_values_are_refused(hub: Hub):
    kiosk = hub.add_kiosk("borne-1")
    for bad in ({"screen": "dim"}, {"uptime_s": -1}, {"clock": "late"}, {"version": "x" * 41}):
        assert (
            hub.client.post("/api/kiosks/health", headers=kiosk, json={**OLD_BODY, **bad}).status_code == 422
        )


def test_a_kiosk_silent_for_three_minutes_is_shown_on_the_dashboard(hub: Hub):
    kiosk1, kiosk2 = hub.add_kiosk("borne-1"), hub.add_kiosk("borne-2")
    advisor, _csrf = hub.advisor("anne")
    for kiosk in (kiosk1, kiosk2):
        hub.client.post("/api/kiosks/health", headers=kiosk, json=NEW_BODY)
    hub.clock.advance(minutes=2)
    hub.client.post("/api/kiosks/health", headers=kiosk1, json=NEW_BODY)
    assert section(advisor, "silent-kiosks") == ""
    hub.clock.advance(minutes=1, seconds=30)  # borne-2: 3 min 30 s without a report; borne-1: 1 min 30 s
    text = section(advisor, "silent-kiosks")
    assert text.startswith("Borne silencieuse")
    assert "Borne « borne-2 » : plus de nouvelles depuis" in text and "Vérifiez qu'elle est allumée." in text
    assert "borne-1" not in text
    hub.client.post("/api/kiosks/health", headers=kiosk2, json=OLD_BODY)  # back: no longer listed
    assert section(advisor, "silent-kiosks") == ""


def test_the_kiosk_boxes_fragment_needs_a_login_and_follows_the_reports(hub: Hub):
    assert hub.client.get("/kiosk-problems").status_code == 401
    kiosk = hub.add_kiosk("borne-1")
    hub.client.post("/api/kiosks/health", headers=kiosk, json=NEW_BODY)
    advisor, _csrf = hub.advisor("anne")
    assert 'id="silent-kiosks"' not in advisor.get("/kiosk-problems").text
    hub.clock.advance(minutes=4)
    fragment = html.unescape(advisor.get("/kiosk-problems").text)
    assert 'id="silent-kiosks"' in fragment and "Borne « borne-1 » : plus de nouvelles depuis" in fragment
