"""Roles, the admin page (accounts, revocable kiosk tokens, sites), the CLI's --site, the public display."""

from __future__ import annotations

import io
import re

from hub_helpers import PASSWORD, TestClient, session_csrf

from kiosk.config import Config, HubConfig
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.admin.accounts import add_kiosk_command, add_user_command, open_store
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.queue import console_sql as cs


def _admin(hub) -> tuple[TestClient, str]:
    hub.add_user("alice", role="admin")
    client = TestClient(hub.app)
    assert hub.login(client, "alice").status_code == 303
    return client, session_csrf(client.get("/").text)


def test_only_admins_reach_the_admin_page(hub, advisor):
    client, _csrf = advisor
    assert client.get("/admin").status_code == 403
    assert hub.client.get("/admin", follow_redirects=False).status_code == 303  # anonymous: to /login
    admin, _token = _admin(hub)
    page = admin.get("/admin")
    assert page.status_code == 200 and "Comptes" in page.text and "Journal" in page.text
    assert 'href="/admin"' in admin.get("/").text  # the link shows for admins only
    assert 'href="/admin"' not in client.get("/").text


def test_admin_manages_accounts_kiosks_and_sites(hub):
    admin, csrf = _admin(hub)
    made = admin.post(
        "/admin/sites",
        data={
            "csrf_token": csrf,
            "site_id": "yutz",
            "name": "Mission locale de Yutz",
            "closing_time": "17:30",
        },
    )
    assert "Site « yutz » enregistré." in made.text
    assert cs.site(hub.store, "yutz").closing_time == "17:30"
    refused = admin.post("/admin/sites", data={"csrf_token": "faux", "site_id": "x"})
    assert refused.status_code == 403
    page = admin.post("/admin/kiosks", data={"csrf_token": csrf, "kiosk_id": "borne-yutz", "site": "yutz"})
    token = re.search(r'id="token">([^<]+)<', page.text).group(1)
    headers = {"Authorization": f"Bearer {token}"}
    assert hub.create(headers)["site_id"] == "yutz"
    admin.post("/admin/kiosks/borne-yutz/revoke", data={"csrf_token": csrf})
    assert (
        hub.client.post("/api/help-requests", json={"topic": "papiers"}, headers=headers).status_code == 401
    )
    short = admin.post(
        "/admin/users", data={"csrf_token": csrf, "name": "bruno", "role": "advisor", "password": "court"}
    )
    assert "de 10 à 128 caractères" in short.text and accounts_sql.user_by_name(hub.store, "bruno") is None
    admin.post(
        "/admin/users",
        data={"csrf_token": csrf, "name": "bruno", "role": "staff", "site": "yutz", "password": PASSWORD},
    )
    bruno = TestClient(hub.app)
    assert hub.login(bruno, "bruno").status_code == 303
    assert "Mission locale de Yutz" in bruno.get("/").text  # his site's queue first
    admin.post("/admin/users/bruno/disable", data={"csrf_token": csrf})
    assert bruno.get("/", follow_redirects=False).status_code == 303  # session ended
    assert hub.login(bruno, "bruno").status_code == 401
    actions = [a for _at, who, a, _t, _d in admin_sql.audit_entries(hub.store) if who == "alice"]
    assert {"site", "kiosk-token", "kiosk-revoke", "account", "account-disable"} <= set(actions)


def test_cli_puts_kiosks_and_accounts_on_a_site(tmp_path, capsys):
    config = Config(hub=HubConfig(data_dir=str(tmp_path / "data")), source=str(tmp_path / "k.toml"))
    assert add_kiosk_command(config, "borne-1") == 0  # still works without --site
    assert add_kiosk_command(config, "borne-2", site="terville") == 0
    assert add_kiosk_command(config, "borne-3", site="Pas Valide") == 2
    assert "invalid site" in capsys.readouterr().err
    assert add_user_command(config, "anne", "advisor", io.StringIO(PASSWORD + "\n"), site="terville") == 0
    store = open_store(config)
    try:
        assert (
            accounts_sql.kiosk_site(store, "borne-1") == "main"
            and accounts_sql.kiosk_site(store, "borne-2") == "terville"
        )
        assert cs.site(store, "terville").name == "Terville"
        assert accounts_sql.user_by_name(store, "anne").site_id == "terville"
    finally:
        store.close()


def test_the_public_display_shows_numbers_never_names(hub, kiosk_headers, advisor):
    client, csrf = advisor
    first = hub.create(kiosk_headers, first_name="Zoé")
    second = hub.create(kiosk_headers, "emails", first_name="Ali")
    client.post(f"/api/help-requests/{first['id']}/call", headers=csrf)
    hub.clock.advance(minutes=5)
    client.post(f"/api/help-requests/{first['id']}/no-show", headers=csrf)
    client.post(f"/api/help-requests/{second['id']}/call", headers=csrf)
    feed = hub.client.get("/api/display")  # no login
    assert feed.status_code == 200
    body = feed.json()
    assert [c["ticket"] for c in body["current"]] == [second["ticket"]]
    assert [c["ticket"] for c in body["recent"]] == [first["ticket"]]
    assert "Zoé" not in feed.text and "Ali" not in feed.text
    page = hub.client.get("/display")
    assert page.status_code == 200 and "Numéros appelés" in page.text
    assert hub.client.get("/api/display?site=nulle-part").status_code == 404
