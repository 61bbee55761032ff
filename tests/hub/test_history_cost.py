"""Queries rewritten so that the hub's cost does not grow with its history or its queue give the same
answers as before: list positions, filtered lists, and kiosk tokens."""

from __future__ import annotations

import random

from kiosk.domain.help_requests import Status
from kiosk.domain.queue_hours import Waiting, queue_order
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.queue.sql import _SELECT_REQUESTS, _request


def _whole_line_ranks(store, site_id: str) -> dict[int, int]:
    """The former list-view rule: order the site's whole waiting line."""
    line = [Waiting(rid, priority) for rid, _site, priority in requests_sql.waiting(store, site_id)]
    return {rid: i for i, rid in enumerate(queue_order(line))}


def _old_list(store, statuses, limit, site_id):
    """The former single query (it sorted the site's history in a temporary B-tree)."""
    conditions, params = [], []
    if statuses is not None:
        wanted = sorted({s.value for s in statuses})
        conditions.append(f"status IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    if site_id is not None:
        conditions.append("site_id = ?")
        params.append(site_id)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT * FROM ({_SELECT_REQUESTS} {where} ORDER BY id DESC LIMIT ?) ORDER BY id"  # noqa: S608
    return [_request(r) for r in store.rows(sql, [*params, limit])]


def _busy_queue(hub, kiosk_headers, client, csrf, count: int = 60):
    cs.save_site(hub.store, cs.Site("yutz", "Yutz", "", ""), hub.clock())
    yutz = hub.add_kiosk("borne-yutz")
    accounts_sql.save_kiosk(
        hub.store, "borne-yutz", accounts_sql.kiosk_token_hashes(hub.store)[-1][1], hub.clock(), "yutz"
    )
    chance = random.Random(14)
    for _ in range(count):
        made = hub.create(yutz if chance.random() < 0.3 else kiosk_headers)
        roll = chance.random()
        if roll < 0.3:
            client.post(f"/api/help-requests/{made['id']}/priority", headers=csrf, json={"priority": True})
        elif roll < 0.4:
            client.post(f"/api/help-requests/{made['id']}/call", headers=csrf)
        elif roll < 0.5:
            client.post(f"/api/help-requests/{made['id']}/cancel", headers=csrf)


def test_a_shortened_list_gives_the_positions_of_the_whole_line(hub, kiosk_headers, advisor):
    client, csrf = advisor
    _busy_queue(hub, kiosk_headers, client, csrf)
    whole = {site: _whole_line_ranks(hub.store, site) for site in ("main", "yutz")}
    for query in ("status=waiting&limit=7", "status=waiting&site=main&limit=5", "status=open&limit=12"):
        listed = [r for r in client.get(f"/api/help-requests?{query}").json() if r["status"] == "waiting"]
        assert listed, query
        for row in listed:
            assert row["ahead"] == whole[row["site_id"]][row["id"]], (query, row["id"])
            assert row["position"] == row["ahead"] + 1


def test_filtered_lists_are_the_former_query_s(hub, kiosk_headers, advisor):
    client, csrf = advisor
    _busy_queue(hub, kiosk_headers, client, csrf)
    choices = [None, {Status.WAITING}, {Status.CALLED, Status.WAITING}, {Status.CANCELLED}, set(Status)]
    for statuses in choices:
        for site_id in (None, "main", "yutz", "nowhere"):
            for limit in (1, 5, 200):
                assert requests_sql.help_requests(hub.store, statuses, limit, site_id) == _old_list(
                    hub.store, statuses, limit, site_id
                ), (statuses, site_id, limit)


def test_kiosk_tokens_are_found_by_digest_and_revoked_ones_refused(hub):
    headers = [hub.add_kiosk(f"borne-{i}") for i in range(30)]
    for i in (0, 17, 29):
        made = hub.create(headers[i])
        assert made["kiosk_id"] == f"borne-{i}"
    admin_sql.revoke_kiosk(hub.store, "borne-17", hub.clock())
    assert hub.client.get("/api/queue", headers=headers[17]).status_code == 401
    assert hub.client.get("/api/queue", headers=headers[16]).status_code == 200
    forged = {"Authorization": headers[3]["Authorization"][:-2] + "xx"}
    assert hub.client.get("/api/queue", headers=forged).status_code == 401
