"""HubClient against the real hub app (kiosk.hub.app.create_app) served by uvicorn on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kiosk.client.embedded_hub import TOKEN_ENV, free_port
from kiosk.client.hub_client import HelpTicket, HubClient, HubRefused
from kiosk.client.outbox import Outbox
from kiosk.config import Config, HubConfig

hub_app = pytest.importorskip("kiosk.hub.app")
uvicorn = pytest.importorskip("uvicorn")

TOKEN = "real-hub-test-token"


@pytest.fixture
def real_hub(tmp_path) -> Iterator[str]:
    """The hub app on 127.0.0.1 with a fresh database; the demo kiosk registered with TOKEN."""
    config = Config(hub=HubConfig(data_dir=str(tmp_path / "hub")))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            hub_app.create_app(config, environ={TOKEN_ENV: TOKEN}),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            ws="none",
            lifespan="on",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(200):  # wait for the server to be up, at most 10 s
        if server.started or not thread.is_alive():
            break
        started.wait(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def client(real_hub, tmp_path) -> Iterator[HubClient]:
    with HubClient(real_hub, TOKEN, outbox=Outbox(tmp_path / "outbox.sqlite3"), timeout=5) as made:
        yield made


def test_ticket_round_trip_with_the_real_hub(client):
    assert client.healthy()
    topics = [t["id"] for t in client.topics()]
    assert "papiers" in topics
    ticket = client.request_help("papiers", first_name="Zoé", needs=["sight"])
    assert isinstance(ticket, HelpTicket)
    assert ticket.topic == "papiers" and ticket.status == "waiting" and ticket.position == 1
    assert client.help_request(ticket.id).ticket == ticket.ticket


def test_the_real_hub_refuses_bad_requests(client, real_hub, tmp_path):
    with pytest.raises(HubRefused) as caught:
        client.request_help("not-a-topic")
    assert caught.value.status_code == 422
    intruder = HubClient(real_hub, "wrong", outbox=Outbox(tmp_path / "o2.sqlite3"), timeout=5)
    with intruder, pytest.raises(HubRefused) as caught:
        intruder.request_help("papiers")
    assert caught.value.status_code in (401, 403)


def test_redelivery_with_the_same_key_creates_one_request(client, real_hub, tmp_path):
    body = {"topic": "emails", "first_name": "", "needs": [], "idempotency_key": "k-1"}
    client.outbox.add("help_request", body, "k-1")
    assert client.flush_outbox() == 1
    first = client.outbox.get("k-1")
    # The same item again, as after a lost answer: the hub replays the same request (200), creates none.
    replay = Outbox(tmp_path / "replay.sqlite3")
    replay.add("help_request", body, "k-1")
    with HubClient(real_hub, TOKEN, outbox=replay, timeout=5) as again:
        assert again.flush_outbox() == 1
    second = replay.get("k-1")
    assert (second.result_id, second.result_ticket) == (first.result_id, first.result_ticket)
    fresh = client.request_help("emails")
    assert isinstance(fresh, HelpTicket)
    assert int(fresh.id) == int(first.result_id) + 1
