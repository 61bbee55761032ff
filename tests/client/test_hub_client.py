"""HubClient against a real HTTP server on loopback: tickets, outages, the outbox, exactly-once delivery."""

from __future__ import annotations

import socket
import time

import pytest
from conftest import TIMEOUT
from fake_hub import FakeHub

from kiosk.client.hub_client import HelpTicket, HubClient, HubRefused, HubUnavailable, Queued
from kiosk.client.outbox import DELIVERED, FAILED


def _down_client(outbox, port: int, token: str = "kiosk-token") -> HubClient:  # noqa: S107
    """A client of a hub that is not there yet (nothing listens on ``port``)."""
    return HubClient(f"http://127.0.0.1:{port}", token, outbox=outbox, timeout=TIMEOUT)


def test_a_ticket_round_trip(client, hub):
    ticket = client.request_help("papiers", first_name="  Zoé  ", needs=["gros caractères"])
    assert isinstance(ticket, HelpTicket)
    assert (ticket.ticket, ticket.topic, ticket.topic_label) == ("P01", "papiers", "Mes papiers en ligne")
    assert (ticket.status, ticket.position, ticket.ahead, ticket.wait_minutes) == ("waiting", 1, 0, (0, 0))
    assert ticket.created_at.tzinfo is not None
    assert hub.created[0]["first_name"] == "Zoé"
    again = client.help_request(ticket.id)
    assert again == ticket
    second = client.request_help("emails")
    assert (second.ticket, second.position, second.ahead, second.wait_minutes) == ("E02", 2, 1, (10, 20))
    assert client.outbox.count_pending() == 0


def test_topics_and_health(client):
    assert [t["id"] for t in client.topics()] == ["papiers", "emails", "autre"]
    assert client.healthy() is True


def test_hub_down_queues_then_delivers_exactly_once(outbox, closed_port):
    with _down_client(outbox, closed_port) as client:
        started = time.monotonic()
        result = client.request_help("papiers", first_name="Zoé")
        assert time.monotonic() - started < TIMEOUT + 1
        assert isinstance(result, Queued)
        assert result.topic == "papiers"
        assert "gardée" in result.user_message
        assert client.healthy() is False
        assert client.flush_outbox() == 0  # still down: nothing delivered, nothing lost
        assert outbox.count_pending() == 1
        with FakeHub(port=closed_port) as hub:
            assert client.flush_outbox() == 1
            assert client.flush_outbox() == 0
            assert len(hub.created) == 1
            assert hub.created[0]["first_name"] == "Zoé"
    item = outbox.get(result.idempotency_key)
    assert item is not None and item.state == DELIVERED
    assert item.payload == {}  # the first name is gone once delivered
    assert (item.result_id, item.result_ticket) == ("1", "P01")
    assert item.attempts == 1


def test_a_hub_that_never_answers_is_unavailable_within_the_timeout(outbox):
    with socket.socket() as listener:  # accepts TCP connections (kernel backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with HubClient(url, "kiosk-token", outbox=outbox, timeout=TIMEOUT) as client:
            started = time.monotonic()
            with pytest.raises(HubUnavailable) as caught:
                client.help_request(1)
            assert time.monotonic() - started < TIMEOUT + 1
            assert "ne répond pas" in caught.value.user_message
            started = time.monotonic()
            assert isinstance(client.request_help("autre"), Queued)
            assert time.monotonic() - started < TIMEOUT + 1


def test_order_is_preserved(outbox, closed_port):
    with _down_client(outbox, closed_port) as client:
        keys = [client.request_help(topic).idempotency_key for topic in ("emails", "papiers", "autre")]
        with FakeHub(port=closed_port) as hub:
            # A new request waits for the older ones: it reaches the hub last.
            fresh = client.request_help("emails")
            assert isinstance(fresh, HelpTicket)
            assert [r["topic"] for r in hub.created] == ["emails", "papiers", "autre", "emails"]
            assert [outbox.get(k).result_ticket for k in keys] == ["E01", "P02", "A03"]
            assert fresh.ticket == "E04"


def test_lost_answer_is_redelivered_without_a_duplicate(client, hub):
    hub.drop_responses = 1  # the hub stores the request, but its answer never arrives
    result = client.request_help("papiers")
    assert isinstance(result, Queued)
    assert len(hub.created) == 1
    assert client.flush_outbox() == 1  # same idempotency key: the hub answers 200 with the same request
    assert hub.posts == 2
    assert len(hub.created) == 1
    assert client.outbox.get(result.idempotency_key).result_ticket == "P01"
    assert client.flush_outbox() == 0


def test_refused_requests_are_not_queued(client, hub, outbox):
    with pytest.raises(HubRefused) as caught:
        client.request_help("not-a-topic")
    assert caught.value.status_code == 422
    assert "unknown topic" in caught.value.detail
    with HubClient(hub.url, "wrong-token", outbox=outbox, timeout=TIMEOUT) as intruder:
        with pytest.raises(HubRefused) as caught:
            intruder.request_help("papiers")
        assert caught.value.status_code == 401
    assert outbox.count_pending() == 0
    assert hub.created == []


def test_server_errors_queue_the_request(client, hub):
    hub.fail_with = 503
    assert isinstance(client.request_help("papiers"), Queued)
    with pytest.raises(HubUnavailable):
        client.topics()
    hub.fail_with = None
    assert client.flush_outbox() == 1
    assert len(hub.created) == 1


def test_a_refused_outbox_item_is_dropped_and_the_next_delivered(outbox, closed_port):
    with _down_client(outbox, closed_port) as client:
        bad = client.request_help("retired-topic")  # the hub no longer knows it when it comes back
        good = client.request_help("autre")
        with FakeHub(port=closed_port) as hub:
            assert client.flush_outbox() == 1
            assert client.flush_outbox() == 0
            assert [r["topic"] for r in hub.created] == ["autre"]
    assert outbox.get(bad.idempotency_key).state == FAILED
    assert outbox.get(bad.idempotency_key).payload == {}
    assert outbox.get(good.idempotency_key).state == DELIVERED


def test_a_wrong_token_keeps_the_outbox(outbox, closed_port):
    with _down_client(outbox, closed_port, token="old-token") as client:
        client.request_help("papiers")
        with FakeHub(port=closed_port):
            assert client.flush_outbox() == 0
    assert outbox.count_pending() == 1  # a set-up problem, not the item's fault: kept for later
