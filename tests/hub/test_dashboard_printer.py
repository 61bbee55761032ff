"""The advisor dashboard warns when a kiosk's printer has a problem, and links to the printing page."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from hub_helpers import Hub


@pytest.fixture
def anne(hub: Hub) -> TestClient:
    """An advisor's logged-in client."""
    return hub.advisor("anne")[0]


def banner(client: TestClient) -> str:
    """The printer banner's text on the dashboard ("" when there is none), tags stripped."""
    found = re.search(r'<section id="printer-problems".*?</section>', client.get("/").text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split()) if found else ""


def report(hub: Hub, kiosk_id: str, **state) -> None:
    fields = {"printer_uri": "network://10.0.0.9:9100", "online": True, "paper": "ok", "last_error": ""}
    hub.app.state.hub.print_jobs.report_health(kiosk_id, **{**fields, **state}, now=hub.clock())


def test_no_banner_while_printers_are_fine(hub, anne):
    report(hub, "borne-1")
    assert banner(anne) == ""


def test_paper_out_and_unplugged_printers_show_a_banner_with_a_link(hub, anne):
    report(hub, "borne-2", online=False, paper="out", last_error="paper_out: out of paper")
    report(hub, "borne-1", online=False, paper=None, last_error="offline: no answer")
    text = banner(anne)
    assert text.startswith("Problème d'imprimante")
    assert "Borne « borne-1 » : l'imprimante ne répond pas." in text
    assert "Borne « borne-2 » : il n'y a plus de papier." in text
    assert text.index("borne-1") < text.index("borne-2")
    assert 'href="/staff/impressions"' in anne.get("/").text
    report(hub, "borne-2")  # paper put back in: that kiosk is no longer listed
    assert "borne-2" not in banner(anne)


def test_a_failed_job_shows_for_two_hours(hub, anne):
    jobs = hub.app.state.hub.print_jobs
    hub.add_kiosk("borne-3")
    job = jobs.create("borne-3", "appointment", {"first_name": "Lucienne"}, "anne", hub.clock())
    assert jobs.claim("borne-3", hub.clock()) is not None
    jobs.finish(job.id, "borne-3", ok=False, error="Il n'y a plus de papier.", now=hub.clock())
    assert "Borne « borne-3 » : un ticket n'est pas sorti." in banner(anne)
    assert "Lucienne" not in banner(anne)
    hub.clock.advance(hours=2, minutes=1)
    assert banner(anne) == ""


def test_the_banner_needs_a_login(hub):
    report(hub, "borne-2", online=False, paper="out", last_error="paper_out")
    anonymous = hub.client.get("/", follow_redirects=False)
    assert anonymous.status_code == 303 and "plus de papier" not in anonymous.text
