"""The advisor dashboard driven in headless Chromium against a real hub on loopback."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from hub_helpers import PASSWORD
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.hub.app import create_app
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.queue.models import HelpRequestIn
from kiosk.hub.server import ServerThread

ARTIFACTS = Path(__file__).parent / "artifacts"
WAIT_S = 10

pytestmark = pytest.mark.browser


def _login(browser, url: str) -> None:
    browser.get(f"{url}/login")
    browser.find_element(By.ID, "name").send_keys("anne")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "waiting"))


def _card_text(browser, ticket: str) -> str:
    return browser.execute_script(
        "const c = document.querySelector(`li.card[data-ticket='${arguments[0]}']`); "
        "return c ? c.innerText : '';",
        ticket,
    )


def _status_of(browser, ticket: str) -> str | None:
    return browser.execute_script(
        "const c = document.querySelector(`li.card[data-ticket='${arguments[0]}']`); "
        "return c ? c.dataset.status : null;",
        ticket,
    )


def _labels(browser, ticket: str) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll(`li.card[data-ticket='${arguments[0]}'] button`)]"
        ".map(b => b.textContent);",
        ticket,
    )


def _click(browser, ticket: str, label: str) -> None:
    """Click the card's button (a real click; a card is rebuilt on its own events, so retry a stale one)."""

    def clicked(b) -> bool:
        for button in b.find_elements(By.CSS_SELECTOR, f"li.card[data-ticket='{ticket}'] button"):
            if button.text == label and button.is_enabled():
                button.click()
                return True
        return False

    WebDriverWait(browser, WAIT_S, ignored_exceptions=(StaleElementReferenceException,)).until(clicked)


def test_an_advisor_follows_and_serves_the_queue_without_reloading(live_hub, browser):
    live_hub.advisor_session()  # creates the account "anne"
    kiosk = live_hub.add_kiosk()
    wrong = browser
    wrong.get(f"{live_hub.url}/login")
    wrong.find_element(By.ID, "name").send_keys("anne")
    wrong.find_element(By.ID, "password").send_keys("pas-le-bon")
    wrong.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = WebDriverWait(wrong, WAIT_S).until(lambda b: b.find_elements(By.CLASS_NAME, "error"))
    assert error[0].text == "Identifiant ou mot de passe incorrect."

    _login(browser, live_hub.url)
    assert browser.find_element(By.ID, "empty-waiting").text == "Personne n'attend."
    assert browser.find_element(By.ID, "estimate").text == "Nouveau ticket : pas d'attente."
    browser.execute_script("window.__sameDocument = true;")

    made = requests.post(
        f"{live_hub.url}/api/help-requests",
        headers=kiosk,
        timeout=5,
        json={"topic": "papiers", "first_name": "Zoé", "needs": ["hearing"]},
    ).json()
    WebDriverWait(browser, WAIT_S).until(lambda b: _status_of(b, "P01") == "waiting")
    text = _card_text(browser, "P01")
    assert "Zoé" in text and "Entend mal" in text and "Mes papiers en ligne" in text
    assert "en attente depuis 0 min" in text
    estimate = "Nouveau ticket : environ 10 à 20 min d'attente (1 conseiller en service)."
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "estimate").text == estimate)
    assert _labels(browser, "P01") == ["Appeler", "Commencer", "Rediriger", "Annuler", "Prioritaire"]

    _click(browser, "P01", "Appeler")
    WebDriverWait(browser, WAIT_S).until(lambda b: _status_of(b, "P01") == "called")
    assert _labels(browser, "P01") == ["Rappeler", "Commencer", "Absent", "Rediriger", "Annuler"]
    _click(browser, "P01", "Commencer")
    WebDriverWait(browser, WAIT_S).until(lambda b: _status_of(b, "P01") == "in_progress")
    _click(browser, "P01", "Terminé")
    WebDriverWait(browser, WAIT_S).until(lambda b: _status_of(b, "P01") is None)
    cra = WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "cra-dialog"))
    WebDriverWait(browser, WAIT_S).until(lambda b: cra.is_displayed())
    browser.find_element(By.ID, "cra-save").click()  # one tap when nothing changes
    WebDriverWait(browser, WAIT_S).until(
        lambda b: "Compte rendu enregistré." in b.find_element(By.ID, "notice").text
    )

    assert browser.execute_script("return window.__sameDocument === true;")  # never reloaded
    request = requests_sql.help_request(live_hub.store, made["id"])
    assert request.status.value == "done" and request.called_at and request.started_at and request.finished_at
    assert browser.find_element(By.ID, "banner").get_attribute("hidden") is not None


COUNT_FETCHES = """
window.__fetched = [];
const fetchBefore = window.fetch;
window.fetch = (url, options) => { window.__fetched.push(String(url)); return fetchBefore(url, options); };
"""


def _waiting_order(browser) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll('#waiting li.card')].map(li => li.dataset.ticket);"
    )


def _hub_order(live_hub, session) -> list[str]:
    rows = session.get(f"{live_hub.url}/api/help-requests?status=waiting&site=main", timeout=5).json()
    return [r["ticket"] for r in sorted(rows, key=lambda r: r["position"])]


def _fetched_after_events(browser) -> list[str]:
    """What the page fetched since COUNT_FETCHES, once its debounced queue read is done."""
    WebDriverWait(browser, WAIT_S).until(lambda b: b.execute_script("return window.__fetched.length > 0;"))
    time.sleep(1.0)  # a second read (the whole list, or the queue again) would come within 300 ms
    return browser.execute_script("const f = window.__fetched; window.__fetched = []; return f;")


def test_an_event_updates_its_card_and_the_page_reads_only_the_queue(live_hub, browser):
    kiosk = live_hub.add_kiosk()
    live_hub.advisor_session()  # "anne", the browser's account
    other, csrf = live_hub.advisor_session("bob")  # a second advisor acting elsewhere
    made = {}
    for ticket in ("P01", "P02", "P03", "P04"):
        answer = requests.post(
            f"{live_hub.url}/api/help-requests", headers=kiosk, timeout=5, json={"topic": "papiers"}
        )
        made[ticket] = answer.json()["id"]
    _login(browser, live_hub.url)
    assert _waiting_order(browser) == ["P01", "P02", "P03", "P04"]
    browser.execute_script(COUNT_FETCHES)
    browser.execute_script("document.querySelector(`li.card[data-ticket='P01']`).__kept = true;")

    def act(ticket: str, action: str, **body) -> None:
        answer = other.post(
            f"{live_hub.url}/api/help-requests/{made[ticket]}/{action}",
            headers={"X-CSRF-Token": csrf},
            json=body or None,
            timeout=5,
        )
        assert answer.status_code == 200, answer.text

    act("P04", "priority", priority=True)  # jumps two places: P01, P04, P02, P03
    WebDriverWait(browser, WAIT_S).until(lambda b: _waiting_order(b) == ["P01", "P04", "P02", "P03"])
    assert _waiting_order(browser) == _hub_order(live_hub, other)
    assert "Prioritaire" in _card_text(browser, "P04")
    assert _fetched_after_events(browser) == ["/api/queue?site=main"]  # the list is not read again

    act("P02", "call")  # P04 now passes P01 too: the others' order changes with one event
    WebDriverWait(browser, WAIT_S).until(lambda b: _waiting_order(b) == ["P04", "P01", "P03"])
    assert _waiting_order(browser) == _hub_order(live_hub, other)
    assert _status_of(browser, "P02") == "called"
    assert _fetched_after_events(browser) == ["/api/queue?site=main"]
    assert browser.execute_script(
        "return document.querySelector(`li.card[data-ticket='P01']`).__kept === true;"
    )


def test_the_dashboard_shows_when_the_connection_is_lost(live_hub, browser):
    live_hub.advisor_session()
    _login(browser, live_hub.url)
    banner = browser.find_element(By.ID, "banner")
    assert not banner.is_displayed()
    live_hub.server.stop()
    WebDriverWait(browser, WAIT_S).until(lambda b: banner.is_displayed())
    assert banner.text == "Connexion perdue, reconnexion…"


def test_the_dashboard_catches_up_after_the_hub_restarts_without_a_reload(live_hub, config, browser):
    kiosk = live_hub.add_kiosk()
    live_hub.advisor_session()
    for _ in range(2):
        answer = requests.post(
            f"{live_hub.url}/api/help-requests", headers=kiosk, timeout=5, json={"topic": "papiers"}
        )
        assert answer.status_code == 201
    first_id = answer.json()["id"] - 1
    _login(browser, live_hub.url)
    assert _waiting_order(browser) == ["P01", "P02"]
    browser.execute_script("window.__samePage = true;")
    banner = browser.find_element(By.ID, "banner")
    live_hub.server.stop()
    WebDriverWait(browser, WAIT_S).until(lambda b: banner.is_displayed())

    # While the dashboard is cut off, the hub restarts (same data, same port) and the queue moves on:
    # a ticket from the kiosk, P01 called by another advisor, P02 cancelled at the kiosk.
    restarted = create_app(config, heartbeat_s=0.3)
    desk = restarted.state.hub.desk
    kiosk_id = "borne-1"
    desk.create(kiosk_id, HelpRequestIn(topic="emails"))
    desk.act(first_id, "call", actor="bob")
    desk.act(first_id + 1, "cancel", actor=kiosk_id)
    with ServerThread(restarted, port=live_hub.server.port):
        WebDriverWait(browser, 20).until(lambda b: not banner.is_displayed())
        WebDriverWait(browser, WAIT_S).until(lambda b: _waiting_order(b) == ["E01"])
        assert _status_of(browser, "P01") == "called"
        assert _status_of(browser, "P02") is None  # a cancelled request leaves the list
        assert browser.execute_script("return window.__samePage === true;")  # no reload


def test_the_dashboard_is_readable_on_a_phone(live_hub, browser):
    live_hub.advisor_session()
    kiosk = live_hub.add_kiosk()
    people = [
        ("papiers", "Zoé", ["hearing", "time"]),
        ("emails", "Jean-Baptiste", []),
        ("appareil", "", ["sight"]),
        ("emploi", "Fatima", ["language"]),
    ]
    ids = [
        requests.post(
            f"{live_hub.url}/api/help-requests",
            headers=kiosk,
            timeout=5,
            json={"topic": t, "first_name": n, "needs": needs},
        ).json()["id"]
        for t, n, needs in people
    ]
    session, csrf = live_hub.advisor_session("bruno")
    session.post(f"{live_hub.url}/api/help-requests/{ids[0]}/call", headers={"X-CSRF-Token": csrf}, timeout=5)
    live_hub.app.state.hub.print_jobs.report_health(
        "borne-2", printer_uri="usb", online=False, paper="out", last_error="paper_out", now=datetime.now(UTC)
    )
    browser.set_window_size(390, 844)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    _login(browser, live_hub.url)
    WebDriverWait(browser, WAIT_S).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "li.card")) == 4)

    width = browser.execute_script("return window.innerWidth;")
    assert width == 390
    assert (
        browser.execute_script("return document.documentElement.scrollWidth;") <= width
    )  # no sideways scroll
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null)"
        ".map(b => b.getBoundingClientRect())"
        ".map(r => [r.width, r.height]);"
    )
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes)
    body_px = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize);")
    assert body_px >= 16
    printer = browser.find_element(By.ID, "printer-problems")
    assert printer.is_displayed() and "Borne « borne-2 » : il n'y a plus de papier." in printer.text
    link = printer.find_element(By.TAG_NAME, "a")
    assert link.text == "Voir les impressions" and link.get_attribute("href").endswith("/staff/impressions")
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "dashboard-phone.png"))
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    assert browser.execute_script("return document.documentElement.scrollWidth;") <= 360  # smallest phones


def test_a_kiosk_that_stopped_reporting_shows_on_the_dashboard(browser, live_hub, tmp_path):
    """borne-1 reports through the kiosk's own HubClient; borne-2's last report is 4 minutes old."""
    from datetime import timedelta

    from kiosk.client.hub_client import HubClient
    from kiosk.client.outbox import Outbox

    token = live_hub.add_kiosk("borne-1")["Authorization"].removeprefix("Bearer ")
    live_hub.add_kiosk("borne-2")
    client = HubClient(live_hub.url, token, outbox=Outbox(tmp_path / "outbox.sqlite3"), timeout=3)
    itself = {"version": "0.1.0", "uptime_s": 600, "screen": "on", "clock": "ok"}
    assert client.report_health(printer_uri="usb", online=True, paper="ok", itself=itself)
    assert client.hub_time is not None and abs(client.hub_time - datetime.now(UTC)) < timedelta(seconds=30)
    client.close()
    live_hub.app.state.hub.print_jobs.report_health(
        "borne-2",
        printer_uri="usb",
        online=True,
        paper="ok",
        last_error="",
        now=datetime.now(UTC) - timedelta(minutes=4),
    )
    live_hub.advisor_session("anne")
    _login(browser, live_hub.url)
    silent = browser.find_element(By.ID, "silent-kiosks")
    assert silent.is_displayed()
    assert "Borne « borne-2 » : plus de nouvelles depuis" in silent.text and "borne-1" not in silent.text
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "dashboard-silent-kiosk.png"))
    # borne-1 stops reporting while the dashboard stays open: it shows without a reload.
    live_hub.app.state.kiosk_poll_s = 0.3
    browser.refresh()
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.ID, "silent-kiosks"))
    live_hub.app.state.hub.print_jobs.report_health(
        "borne-1",
        printer_uri="usb",
        online=True,
        paper="ok",
        last_error="",
        now=datetime.now(UTC) - timedelta(minutes=5),
    )
    boxes = "const s = document.getElementById('silent-kiosks'); return s ? s.textContent : '';"
    WebDriverWait(browser, WAIT_S).until(lambda b: "borne-1" in b.execute_script(boxes))  # no stale nodes
    browser.get(f"{live_hub.url}/staff/impressions")
    health = browser.find_element(By.CSS_SELECTOR, "ul.health").text
    assert "version 0.1.0 · allumée depuis 0 h 10 · écran allumé" in health  # kept from its last report
    assert "Borne silencieuse depuis" in health
