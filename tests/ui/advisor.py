"""An advisor at the hub, through its HTTP API: log in (session cookie + CSRF), then act on a request."""

from __future__ import annotations

import re

import requests

TIMEOUT = 10


def _field(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    if not found:
        raise AssertionError(f"not found in page: {pattern}")
    return found.group(1)


def login(base_url: str, credentials: dict[str, str]) -> tuple[requests.Session, str]:
    """A logged-in session and the CSRF token its API writes need."""
    session = requests.Session()
    session.trust_env = False
    page = session.get(f"{base_url}/login", timeout=TIMEOUT)
    csrf = _field(page.text, r'name="csrf_token" value="([^"]+)"')
    answer = session.post(f"{base_url}/login", data={**credentials, "csrf_token": csrf}, timeout=TIMEOUT)
    answer.raise_for_status()
    token = _field(answer.text, r'<meta name="csrf-token" content="([^"]+)"')
    return session, token


def call(base_url: str, credentials: dict[str, str], request_id: object, action: str = "call") -> dict:
    session, csrf = login(base_url, credentials)
    with session:
        answer = session.post(
            f"{base_url}/api/help-requests/{request_id}/{action}",
            headers={"X-CSRF-Token": csrf},
            timeout=TIMEOUT,
        )
        answer.raise_for_status()
        return answer.json()
