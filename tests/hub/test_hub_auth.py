"""Who may do what: anonymous, bad tokens, kiosks vs advisors, other kiosks, CSRF, login and throttling."""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from hub_helpers import PASSWORD, TestClient, login_csrf, session_csrf

from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.queue import sql as requests_sql
from kiosk.passwords import hash_password, verify_password


def test_anonymous_callers_get_401(hub, kiosk_headers):
    made = hub.create(kiosk_headers)
    anonymous = hub.client
    for method, path in (
        ("GET", "/api/help-requests"),
        ("GET", f"/api/help-requests/{made['id']}"),
        ("POST", f"/api/help-requests/{made['id']}/call"),
        ("GET", "/api/events"),
        ("POST", "/api/help-requests"),
    ):
        response = anonymous.request(method, path, json={"topic": "papiers"})
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"] == "Connexion requise."


@pytest.mark.parametrize(
    "header", ["Bearer not-a-token", "Bearer ", "Basic YW5uZTpzZWNyZXQ=", "Bearer " + "x" * 300, "Token abc"]
)
def test_bad_kiosk_tokens_get_401(hub, kiosk_headers, header):
    response = hub.client.post(
        "/api/help-requests", json={"topic": "papiers"}, headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert requests_sql.help_requests(hub.store) == []


def test_kiosk_tokens_are_refused_on_advisor_endpoints(hub, kiosk_headers):
    made = hub.create(kiosk_headers)
    for action in ("call", "start", "recall", "redirect"):
        response = hub.client.post(f"/api/help-requests/{made['id']}/{action}", headers=kiosk_headers)
        assert response.status_code == 403 and response.json()["detail"] == "Réservé aux conseillers."
    assert hub.client.post("/api/queue/pause", json={}, headers=kiosk_headers).status_code == 403
    assert hub.client.get("/api/help-requests", headers=kiosk_headers).status_code == 403
    assert hub.client.get("/api/events", headers=kiosk_headers).status_code == 403
    assert (
        hub.client.get(f"/api/help-requests/{made['id']}", headers=kiosk_headers).json()["status"]
        == "waiting"
    )


def test_a_kiosk_cancels_its_own_request_only(hub, kiosk_headers):
    made = hub.create(kiosk_headers, first_name="Zoé")
    other = hub.add_kiosk("borne-2")
    refused = hub.client.post(f"/api/help-requests/{made['id']}/cancel", headers=other)
    assert refused.status_code == 404 and "Zoé" not in refused.text
    cancelled = hub.client.post(f"/api/help-requests/{made['id']}/cancel", headers=kiosk_headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert "first_name" not in cancelled.json()  # the kiosk view, never the advisor's
    again = hub.client.post(f"/api/help-requests/{made['id']}/cancel", headers=kiosk_headers)
    assert again.status_code == 409


def test_a_kiosk_cannot_read_another_kiosks_request(hub, kiosk_headers):
    made = hub.create(kiosk_headers, first_name="Zoé")
    other = hub.add_kiosk("borne-2")
    response = hub.client.get(f"/api/help-requests/{made['id']}", headers=other)
    assert response.status_code == 404 and "Zoé" not in response.text


def test_advisors_cannot_create_requests_as_a_kiosk(hub, advisor):
    client, csrf = advisor
    response = client.post("/api/help-requests", json={"topic": "papiers"}, headers=csrf)
    assert response.status_code == 403 and response.json()["detail"] == "Réservé aux bornes."


def test_cookie_posts_need_the_session_csrf_token(hub, kiosk_headers, advisor):
    client, csrf = advisor
    made = hub.create(kiosk_headers)
    url = f"/api/help-requests/{made['id']}/call"
    assert client.post(url).status_code == 403
    assert (
        client.post(url, headers={"X-CSRF-Token": "forged"}).json()["detail"]
        == "Jeton CSRF manquant ou invalide."
    )
    other, other_csrf = hub.advisor("bruno")
    assert client.post(url, headers=other_csrf).status_code == 403  # another session's token
    assert client.post(url, headers=csrf).status_code == 200
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/api/help-requests").status_code == 200  # still logged in


def test_login_sets_a_strict_http_only_session_cookie(hub):
    hub.add_user()
    client = TestClient(hub.app)
    page = client.get("/login")
    assert page.status_code == 200 and "Identifiant" in page.text and "Mot de passe" in page.text
    done = hub.login(client)
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("kiosk_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    board = client.get("/")
    assert board.status_code == 200 and "<h1>File d'attente</h1>" in html.unescape(board.text)
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"


def test_session_cookie_is_secure_when_configured(config, clock, tmp_path):
    from kiosk.config import HubConfig
    from kiosk.hub.app import create_app

    secure = replace(config, hub=HubConfig(data_dir=str(tmp_path / "s"), secure_cookies=True))
    app = create_app(secure, clock=clock, environ={})
    accounts_sql.save_user(app.state.hub.store, "anne", "advisor", hash_password(PASSWORD), clock())
    with TestClient(app, base_url="https://testserver") as client:
        form = client.get("/login")
        done = client.post(
            "/login",
            data={"name": "anne", "password": PASSWORD, "csrf_token": login_csrf(form.text)},
            follow_redirects=False,
        )
    assert "Secure" in next(c for c in done.headers.get_list("set-cookie") if c.startswith("kiosk_session="))


@pytest.mark.parametrize(
    ("name", "password"),
    [("anne", "mauvais-mot-de-passe"), ("personne", PASSWORD), ("", ""), ("anne", "x" * 5000)],
)
def test_wrong_logins_get_one_french_message(hub, name, password):
    hub.add_user()
    client = TestClient(hub.app)
    response = hub.login(client, name, password)
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in response.text
    assert "kiosk_session" not in client.cookies


def test_login_form_needs_its_csrf_cookie(hub):
    hub.add_user()
    client = TestClient(hub.app)
    response = client.post("/login", data={"name": "anne", "password": PASSWORD, "csrf_token": "x"})
    assert response.status_code == 403 and "La page a expiré" in response.text


def test_wrong_passwords_slow_the_guesser_with_growing_delays(hub):
    hub.add_user()
    guesser = TestClient(hub.app)
    assert [hub.login(guesser, "anne", "pas-le-bon-mot").status_code for _ in range(3)] == [401] * 3
    waits = []
    for _ in range(4):
        slowed = hub.login(guesser, "anne", PASSWORD)  # even the right password waits its turn
        assert slowed.status_code == 429 and "Trop d'essais" in html.unescape(slowed.text)
        waits.append(int(slowed.headers["retry-after"]))
        hub.clock.advance(seconds=waits[-1])
        assert hub.login(guesser, "anne", "encore-faux").status_code == 401
    assert waits == [1, 2, 4, 8]
    hub.clock.advance(seconds=16)
    assert hub.login(guesser, "anne", PASSWORD).status_code == 303


def test_a_stranger_cannot_lock_the_owner_out_of_a_known_browser(hub):
    hub.add_user()
    phone = TestClient(hub.app)
    assert hub.login(phone, "anne", PASSWORD).status_code == 303  # the advisor's phone, once
    phone.cookies.delete("kiosk_session")
    stranger = TestClient(hub.app)  # same address in the test client: the worst case
    for _ in range(40):
        hub.login(stranger, "anne", "devine-devine")
        hub.clock.advance(seconds=1)
    assert hub.login(stranger, "anne", PASSWORD).status_code == 429
    assert hub.login(phone, "anne", PASSWORD).status_code == 303
    newcomer = TestClient(hub.app)  # a browser that never logged in pays the address's failures
    assert hub.login(newcomer, "anne", PASSWORD).status_code == 429


def test_logout_ends_the_session(hub, advisor):
    client, csrf = advisor
    page = client.get("/")
    done = client.post("/logout", data={"csrf_token": session_csrf(page.text)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/api/help-requests").status_code == 401
    other, _csrf = hub.advisor("bruno")
    assert other.get("/logout", follow_redirects=False).status_code == 303
    assert other.get("/api/help-requests").status_code == 401


def test_sessions_expire_and_password_resets_close_them(hub, advisor):
    client, _csrf = advisor
    hub.clock.advance(hours=11)
    assert client.get("/api/help-requests").status_code == 200
    hub.clock.advance(hours=1, seconds=1)
    assert client.get("/api/help-requests").status_code == 401
    other, _csrf = hub.advisor("bruno")
    hub.add_user("bruno", "un-autre-mot-de-passe")
    assert other.get("/api/help-requests").status_code == 401


def test_dashboard_needs_login_and_sends_security_headers(hub):
    response = hub.client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    page = hub.client.get("/login")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    assert hub.client.get("/static/dashboard.js").headers["content-type"].startswith("text/javascript")
    assert hub.client.get("/static/__init__.py").status_code == 404
    assert "http" not in hub.client.get("/static/dashboard.css").text  # no CDN, no remote fonts


def test_secrets_are_stored_hashed(hub, config):
    headers = hub.add_kiosk()
    hub.add_user()
    token = headers["Authorization"].split()[1]
    raw = (config.data_dir / "hub.sqlite3").read_bytes()
    assert token.encode() not in raw and PASSWORD.encode() not in raw
    stored = accounts_sql.user_by_name(hub.store, "anne").password_hash
    assert stored.startswith("scrypt$") and verify_password(PASSWORD, stored)
    assert not verify_password("autre-chose-123", stored)
    assert not verify_password(PASSWORD, "md5$abc") and not verify_password(PASSWORD, "garbage")
    assert hash_password(PASSWORD) != hash_password(PASSWORD)  # salted
