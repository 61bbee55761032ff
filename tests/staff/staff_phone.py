"""A staff member's phone against the hub: log in, send a print job to the kiosk, watch it (requests)."""

from __future__ import annotations

import re
import time

import requests

# The staff account tests/staff/kiosk_driver.py makes.
STAFF = {"name": "anne", "password": "un-mot-de-passe-solide"}


def login(url: str) -> requests.Session:
    """A logged-in session whose writes carry the CSRF token."""
    session = requests.Session()
    session.trust_env = False
    csrf = _csrf(session.get(f"{url}/login", timeout=5).text)
    session.post(f"{url}/login", data={**STAFF, "csrf_token": csrf}, timeout=5)
    session.headers["X-CSRF-Token"] = _csrf(session.get(f"{url}/staff/impressions", timeout=5).text)
    return session


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        raise AssertionError("no CSRF token in the page")
    return found.group(1)


def post_job(session: requests.Session, url: str, name: str) -> int:
    """Send ``name``'s appointment (3 December, 10:15, with Karim) to the kiosk's printer; the job's id."""
    body = {
        "kiosk_id": "borne-test",
        "appointment": {
            "first_name": name,
            "start": "2026-12-03T10:15:00+01:00",
            "duration_min": 45,
            "place": "Médiathèque, bureau 2",
            "advisor": "Karim",
            "bring": ["piece", "courrier"],
        },
    }
    answer = session.post(f"{url}/api/print-jobs", json=body, timeout=5)
    answer.raise_for_status()
    return int(answer.json()["id"])


def wait_job(session: requests.Session, url: str, job_id: int, status: str, timeout: float = 20) -> dict:
    """The job once its status is ``status``; TimeoutError after ``timeout`` s, with the job as last seen."""
    deadline = time.monotonic() + timeout
    while True:
        jobs = session.get(f"{url}/api/print-jobs", timeout=5).json()
        job = next(j for j in jobs if j["id"] == job_id)
        if job["status"] == status:
            return job
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} never became {status}: {job}")
        time.sleep(0.1)  # the hub's state, polled: nothing in this process to wait on
