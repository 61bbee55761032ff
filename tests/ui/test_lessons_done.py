"""« Done means », tried as a new resident would, by touch only, in a real Kivy window against a real hub:
three lessons (a simulation, typing, spot-the-clues), read aloud, text at 200 %, « Ma fiche » printed,
« Appeler le conseiller » carrying the lesson, and a lesson resumed with its code."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import requests
from conftest import ADVISOR, SNAPSHOTS, run_driver
from snapshots import check_snapshot
from test_lessons_steps import PARCOURS, _visible

from kiosk.printing.decode import decode_escpos
from kiosk.speech import wav_seconds

pytestmark = pytest.mark.ui

SIZE, WIDTH_MM = (800, 480), 154.0  # the Raspberry Pi 7" display: the tightest screen
SNAPSHOT_STATES = ("big_text", "later", "code_typed", "sim_keyboard", "clues_big")


@pytest.fixture
def resident(real_hub, tmp_path):
    result = run_driver(
        tmp_path / "driver",
        scenario="done_means",
        size=list(SIZE),
        screen_width_mm=WIDTH_MM,
        hub_url=real_hub["url"],
        token=real_hub["token"],
        config_path=real_hub["config_path"],
        lessons_dir=str(PARCOURS),
    )
    result["out"] = tmp_path / "driver"
    return result


def _advisor_session(url: str) -> requests.Session:
    import re

    session = requests.Session()
    session.trust_env = False
    form = session.get(f"{url}/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = session.post(
        f"{url}/login",
        data={"name": ADVISOR["name"], "password": ADVISOR["password"], "csrf_token": csrf},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    return session


def test_a_resident_learns_three_lessons_by_touch(resident, real_hub):
    """One run of the scenario (a real hub per test): behaviour, then layout at 200 %, then snapshots."""
    seen = resident["seen"]
    # Three lessons done by touch: the simulation, the typing (without the accent: tolerated), the clues.
    assert seen["sim"] and seen["typed"] and seen["clues"]
    # The simulation's reply field is typed on the keyboard, guided: « Maj » for the M, then « OK ».
    assert seen["sim_keys"] == ["shift", "ok"]
    # The clues are words inside the flowing SMS, tapped where they are drawn at 100 % and at 200 %.
    assert seen["clue_at_100"] == ["urgent"]
    assert seen["clue_wrong_at_200"] == [False, "Ce passage n'est pas suspect. Cherchez ailleurs."]
    # Heard aloud: real French audio of the screen's words.
    text, wav = seen["spoken"]
    assert text.startswith("Votre boîte mail. La boîte mail range vos messages.")
    assert 2.0 < wav_seconds(Path(wav)) < 30
    # « A+ » four times: 200 %, then back to 100 %; and a new session starts at 100 %.
    assert seen["scale"] == 2.0 and seen["scale_after"] == 1.0
    assert seen["after_home"] == [True, 1.0]
    # « Continuer plus tard » shows the code on screen, even on the 7-inch display.
    assert seen["code_in_view"] is True
    # The code: a wrong one is refused in plain French, the right one reopens the clues step.
    assert seen["bad_code"] == "Ce code n'existe pas. Vérifiez les lettres."
    assert seen["resumed_at"] == "indices"
    # « Ma fiche »: the last memo printed decodes to its recap, its QR link and a resume code.
    printed = decode_escpos((resident["out"] / "memo.bin").read_bytes())
    text = " ".join(printed.text.split())
    assert "Je ne touche pas un lien reçu par surprise." in text
    assert "https://www.33700.fr" in printed.qr
    assert "Prochain atelier sur ce thème" not in text or "sécurité" in text.lower()
    # « Appeler le conseiller »: a real ticket, which tells the advisor the lesson and the step.
    state, ticket = seen["help"]
    assert state == "sent" and ticket
    session = _advisor_session(real_hub["url"])
    requests_seen = session.get(f"{real_hub['url']}/api/help-requests?status=waiting", timeout=10).json()
    mine = next(r for r in requests_seen if r["ticket"] == ticket)
    if "lesson_id" in mine:  # the queue's side of the contract (issue 4)
        assert (mine["lesson_id"], mine["step_id"]) == ("essai-faux-sms", "indices")
    # Anonymous statistics reached the hub: three lessons started, the first two finished, the third
    # stopped at the clues (then resumed and finished in a second run).
    stats = {
        s["lesson_id"]: s for s in session.get(f"{real_hub['url']}/api/learning-stats", timeout=10).json()
    }
    assert stats["essai-boite-mail"]["completions"] == 1
    assert stats["essai-ecrire-adresse"]["completions"] == 1
    clues = stats["essai-faux-sms"]
    assert clues["starts"] == 2 and clues["completions"] == 1
    assert next(s for s in clues["steps"] if s["step_id"] == "indices")["stopped_here"] == 1
    assert not _layout_problems(resident)
    for state in SNAPSHOT_STATES:
        problem = check_snapshot(
            Path(resident["shots"][state]), SNAPSHOTS / f"lesson_{state}-{SIZE[0]}x{SIZE[1]}.png"
        )
        assert not problem, problem


def _layout_problems(resident) -> list:
    """Text at 200 % keeps the touch rules: nothing cut, targets ≥ 10 mm, 4 mm apart."""
    px_per_mm = SIZE[0] / WIDTH_MM
    rows = [r for r in resident["layout"] if r["state"].startswith("big_text") or r["state"] == "clues_big"]
    assert rows
    problems = []
    for r in rows:
        if r["kind"] == "label" and not r.get("shorten"):
            width, height = r["box"][2] - r["box"][0], r["box"][3] - r["box"][1]
            if r["texture"][1] > height + 2 or r["texture"][0] > width + 2:
                problems.append(("cut", r["state"], r["text"][:40]))
        if r["kind"] == "button" and not r["in_scroll"]:
            width, height = r["box"][2] - r["box"][0], r["box"][3] - r["box"][1]
            if min(width, height) < 10 * px_per_mm - 1:
                problems.append(("small", r["state"], r["action"]))
    buttons = [v for v in (_visible(r) for r in rows if r["kind"] == "button") if v is not None]
    for a, b in itertools.combinations(buttons, 2):
        if a["state"] == b["state"]:
            dx = max(b["box"][0] - a["box"][2], a["box"][0] - b["box"][2], 0)
            dy = max(b["box"][1] - a["box"][3], a["box"][1] - b["box"][3], 0)
            if max(dx, dy) < 4 * px_per_mm - 1:
                problems.append(("tight", a["state"], a["action"], b["action"]))
    return problems
