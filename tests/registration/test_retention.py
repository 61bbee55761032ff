"""Privacy promises kept by the hub itself: over 30 days of nothing but kiosk polls, the retention timer
erases every first name, need and phone at its date (README, Privacy, lists the dates proven here)."""

from __future__ import annotations

import time
from datetime import date

from hub_helpers import TestClient
from registration_agenda import MAILS

from kiosk.hub.app import create_app

NAMES = {"help request": "Zoé", "waiting forever": "Ali", "registration": "Bernard", "print job": "Lucienne"}
PHONE = "0612345678"


def _dump(hub) -> str:
    with hub.store.transaction() as conn:
        return "\n".join(conn.iterdump())


def _seed(hub) -> tuple[dict[str, str], int]:
    kiosk = hub.add_kiosk("borne-1")
    hub.add_kiosk("borne-eteinte")  # switched off: its job is never pulled
    advisor, csrf = hub.advisor("anne")
    served = hub.create(kiosk, first_name="Zoé", needs=["sight"])
    forgotten = hub.create(kiosk, first_name="Ali")  # nobody ever closes it
    for action in ("call", "start", "done"):
        assert advisor.post(f"/api/help-requests/{served['id']}/{action}", headers=csrf).status_code == 200
    body = {"session_id": MAILS, "first_name": "Bernard", "phone": "06 12 34 56 78"}
    assert hub.client.post("/api/registrations", json=body, headers=kiosk).status_code == 201
    job = {"first_name": "Lucienne", "start": "2026-12-03T10:15:00+01:00", "place": "Bureau 2"}
    answer = advisor.post(
        "/api/print-jobs", json={"kiosk_id": "borne-eteinte", "appointment": job}, headers=csrf
    )
    assert answer.status_code == 201
    return kiosk, forgotten["id"]


def test_thirty_days_of_kiosk_polls_leave_no_name_or_phone(hub):
    kiosk, forgotten = _seed(hub)
    before = _dump(hub)
    assert all(name in before for name in NAMES.values()) and PHONE in before  # the scan can fail
    erased_on: dict[str, date] = {}
    for _day in range(30):
        for _poll in range(3):
            hub.clock.advance(hours=8)
            assert hub.client.get("/api/queue", headers=kiosk).status_code == 200
            assert hub.client.get(f"/api/help-requests/{forgotten}", headers=kiosk).status_code == 200
            assert hub.client.get("/api/print-jobs/next", headers=kiosk).status_code == 204
            hub.app.state.retention.run_once()  # what the timer does every 10 minutes
            dumped = _dump(hub)
            for kind, name in NAMES.items():
                if name not in dumped:
                    erased_on.setdefault(kind, hub.clock().date())
            if PHONE not in dumped:
                erased_on.setdefault("phone", hub.clock().date())
    dumped = _dump(hub)
    assert not any(name in dumped for name in NAMES.values()) and PHONE not in dumped
    # The dates README promises, with retention_days = 1 (the default); the clock starts Fri 27 Nov.
    assert erased_on["help request"] <= date(2026, 11, 28)  # the end of the request's day
    assert erased_on["waiting forever"] <= date(2026, 11, 29)  # a day after it was made, closed or not
    assert erased_on["print job"] <= date(2026, 11, 29)  # never printed: a day after it was made
    assert erased_on["registration"] <= date(2026, 12, 5) and erased_on["phone"] <= date(2026, 12, 5)
    assert erased_on["registration"] > date(2026, 12, 3)  # kept until the workshop is over


def test_the_timer_runs_by_itself_while_the_hub_is_up(config):
    app = create_app(config, purge_every_s=0.05)
    with TestClient(app):
        deadline = time.monotonic() + 5
        while app.state.retention.runs < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert app.state.retention.runs >= 3
    runs = app.state.retention.runs
    time.sleep(0.2)
    assert app.state.retention.runs == runs  # stopped with the hub
