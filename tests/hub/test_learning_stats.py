"""Anonymous learning statistics: kiosks post lesson runs, advisors read totals, a table and an SVG chart."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hub_helpers import PASSWORD, login_csrf

from kiosk.client.hub_client import HubClient
from kiosk.client.outbox import Outbox

ARTIFACTS = Path(__file__).parent / "artifacts"


def run(key: str, *, completed: bool, stopped_at: str | None = None, wrong: int = 0, steps: int = 3) -> dict:
    return {
        "run_key": key,
        "lesson_id": "reperer-arnaque-sms",
        "lesson_title": "Repérer un faux SMS",
        "completed": completed,
        "stopped_at": stopped_at,
        "seconds": 60.0 * steps,
        "steps": [
            {
                "step_id": f"s{i}",
                "index": i,
                "title": f"Étape {i}",
                "seconds": 60.0,
                "wrong": wrong if i == 1 else 0,
            }
            for i in range(steps)
        ],
    }


def test_kiosks_post_runs_and_advisors_read_totals(hub, kiosk_headers, advisor):
    client, _csrf = advisor
    for body in (
        run("a" * 16, completed=True, wrong=2),
        run("b" * 16, completed=False, stopped_at="s1", steps=2),
        run("c" * 16, completed=False, stopped_at="s1", steps=2, wrong=1),
    ):
        assert hub.client.post("/api/learning-runs", json=body, headers=kiosk_headers).status_code == 204
    # Sending a run again (a retry) replaces it: still three runs.
    again = run("a" * 16, completed=True, wrong=2)
    assert hub.client.post("/api/learning-runs", json=again, headers=kiosk_headers).status_code == 204
    stats = client.get("/api/learning-stats").json()
    assert len(stats) == 1
    lesson = stats[0]
    assert (lesson["starts"], lesson["completions"], lesson["wrong_per_run"]) == (3, 1, 1.0)
    assert lesson["median_minutes"] == 2.0
    by_step = {s["step_id"]: s for s in lesson["steps"]}
    assert by_step["s1"]["stopped_here"] == 2 and by_step["s1"]["seen"] == 3 and by_step["s1"]["wrong"] == 3
    assert by_step["s2"]["seen"] == 1


def test_nothing_personal_and_only_the_right_callers(hub, kiosk_headers, advisor):
    client, csrf = advisor
    body = run("d" * 16, completed=True)
    body["first_name"] = "Zoé"  # ignored: the model has no such field, and nothing is stored
    assert hub.client.post("/api/learning-runs", json=body, headers=kiosk_headers).status_code == 204
    with hub.store.transaction() as conn:
        dumped = "\n".join(conn.iterdump())
    assert "Zoé" not in dumped
    assert hub.client.post("/api/learning-runs", json=body).status_code == 401
    assert (
        client.post("/api/learning-runs", json=body, headers=csrf).status_code == 403
    )  # advisors don't post
    assert hub.client.get("/api/learning-stats", headers=kiosk_headers).status_code == 403
    bad = run("e" * 16, completed=True)
    bad["steps"][0]["index"] = 99
    assert hub.client.post("/api/learning-runs", json=bad, headers=kiosk_headers).status_code == 422


def test_the_page_needs_a_login_and_shows_a_table_and_a_chart(hub, kiosk_headers, advisor):
    assert hub.client.get("/learning", follow_redirects=False).headers["location"] == "/login"
    client, _csrf = advisor
    assert "Aucune leçon suivie" in client.get("/learning").text
    hub.client.post("/api/learning-runs", json=run("f" * 16, completed=True), headers=kiosk_headers)
    hub.client.post(
        "/api/learning-runs", json=run("g" * 16, completed=False, stopped_at="s1"), headers=kiosk_headers
    )
    page = client.get("/learning?lesson=reperer-arnaque-sms").text
    assert "Repérer un faux SMS" in page and '<table id="lessons">' in page and "<svg" in page
    widths = [float(w) for w in re.findall(r'class="bar-total" x="\d+" y="\d+" width="([\d.]+)"', page)]
    parts = [float(w) for w in re.findall(r'class="bar-part" x="\d+" y="\d+" width="([\d.]+)"', page)]
    assert widths[0] == 420 and parts[0] == 210  # 2 started, 1 finished: half the bar
    assert "Étapes de « Repérer un faux SMS »" in page
    # The catalogue: every shipped lesson by theme, the new ones too, with its starts (0: never opened).
    catalogue = page[page.index('<table id="catalogue">') :]
    assert "Mes démarches" in catalogue and "Mon entreprise" in catalogue
    assert re.search(r"Mon compte ameli : attestation et remboursements</a></td>\s*<td>0</td>", catalogue)
    assert re.search(r"Repérer un faux SMS</a></td>\s*<td>2</td>", catalogue)
    assert hub.client.get("/learning.css").status_code == 200


def test_the_hub_client_sends_runs_best_effort(live_hub, tmp_path):
    headers = live_hub.add_kiosk()
    token = headers["Authorization"].removeprefix("Bearer ")
    with HubClient(live_hub.url, token, outbox=Outbox(tmp_path / "o.sqlite3"), timeout=3) as client:
        assert client.send_learning_run(run("h" * 16, completed=True)) is True
    with HubClient("http://127.0.0.1:9", token, outbox=Outbox(tmp_path / "p.sqlite3"), timeout=1) as dead:
        assert dead.send_learning_run(run("i" * 16, completed=True)) is False  # lost, never raises
        assert dead.outbox.count_pending() == 0


@pytest.mark.browser
def test_the_statistics_page_in_chromium(live_hub, open_browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    headers = live_hub.add_kiosk()
    with HubClient(
        live_hub.url, headers["Authorization"][7:], outbox=Outbox(Path(tempfile.mkdtemp()) / "o"), timeout=3
    ) as c:
        for n in range(5):
            c.send_learning_run(
                run(f"run{n:02d}xxxxxxxx", completed=n % 2 == 0, stopped_at=None if n % 2 == 0 else "s1")
            )
        other = run("otherxxxxxxxxx", completed=True)
        other.update(lesson_id="utiliser-le-clavier", lesson_title="Écrire avec le clavier de l'écran")
        c.send_learning_run(other)
    live_hub.advisor_session()  # creates the account "anne"
    browser = open_browser((1000, 1100))
    browser.get(f"{live_hub.url}/login")
    browser.find_element(By.ID, "name").send_keys("anne")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.login-form button").click()
    # The login's answer (its session cookie) must be in before the next page is asked for: under load the
    # click returns before the POST has come back, and /learning would then redirect to the login page.
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)
    browser.get(f"{live_hub.url}/learning?lesson=reperer-arnaque-sms")
    rows = browser.find_elements(By.CSS_SELECTOR, "#lessons tbody tr")
    assert len(rows) == 2
    assert "Repérer un faux SMS" in rows[0].text and "5" in rows[0].text
    bars = browser.find_elements(By.CSS_SELECTOR, "svg rect.bar-total")
    assert len(bars) == 2 + 3 and bars[0].size["width"] > bars[1].size["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "learning-stats.png"))
    assert login_csrf  # the helper module is the one the other hub tests use


def test_odd_runs_get_a_clear_answer_not_a_server_error(hub, kiosk_headers, advisor):
    client, _csrf = advisor
    twice = run("j" * 16, completed=False, stopped_at="s1")
    twice["steps"].append(dict(twice["steps"][0]))
    assert hub.client.post("/api/learning-runs", json=twice, headers=kiosk_headers).status_code == 422
    unfinished = run("k" * 16, completed=False, stopped_at=None)  # left without a step to stop at
    assert hub.client.post("/api/learning-runs", json=unfinished, headers=kiosk_headers).status_code == 204
    stats = client.get("/api/learning-stats")
    assert stats.status_code == 200 and stats.json()[0]["starts"] == 1
    assert all(s["stopped_here"] == 0 for s in stats.json()[0]["steps"])
