"""The queue console's pages in headless Chromium against a real hub: redirect and pause on the dashboard,
the public display updating live, statistics and admin on a 360 px phone."""

from __future__ import annotations

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_dashboard_browser import ARTIFACTS, WAIT_S, _click, _login, _status_of

from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql

pytestmark = pytest.mark.browser


def _phone(browser) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )


def _fits(browser) -> bool:
    return browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth;")


def test_redirect_and_pause_from_the_dashboard(live_hub, browser):
    live_hub.advisor_session()  # anne
    live_hub.advisor_session("bruno")
    cs.save_site(live_hub.store, cs.Site("yutz", "Mission locale de Yutz", "", ""), cs_now())
    kiosk = live_hub.add_kiosk()
    requests.post(f"{live_hub.url}/api/help-requests", headers=kiosk, timeout=5, json={"topic": "emploi"})
    _login(browser, live_hub.url)
    WebDriverWait(browser, WAIT_S).until(lambda b: _status_of(b, "C01") == "waiting")
    _click(browser, "C01", "Rediriger")
    dialog = browser.find_element(By.ID, "redirect-dialog")
    WebDriverWait(browser, WAIT_S).until(lambda b: dialog.is_displayed())
    Select(browser.find_element(By.ID, "redirect-site")).select_by_value("yutz")
    Select(browser.find_element(By.ID, "redirect-advisor")).select_by_value("bruno")
    browser.find_element(By.CSS_SELECTOR, "#redirect-form button[value=ok]").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: _status_of(b, "C01") is None)  # gone from this site
    moved = requests_sql.help_requests(live_hub.store)[-1]
    assert (moved.site_id, moved.assigned_to) == ("yutz", "bruno")

    browser.find_element(By.ID, "until").send_keys("1530")
    browser.find_element(By.ID, "pause").click()
    presence = browser.find_element(By.ID, "presence")
    WebDriverWait(browser, WAIT_S).until(lambda b: "absent jusqu'à 15 h 30" in presence.text)
    kiosk_view = requests.get(f"{live_hub.url}/api/queue", headers=kiosk, timeout=5).json()
    assert kiosk_view["away_message"] == "Le conseiller est absent jusqu'à 15 h 30."
    _phone(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "dashboard-away-phone.png"))
    assert _fits(browser)
    browser.find_element(By.ID, "resume").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: not presence.is_displayed())


def test_the_display_shows_calls_live_without_login(live_hub, browser):
    kiosk = live_hub.add_kiosk()
    made = requests.post(
        f"{live_hub.url}/api/help-requests",
        headers=kiosk,
        timeout=5,
        json={"topic": "papiers", "first_name": "Zoé"},
    ).json()
    browser.set_window_size(1280, 720)
    browser.get(f"{live_hub.url}/display")
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "nobody").is_displayed())
    session, csrf = live_hub.advisor_session()
    session.post(
        f"{live_hub.url}/api/help-requests/{made['id']}/call", headers={"X-CSRF-Token": csrf}, timeout=5
    )
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "called").text == "P01")
    assert "Zoé" not in browser.page_source
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "display.png"))


def test_statistics_and_admin_on_a_phone(live_hub, browser):
    kiosk = live_hub.add_kiosk()
    session, csrf = live_hub.advisor_session()
    for topic in ("papiers", "emails", "papiers"):
        made = requests.post(
            f"{live_hub.url}/api/help-requests", headers=kiosk, timeout=5, json={"topic": topic}
        )
        for action in ("call", "start", "done"):
            url = f"{live_hub.url}/api/help-requests/{made.json()['id']}/{action}"
            session.post(url, headers={"X-CSRF-Token": csrf}, timeout=5)
    accounts_sql.save_user(
        live_hub.store,
        "anne",
        "admin",
        accounts_sql.user_by_name(live_hub.store, "anne").password_hash,
        cs_now(),
    )
    _phone(browser)
    _login(browser, live_hub.url)
    browser.get(f"{live_hub.url}/statistics")
    assert browser.find_element(By.ID, "total").text == "3"
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")) == 4
    assert _fits(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "statistics-phone.png"))
    browser.get(f"{live_hub.url}/admin")
    browser.find_element(By.ID, "k-id").send_keys("borne-2")
    browser.find_element(By.CSS_SELECTOR, "#add-kiosk button").click()
    token = WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "token")).text
    assert len(token) > 30 and _fits(browser)
    browser.save_screenshot(str(ARTIFACTS / "admin-phone.png"))


def cs_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)
