"""The call display speaks: the hub says « Numéro P 1 » as a WAV made offline by espeak-ng, only for a number
the display shows; in headless Chromium against a real hub, « Activer le son » is touched once, a call
chimes and fetches that WAV (decoded by the browser), and the numbers are readable from 5 m (digits at
least 1/6 of the screen's height) with the last calls below."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import wave
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from test_dashboard_browser import ARTIFACTS, WAIT_S

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def espeak_wav(text: str, rate: int = 140) -> bytes:
    """What espeak-ng itself makes of ``text`` (it is deterministic: the same bytes every time)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "said.wav"
        subprocess.run(
            ["espeak-ng", "-v", "fr", "-s", str(rate), "-w", str(out), "--", text], timeout=20, check=True
        )
        return out.read_bytes()


def seconds(audio: bytes) -> float:
    with wave.open(io.BytesIO(audio), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


def _until_spoken(browser, *tickets: str) -> None:
    """Wait until the display has said ``tickets`` (comma-separated; each of them in order, or in any order
    within one of them when called in the same second)."""
    from selenium.common.exceptions import TimeoutException

    main = browser.find_element(By.CSS_SELECTOR, "main.display")

    def said(_browser) -> bool:
        got = (main.get_attribute("data-spoken") or "").split(",")
        want = [t.split(",") for t in tickets]
        at = 0
        for group in want:
            if sorted(got[at : at + len(group)]) != sorted(group):
                return False
            at += len(group)
        return at == len(got)

    try:
        WebDriverWait(browser, 20).until(said)
    except TimeoutException:
        done = browser.execute_script("return Object.assign({}, document.querySelector('main').dataset);")
        pytest.fail(f"not said {tickets}: {done}, log {browser.get_log('browser')}")


@needs_espeak
def test_the_hub_says_a_called_number_and_nothing_else(hub, kiosk_headers, advisor, config):
    client, csrf = advisor
    first = hub.create(kiosk_headers)
    second = hub.create(kiosk_headers, "emails")
    assert hub.client.get(f"/display/call.wav?ticket={first['ticket']}").status_code == 404  # not called yet
    client.post(f"/api/help-requests/{first['id']}/call", headers=csrf)
    said = hub.client.get(f"/display/call.wav?ticket={first['ticket']}")  # public, like /display
    assert said.status_code == 200 and said.headers["content-type"] == "audio/wav"
    assert said.content[:4] == b"RIFF" and said.content[8:12] == b"WAVE"
    assert first["ticket"] == "P01" and said.content == espeak_wav(
        "Numéro P 1."
    )  # « P 1 », not « pe-zéro-un »
    assert 0.8 < seconds(said.content) < 4
    again = hub.client.get(f"/display/call.wav?ticket={first['ticket']}")
    assert again.content == said.content  # from the cache: one file, made once
    assert len(list((config.data_dir / "display-speech").glob("*.wav"))) == 1
    for wrong in (second["ticket"], "Z99", "P01%20et%20bonjour", "p01"):  # waiting, unknown, any text
        assert hub.client.get(f"/display/call.wav?ticket={wrong}").status_code in (404, 422), wrong
    assert hub.client.get("/display/call.wav?ticket=P01&site=nulle-part").status_code == 404


def test_without_a_voice_the_display_only_chimes(config, monkeypatch):
    from hub_helpers import FakeClock, Hub, TestClient

    from kiosk.config import SpeechConfig
    from kiosk.hub.app import create_app
    from kiosk.hub.bootstrap import EMBEDDED_TOKEN_ENV

    monkeypatch.delenv(EMBEDDED_TOKEN_ENV, raising=False)
    silent = replace(config, speech=SpeechConfig(enabled=False))
    clock = FakeClock()
    with TestClient(create_app(silent, clock=clock)) as client:
        hub = Hub(client.app, clock, client)
        made = hub.create(hub.add_kiosk())
        advisor, csrf = hub.advisor()
        advisor.post(f"/api/help-requests/{made['id']}/call", headers=csrf)
        said = client.get(f"/display/call.wav?ticket={made['ticket']}")
        assert said.status_code == 503 and "voix" in said.json()["detail"]


@pytest.mark.browser
@needs_espeak
def test_the_display_chimes_and_says_the_number_big_enough_for_5_metres(live_hub, browser):
    kiosk = live_hub.add_kiosk()
    made = [
        requests.post(f"{live_hub.url}/api/help-requests", headers=kiosk, timeout=5, json={"topic": t}).json()
        for t in ("papiers", "emails", "papiers")
    ]
    browser.set_window_size(1920, 1080)
    browser.get(f"{live_hub.url}/display")
    button = browser.find_element(By.ID, "sound-on")
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "nobody").is_displayed())
    assert button.is_displayed() and button.text == "Activer le son"  # the browser's autoplay rule
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "display-sound-off-1080p.png"))
    button.click()  # one tap, once
    assert browser.find_element(By.ID, "sound-state").is_displayed() and not button.is_displayed()
    session, csrf = live_hub.advisor_session()

    def call(request: dict) -> None:
        url = f"{live_hub.url}/api/help-requests/{request['id']}/call"
        session.post(url, headers={"X-CSRF-Token": csrf}, timeout=5).raise_for_status()

    call(made[0])
    main = browser.find_element(By.CSS_SELECTOR, "main.display")
    _until_spoken(browser, "P01")
    assert float(main.get_attribute("data-spoken-seconds")) > 0.8  # decoded by the browser: a real WAV
    url = main.get_attribute("data-last-audio")
    assert url.endswith("/display/call.wav?site=main&ticket=P01")
    served = requests.get(url if url.startswith("http") else live_hub.url + url, timeout=10)
    assert served.content == espeak_wav("Numéro P 1.")
    url = f"{live_hub.url}/api/help-requests/{made[0]['id']}/no-show"
    session.post(url, headers={"X-CSRF-Token": csrf}, timeout=5).raise_for_status()  # P01: a last call
    call(made[1])
    call(made[2])
    _until_spoken(browser, "P01", "E01,P02")  # each new call once, the earlier one not again
    url = f"{live_hub.url}/api/help-requests/{made[1]['id']}/recall"
    session.post(url, headers={"X-CSRF-Token": csrf}, timeout=5).raise_for_status()  # « Rappeler »
    _until_spoken(browser, "P01", "E01,P02", "E01")
    # From 5 m: the digits themselves (measured from the font's glyphs) are ≥ 1/6 of the screen's height.
    sizes = browser.execute_script(
        """const out = [];
        for (const li of document.querySelectorAll('#called li')) {
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = getComputedStyle(li).font;
          const m = ctx.measureText(li.textContent);
          out.push([li.textContent, m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
                    li.getBoundingClientRect().bottom]);
        }
        const recent = document.querySelector('#recent li').getBoundingClientRect();
        return {calls: out, height: window.innerHeight, recentTop: recent.top, recentBottom: recent.bottom,
                width: document.documentElement.scrollWidth, innerWidth: window.innerWidth};"""
    )
    assert sorted(c[0] for c in sizes["calls"]) == ["E01", "P02"]
    assert all(glyphs >= sizes["height"] / 6 for _t, glyphs, _b in sizes["calls"]), sizes
    assert sizes["recentTop"] > max(b for _t, _g, b in sizes["calls"])  # the last calls, below
    assert sizes["recentBottom"] <= sizes["height"] and sizes["width"] <= sizes["innerWidth"]  # no scrolling
    browser.save_screenshot(str(ARTIFACTS / "display-speaks-1080p.png"))
