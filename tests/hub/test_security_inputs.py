"""Attacks on input and errors: huge ids, year-1 dates, 500s, unknown kiosks, password limits."""

from __future__ import annotations

import json

import pytest
from hub_helpers import PASSWORD, TestClient, session_csrf

from kiosk import passwords
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.web.errors import SECURITY_HEADERS

HUGE = 2**64
APPOINTMENT = {"first_name": "Zoé", "start": "2026-12-03T10:15:00+01:00", "place": "Bureau 2"}


def _form_csrf(client: TestClient) -> str:
    return session_csrf(client.get("/").text)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", f"/staff/inscriptions/{HUGE}/cancel"),
        ("post", f"/staff/impressions/{HUGE}/retry"),
        ("get", f"/staff/impressions/{HUGE}/apercu.png"),
        ("get", f"/staff/impressions?done={HUGE}"),
        ("get", f"/api/help-requests/{HUGE}"),
        ("post", f"/api/print-jobs/{HUGE}/retry"),
        ("post", f"/api/registrations/{HUGE}/cancel"),
        ("get", f"/api/help-requests/{-HUGE}"),
    ],
)
def test_ids_beyond_64_bits_are_refused_not_crashed(hub, advisor, method, path):
    client, csrf = advisor
    if method == "post":
        answer = client.post(path, headers=csrf, data={"csrf_token": csrf["X-CSRF-Token"]})
    else:
        answer = client.get(path)
    assert answer.status_code in (404, 422), answer.text


def test_a_year_one_appointment_is_refused_and_an_old_one_does_not_break_the_page(hub, advisor):
    client, csrf = advisor
    hub.add_kiosk("borne-1")
    body = {"kiosk_id": "borne-1", "appointment": {**APPOINTMENT, "start": "0001-01-01T00:00:00+01:00"}}
    assert client.post("/api/print-jobs", json=body, headers=csrf).status_code == 422
    form = {"csrf_token": csrf["X-CSRF-Token"], "kiosk_id": "borne-1", "day": "0001-01-01", "at": "00:00"}
    refused = client.post("/staff/impressions", data={**form, "place": "Bureau"}, follow_redirects=False)
    assert refused.status_code == 303 and "error=" in refused.headers["location"]
    # A job stored before the check (or by another version) must not take the page down for everyone.
    old = {**APPOINTMENT, "start": "0001-01-01T00:00:00+01:00"}
    with hub.store.transaction() as c:
        c.execute(
            "INSERT INTO print_jobs (kiosk_id, kind, payload, status, created_by, created_at) "
            "VALUES ('borne-1', 'appointment', ?, 'pending', 'anne', '2026-11-27T14:00:00Z')",
            (json.dumps(old),),
        )
        job_id = c.execute("SELECT max(id) FROM print_jobs").fetchone()[0]
    page = client.get("/staff/impressions")
    assert page.status_code == 200 and "Zoé" in page.text
    assert client.get(f"/staff/impressions/{job_id}/apercu.png").status_code == 404


def test_a_print_job_needs_a_kiosk_in_service(hub, advisor):
    client, csrf = advisor
    body = {"kiosk_id": "borne-fantome", "appointment": APPOINTMENT}
    answer = client.post("/api/print-jobs", json=body, headers=csrf)
    assert answer.status_code == 404 and answer.json()["detail"] == "Cette borne n'existe pas."
    assert client.get("/api/print-jobs").json() == []


def test_an_unexpected_error_is_a_plain_500_with_the_security_headers(hub):
    def boom() -> None:
        raise RuntimeError("secret detail")

    hub.app.add_api_route("/boom", boom)
    answer = TestClient(hub.app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500 and "secret detail" not in answer.text
    assert "Erreur interne du hub" in answer.text
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value


def test_refusals_carry_the_security_headers_and_pages_get_html(hub, advisor):
    client, _csrf = advisor
    page = client.get("/staff/impressions/99/apercu.png", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Impression introuvable." in page.text
    api = hub.client.get("/api/help-requests/1")
    assert api.status_code == 401 and api.json()["detail"] == "Connexion requise."
    for answer in (page, api):
        assert answer.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_one_password_length_limit_everywhere(hub):
    admin, csrf = hub.advisor("root", role="admin")
    token = csrf["X-CSRF-Token"]
    longest = "x" * passwords.MAX_PASSWORD_LENGTH
    for password, saved in (("y" * 1024, False), (longest, True)):
        admin.post(
            "/admin/users",
            data={"csrf_token": token, "name": "bruno", "role": "advisor", "password": password},
        )
        assert (accounts_sql.user_by_name(hub.store, "bruno") is not None) is saved
    assert hub.login(TestClient(hub.app), "bruno", longest).status_code == 303  # what is accepted logs in
    assert hub.login(TestClient(hub.app), "bruno", longest + "x").status_code == 401


def test_production_scrypt_cost_and_rehash_on_login(hub, monkeypatch):
    hub.add_user("anne")  # made at the tests' cheap cost, like an account from an older version
    cheap = accounts_sql.user_by_name(hub.store, "anne").password_hash
    monkeypatch.setattr(passwords, "SCRYPT_N", 2**17)
    monkeypatch.undo()  # the module's own value is the production one
    assert passwords.SCRYPT_N == 2**17 and passwords.SCRYPT_R == 8 and passwords.SCRYPT_P == 1
    monkeypatch.setattr(passwords, "SCRYPT_N", 2**17)
    assert cheap.startswith("scrypt$16384$") and passwords.needs_rehash(cheap)
    client = TestClient(hub.app)
    assert hub.login(client, "anne").status_code == 303
    upgraded = accounts_sql.user_by_name(hub.store, "anne").password_hash
    assert upgraded.startswith("scrypt$131072$8$1$") and passwords.verify_password(PASSWORD, upgraded)
    assert client.get("/api/help-requests").status_code == 200  # the session survived the upgrade


def test_the_dashboard_says_when_the_connection_is_not_encrypted(hub, advisor):
    client, _csrf = advisor  # the in-process client is not on the hub's own machine (not loopback)
    page = client.get("/").text
    assert 'id="unencrypted"' in page and "Connexion non chiffrée" in page


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_refused_not_crashed(hub, advisor, kiosk_headers, day):
    client, _csrf = advisor
    for page in (
        f"/statistics?start={day}&end={day}",
        f"/statistics?end={day}",
        "/statistics/activities.csv",
    ):
        assert client.get(page + ("" if "?" in page else f"?end={day}")).status_code == 200, page
    for query in (f"from={day}", f"to={day}", f"from={day}&to={day}"):
        answer = hub.client.get(f"/api/agenda?{query}", headers=kiosk_headers)
        assert answer.status_code == 422, query
