"""An advisor's event stream cut by hub restarts (kill -9, SIGTERM) catches up with Last-Event-ID, once."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from hub_process import advisor_session, query, sse_events

pytestmark = pytest.mark.slow

RECONNECT_S = 0.2  # the hub says retry: 3000; a shorter wait keeps the test quick


class Follower(threading.Thread):
    """What the dashboard's EventSource does: follow /api/events, reconnect with the last id after a cut.

    ``hold`` keeps it disconnected (an advisor whose laptop slept), so events pile up to be replayed.
    """

    def __init__(self, url: str, session: requests.Session) -> None:
        super().__init__(daemon=True, name="sse-follower")
        self.url, self.session = url, session
        self.events: list[tuple[int, str, str]] = []
        self.connections = self.cuts = 0
        self.statuses: list[int] = []
        self.hold = threading.Event()
        self.stop = threading.Event()
        self.changed = threading.Condition()

    def run(self) -> None:
        while not self.stop.is_set():
            if self.hold.is_set():
                self.stop.wait(0.05)
                continue
            last = self.events[-1][0] if self.events else None
            headers = {} if last is None else {"Last-Event-ID": str(last)}
            try:
                with self.session.get(
                    f"{self.url}/api/events", headers=headers, stream=True, timeout=(2, 30)
                ) as stream:
                    self.statuses.append(stream.status_code)
                    if stream.status_code == 200:
                        self._note(connected=True)
                        for event in sse_events(stream):
                            if "id" in event or event.get("event") == "reset":
                                self._note(event=event)
                            if self.stop.is_set():
                                return
            except requests.RequestException:
                pass
            self._note(cut=True)
            self.stop.wait(RECONNECT_S)

    def _note(self, *, connected: bool = False, cut: bool = False, event: dict | None = None) -> None:
        with self.changed:
            self.connections += connected
            self.cuts += cut
            if event is not None:
                self.events.append((int(event.get("id", -1)), event.get("event", ""), event.get("data", "")))
            self.changed.notify_all()

    def wait(self, predicate, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), f"timed out; events={self.events[-3:]}"


def _create(hub, topic: str) -> dict:
    made = requests.post(
        f"{hub.url}/api/help-requests",
        json={"topic": topic, "first_name": "Zoé"},
        headers={"Authorization": f"Bearer {hub.tokens['borne-1']}"},
        timeout=5,
    )
    assert made.status_code == 201, made.text
    return made.json()


def _act(hub, advisor: tuple[requests.Session, str], request_id: int, action: str) -> None:
    session, csrf = advisor
    done = session.post(
        f"{hub.url}/api/help-requests/{request_id}/{action}", headers={"X-CSRF-Token": csrf}, timeout=5
    )
    assert done.status_code == 200, done.text


def _while_held(hub, follower: Follower, make_events) -> int:
    """Run ``make_events`` while the follower is disconnected; returns the follower's last id then."""
    follower.hold.set()
    seen = follower.events[-1][0]
    make_events()
    follower.hold.clear()
    return seen


def test_an_advisor_stream_catches_up_after_restarts_without_gaps_or_repeats(hub):
    follower = Follower(hub.url, advisor_session(hub.url, "anne")[0])
    actions = advisor_session(hub.url, "bruno")
    follower.start()
    follower.wait(lambda: follower.connections == 1)
    first = _create(hub, "papiers")
    _create(hub, "emails")
    _act(hub, actions, first["id"], "call")
    follower.wait(lambda: len(follower.events) == 3)

    hub.process.kill()
    follower.wait(lambda: follower.cuts >= 1, 5)  # the cut is noticed at once, not at a read timeout
    follower.hold.set()
    hub.process.start()  # same database, same port; the advisor's session is still valid

    def while_away() -> None:
        _act(hub, actions, first["id"], "start")
        for topic in ("internet", "papiers", "autre"):
            _create(hub, topic)

    seen = _while_held(hub, follower, while_away)
    follower.wait(lambda: len(follower.events) == 7)
    assert [e[0] for e in follower.events[3:]] == [seen + 1, seen + 2, seen + 3, seen + 4]

    follower.wait(lambda: follower.connections == 2)
    hub.process.terminate()  # a clean stop: the hub ends open streams itself
    follower.wait(lambda: follower.cuts >= 2, 5)
    follower.hold.set()
    hub.process.start()
    seen = _while_held(hub, follower, lambda: _act(hub, actions, first["id"], "done"))
    follower.wait(lambda: len(follower.events) == 8)
    assert follower.events[-1][0] == seen + 1
    follower.wait(lambda: follower.connections == 3)
    live = _create(hub, "emploi")  # after the catch-up, live events flow again
    follower.wait(lambda: len(follower.events) == 9)
    follower.stop.set()

    stored = query(hub.db, "SELECT id, kind, data FROM events ORDER BY id")
    assert follower.events == [(i, kind, data) for i, kind, data in stored], "an event was lost or repeated"
    assert set(follower.statuses) == {200}
    last = json.loads(follower.events[-1][2])
    assert (last["id"], last["status"]) == (live["id"], "waiting")
    first_events = [json.loads(e[2]) for e in follower.events if json.loads(e[2])["id"] == first["id"]]
    statuses = [data["status"] for data in first_events]
    assert statuses == ["waiting", "called", "in_progress", "done"]
    hub.process.terminate()
    follower.join(5)
