"""Helpers for the hub tests: clock, login helpers, an SSE parser, in-process and loopback hubs."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
from fastapi import FastAPI

from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.server import ServerThread
from kiosk.passwords import hash_password, new_token, token_digest

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package; httpx (the project's test dependency) still works.
    warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")
    from fastapi.testclient import TestClient

PASSWORD = "un-mot-de-passe-solide"
# A Friday, 15:00 in Paris: during the drop-in hours.
START = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


class FakeClock:
    """The hub's clock in tests: stands still until `advance` moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def login_csrf(html: str) -> str:
    """The hidden CSRF field of the login form."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the login form"
    return match.group(1)


def session_csrf(html: str) -> str:
    """The session's CSRF token from the dashboard page."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match, "no CSRF token in the dashboard"
    return match.group(1)


@dataclass
class Hub:
    """One test's hub: the app, its clock, and helpers to make kiosks, accounts and requests."""

    app: FastAPI
    clock: FakeClock
    client: TestClient  # no credentials of its own: pass kiosk headers, or use advisor()

    @property
    def store(self):
        return self.app.state.hub.store

    def add_kiosk(self, kiosk_id: str = "borne-1") -> dict[str, str]:
        """Register a kiosk; returns its Authorization header."""
        token = new_token()
        accounts_sql.save_kiosk(self.store, kiosk_id, token_digest(token), self.clock())
        return {"Authorization": f"Bearer {token}"}

    def add_user(self, name: str = "anne", password: str = PASSWORD, role: str = "advisor") -> None:
        accounts_sql.save_user(self.store, name, role, hash_password(password), self.clock())

    def login(self, client: TestClient, name: str = "anne", password: str = PASSWORD):
        """Log ``client`` in through the form; returns the response of POST /login."""
        form = client.get("/login")
        return client.post(
            "/login",
            data={"name": name, "password": password, "csrf_token": login_csrf(form.text)},
            follow_redirects=False,
        )

    def advisor(self, name: str = "anne", role: str = "advisor") -> tuple[TestClient, dict[str, str]]:
        """A new client logged in as a new account (an advisor by default), and the CSRF header for its
        POSTs."""
        self.add_user(name, role=role)
        client = TestClient(self.app)
        assert self.login(client, name).status_code == 303
        return client, {"X-CSRF-Token": session_csrf(client.get("/").text)}

    def create(self, headers: dict[str, str], topic: str = "papiers", **fields) -> dict:
        response = self.client.post("/api/help-requests", json={"topic": topic, **fields}, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()


def login_session(url: str, name: str, password: str = PASSWORD) -> tuple[requests.Session, str]:
    """A requests session logged in through the hub's login form at ``url``, and its session CSRF token."""
    session = requests.Session()
    session.trust_env = False
    form = session.get(f"{url}/login", timeout=5)
    done = session.post(
        f"{url}/login",
        timeout=5,
        allow_redirects=False,
        data={"name": name, "password": password, "csrf_token": login_csrf(form.text)},
    )
    assert done.status_code == 303, done.text
    return session, session_csrf(session.get(f"{url}/", timeout=5).text)


def sse_events(response: requests.Response) -> Iterator[dict[str, str]]:
    """Parse a text/event-stream response: yields {"id", "event", "data"} or {"comment"} or {"retry"}."""
    fields: dict[str, str] = {}
    for line in response.iter_lines(chunk_size=None, decode_unicode=True):
        if line == "":
            if fields:
                yield fields
            fields = {}
        elif line.startswith(":"):
            yield {"comment": line[1:].strip()}
        else:
            name, _sep, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


@dataclass
class LiveHub:
    """A hub served by uvicorn on 127.0.0.1 (real clock), for SSE, browser and benchmark-like tests."""

    url: str
    app: FastAPI
    server: ServerThread

    @property
    def store(self):
        return self.app.state.hub.store

    def add_kiosk(self, kiosk_id: str = "borne-1") -> dict[str, str]:
        token = new_token()
        accounts_sql.save_kiosk(self.store, kiosk_id, token_digest(token), datetime.now(UTC))
        return {"Authorization": f"Bearer {token}"}

    def advisor_session(self, name: str = "anne") -> tuple[requests.Session, str]:
        """A requests session logged in as a new advisor, and its CSRF token."""
        accounts_sql.save_user(self.store, name, "advisor", hash_password(PASSWORD), datetime.now(UTC))
        return login_session(self.url, name)
