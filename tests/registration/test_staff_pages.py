"""Staff pages: login required, CSRF on every form, registrants and the call list, attendance, the
appointment form that queues a print job, kiosks' printers — and a look in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hub_helpers import PASSWORD
from registration_agenda import FULL, MAILS

from kiosk.hub.auth import sql as accounts_sql

ARTIFACTS = Path(__file__).parent / "artifacts"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _fill(hub) -> dict[str, int]:
    headers = hub.add_kiosk()
    ids = {}
    for name, phone, session in (
        ("Anne", "0612345678", MAILS),
        ("Bernard", "", MAILS),
        ("Chloé", "", MAILS),
        ("Denis", "0698765432", FULL),
    ):
        body = {"session_id": session, "first_name": name, "phone": phone, "no_phone": not phone}
        ids[name] = hub.client.post("/api/registrations", json=body, headers=headers).json()["id"]
    accounts_sql.save_kiosk(hub.store, "borne-2", "x" * 64, hub.clock())
    return ids


def test_pages_need_a_login_and_never_show_names_otherwise(hub):
    _fill(hub)
    for page in ("/staff/ateliers", "/staff/impressions"):
        answer = hub.client.get(page, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"
        assert "Anne" not in answer.text


def test_workshops_page_call_list_and_attendance(hub):
    ids = _fill(hub)
    advisor, _header = hub.advisor("karim")  # an advisor does not call residents back: no numbers
    without = advisor.get("/staff/ateliers").text
    assert "Envoyer une pièce jointe" in without and "Anne" in without and "06 12 34 56 78" not in without
    staff, _header = hub.advisor("sophie", role="staff")
    page = staff.get("/staff/ateliers").text
    assert "Envoyer une pièce jointe" in page and "06 12 34 56 78" in page
    assert "Liste d&#39;attente, place n°\u00a01, sans téléphone" in page  # Chloé; « n° » never ends a line
    token = _csrf(page)
    assert staff.post(f"/staff/inscriptions/{ids['Anne']}/cancel", data={}).status_code == 403  # no CSRF
    assert (
        staff.post(f"/staff/inscriptions/{ids['Anne']}/cancel", data={"csrf_token": token}).status_code == 200
    )
    page = staff.get("/staff/ateliers").text
    assert "Une place s&#39;est libérée" in page and "Pas de téléphone : prévenez-la à son passage." in page
    staff.post(f"/staff/inscriptions/{ids['Chloé']}/notified", data={"csrf_token": token})
    staff.post(f"/staff/inscriptions/{ids['Bernard']}/attended", data={"csrf_token": token})
    page = staff.get("/staff/ateliers").text
    assert "Une place s&#39;est libérée" not in page
    assert re.search(r"Bernard.*?présent", page, re.S)


def test_appointment_form_queues_a_job_with_a_preview(hub):
    _fill(hub)
    staff, _header = hub.advisor()
    token = _csrf(staff.get("/staff/impressions").text)
    form = {
        "csrf_token": token,
        "kiosk_id": "borne-2",
        "first_name": "Lucienne",
        "day": "2026-12-03",
        "at": "14:30",
        "duration_min": "45",
        "place": "Bureau 2",
        "advisor": "Karim",
        "bring": ["vitale"],
    }
    answer = staff.post("/staff/impressions", data=form, follow_redirects=False)
    assert answer.status_code == 303 and "done=" in answer.headers["location"]
    job_id = int(answer.headers["location"].split("done=")[1])
    job = hub.app.state.hub.print_jobs.get(job_id)
    assert job.payload["start"] == "2026-12-03T14:30:00+01:00" and job.status == "pending"
    png = staff.get(f"/staff/impressions/{job_id}/apercu.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    bad = staff.post("/staff/impressions", data={**form, "at": "midi"}, follow_redirects=False)
    assert "error=" in bad.headers["location"]
    assert (
        staff.post("/staff/impressions", data={**form, "kiosk_id": "inconnue"}, follow_redirects=False)
        .headers["location"]
        .startswith("/staff/impressions?error=")
    )


@pytest.mark.browser
def test_staff_pages_on_a_phone(live, open_browser):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, hub = live
    ids = _fill(hub)
    hub.add_user("anne", PASSWORD, "staff")
    hub.app.state.hub.registrations.act(ids["Anne"], "cancel", hub.clock())
    hub.app.state.hub.print_jobs.report_health(
        "borne-2",
        printer_uri="network://10.0.0.9:9100",
        online=False,
        paper="out",
        last_error="paper_out: out of paper",
        now=hub.clock(),
    )
    browser = open_browser((412, 915))
    browser.get(f"{url}/login")
    browser.find_element(By.ID, "name").send_keys("anne")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)
    browser.get(f"{url}/staff/ateliers")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "À prévenir" in text and "Bernard" in text and "06 12 34 56 78" in text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "staff-workshops-phone.png"))
    browser.get(f"{url}/staff/impressions")
    assert "Imprimante en panne" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "first_name").send_keys("Lucienne")
    browser.find_element(By.CSS_SELECTOR, "input[name=bring][value=vitale]").click()
    browser.save_screenshot(str(ARTIFACTS / "staff-printing-phone.png"))
    browser.find_element(By.CSS_SELECTOR, ".slip-form button[type=submit]").click()
    # The form posts and the page reloads: an element read during the reload is stale, read it again.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: "Envoyé à la borne" in b.find_element(By.TAG_NAME, "main").text
    )
    assert [j.payload["first_name"] for j in hub.app.state.hub.print_jobs.recent()] == ["Lucienne"]
