"""The help flow end to end with synthetic touches: a real hub on loopback, a printer writing ESC/POS bytes
to a file that is decoded back; then failures (printer, hub), inactivity, kiosk mode and debounce."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import advisor
import pytest
import requests
from conftest import ADVISOR, free_port
from journeys import ask_for_help, without_name

from kiosk.printing.decode import decode_escpos

pytestmark = pytest.mark.ui


def test_help_flow_against_a_real_hub_and_printer(real_hub, kiosk_factory):
    someone = requests.post(
        f"{real_hub['url']}/api/help-requests",
        json={"topic": "emails"},
        timeout=10,
        headers={"Authorization": f"Bearer {real_hub['token']}"},
    )
    assert someone.status_code == 201  # one person ahead: the ticket says « 1 personne avant vous »
    kiosk = kiosk_factory(
        hub_url=real_hub["url"],
        token=real_hub["token"],
        config_path=real_hub["config_path"],
        real_printer=True,
        poll_interval_s=0.5,
    )
    ask_for_help(kiosk, "Zoé")
    kiosk.tap("help:validate")
    kiosk.wait_for("help_ticket", state="ticket", print_state="printed", timeout=15)
    ticket, request_id = kiosk.read("help_ticket", "ticket", "request_id").values()
    assert ticket.startswith("P") and ticket[1:].isdigit()
    on_ticket = kiosk.texts()
    assert ticket in on_ticket
    assert kiosk.read("help_name", "name_text") == ""  # the name is wiped once the request left

    printed = decode_escpos(real_hub["out"].read_bytes())
    text = " ".join(printed.text.split())  # the printer wraps lines
    assert ticket in text
    assert "Mes papiers en ligne" in text
    assert "1 personne avant vous." in text
    assert "Médiathèque de test" in text
    assert "Zoé" not in text  # no first name on a public ticket
    assert printed.qr == [f"kiosk:ticket:{request_id}"]

    advisor.call(real_hub["url"], ADVISOR, request_id)
    kiosk.wait_for("help_ticket", state="called", timeout=15)
    kiosk.frames(2)
    called = kiosk.texts()
    assert "C'est à vous\u00a0!" in called
    assert kiosk.probe("chime_plays") == 1
    assert not any("Zoé" in text for text in on_ticket + called)


@pytest.fixture
def kiosk_mode(kiosk_factory):
    """A kiosk in kiosk mode (no way out by keyboard or window), on fakes."""
    return kiosk_factory(kiosk_mode=True)


def test_escape_and_window_close_do_not_exit_in_kiosk_mode(kiosk_mode):
    assert kiosk_mode.dispatch("on_keyboard", 27, 41, None, [])  # Escape swallowed
    assert kiosk_mode.dispatch("on_request_close")  # the window's close button refused
    kiosk_mode.frames(5)
    assert kiosk_mode.probe("running")


def test_two_quick_taps_make_one_request(kiosk_mode):
    ask_for_help(kiosk_mode, "Zoé")
    kiosk_mode.tap("help:validate")
    kiosk_mode.tap("nav:home", fresh=False)  # the second tap lands where « Accueil » appears
    kiosk_mode.wait_for("help_ticket", state="ticket")
    kiosk_mode.frames(5)
    asks = kiosk_mode.probe("hub_calls")
    assert len(asks) == 1
    assert kiosk_mode.screen() == "help_ticket"
    assert asks[0][1] == "Zoé"


def test_the_same_key_tapped_twice_at_once_types_once(kiosk_mode):
    ask_for_help(kiosk_mode, "A")
    kiosk_mode.tap("key:n")
    kiosk_mode.tap("key:n", fresh=False)
    assert kiosk_mode.read("help_name", "name_text") == "An"


def test_inactivity_asks_then_wipes_and_goes_home(kiosk_mode):
    idle_s, answer_s = kiosk_mode.probe("idle_timeouts")
    ask_for_help(kiosk_mode, "Zoé")
    kiosk_mode.advance(idle_s + 1)
    kiosk_mode.until("overlay")
    asked = kiosk_mode.texts()
    assert "Êtes-vous toujours là\u00a0?" in asked
    assert "Je continue" in asked

    kiosk_mode.tap("idle:continue")
    kiosk_mode.until("overlay", shown=False)
    assert kiosk_mode.read("help_name", "name_text") == "Zoé"

    kiosk_mode.advance(idle_s + 1)
    kiosk_mode.until("overlay")
    kiosk_mode.advance(answer_s + 1)  # no answer
    kiosk_mode.wait_screen("home")
    kiosk_mode.until("overlay", shown=False)
    assert kiosk_mode.read("help_name", "name_text") == ""
    assert [t for t in kiosk_mode.texts() if "Zoé" in t] == []


def test_printer_failure_shows_the_ticket_on_screen(kiosk_factory):
    kiosk = kiosk_factory(kiosk_mode=True, failing_printer="file:/nonexistent/dir/x", print_fallback_s=5.0)
    ask_for_help(kiosk, "")
    kiosk.tap("help:validate")
    kiosk.wait_for("help_ticket", print_state="failed", timeout=15)
    kiosk.frames(3)
    texts = kiosk.texts()
    assert "Montrez cet écran au conseiller." in texts
    assert "P07" in texts


def _settled_scroll(kiosk, screen: str) -> dict[str, float]:
    """The screen's scroll view once it stopped moving: when the content's height settles after a scroll,
    the view bounces back to its end over a few frames, more on a busy machine (5 frames once read
    scroll_y -0.0099, mid-bounce, on a loaded CI machine)."""
    last: dict[str, float] | None = None
    for _ in range(100):
        kiosk.frames(2)
        now = kiosk.probe("scroll_of", screen=screen)
        if now == last:
            return now
        last = now
    raise AssertionError(f"the view never stopped moving: {last}")


def test_the_ticket_on_screen_stays_in_view_while_the_queue_moves(kiosk_factory):
    """The printer failed, so the ticket is on screen; the resident scrolled down to it. The next poll
    brings a new position: the words change, the resident's place on the screen does not."""
    kiosk = kiosk_factory(kiosk_mode=True, failing_printer="file:/nonexistent/dir/x", print_fallback_s=5.0)
    ask_for_help(kiosk, "")
    kiosk.tap("help:validate")
    kiosk.wait_for("help_ticket", print_state="failed", timeout=15)
    kiosk.do("scroll_down", screen="help_ticket")
    before = _settled_scroll(kiosk, "help_ticket")
    assert before["room"] > 0 and before["scroll_y"] == 0  # on 800×480 the ticket is below the fold
    kiosk.do("queue_moves")
    kiosk.wait_for("help_ticket", ahead=1, timeout=30)
    after = _settled_scroll(kiosk, "help_ticket")
    moved = after["scroll_y"] * after["room"]  # pixels from the bottom
    assert abs(moved) < 20, f"the view moved {moved:.0f} px from the bottom ({after})"


def test_unreachable_hub_says_so_and_keeps_the_request(kiosk_factory):
    kiosk = kiosk_factory(kiosk_mode=True, hub_url=f"http://127.0.0.1:{free_port()}", token="x" * 40)
    ask_for_help(kiosk, "")
    kiosk.tap("help:validate")
    kiosk.wait_for("help_ticket", state="queued", timeout=15)
    kiosk.frames(3)
    texts = kiosk.texts()
    assert "Le conseiller n'est pas joignable pour le moment." in texts
    assert "Votre demande est gardée et sera envoyée dès que possible." in texts
    assert kiosk.probe("outbox_pending") == 1


def _as_advisor(hub: dict, method: str, path: str, body: dict | None = None) -> dict:
    session, csrf = advisor.login(hub["url"], ADVISOR)
    with session:
        answer = session.request(
            method, f"{hub['url']}{path}", headers={"X-CSRF-Token": csrf}, json=body, timeout=10
        )
        answer.raise_for_status()
        return answer.json()


def _printed(hub: dict) -> str:
    """The ticket the file printer holds now (each print replaces it), as one line of text."""
    return " ".join(decode_escpos(hub["out"].read_bytes()).text.split())


def test_needs_away_reprint_cancel_and_cut_off_at_the_kiosk(real_hub, kiosk_factory):
    """The queue console seen from the kiosk, tapped through against a real hub and printer."""
    kiosk = kiosk_factory(
        hub_url=real_hub["url"],
        token=real_hub["token"],
        config_path=real_hub["config_path"],
        real_printer=True,
        poll_interval_s=0.5,
    )
    kiosk.until("hub_ready")
    # Needs: two toggles, then no name.
    kiosk.tap("home:help")
    kiosk.wait_screen("help_topic")
    kiosk.tap("topic:emails")
    kiosk.wait_screen("help_needs")
    kiosk.tap("need:hearing")
    kiosk.tap("need:sight")
    for _ in range(2):  # off, then on again (each tap after the debounce time)
        kiosk.advance(1)
        kiosk.tap("need:hearing")
    kiosk.wait_for("help_needs", chosen=["hearing", "sight"])
    kiosk.frames(3)
    texts = kiosk.texts()
    assert "J'entends mal" in texts and "Continuer" in texts
    kiosk.tap("needs:continue")
    kiosk.wait_screen("help_name")
    without_name(kiosk)
    kiosk.wait_for("help_ticket", state="ticket", print_state="printed", timeout=15)
    request_id = kiosk.read("help_ticket", "request_id")
    request = _as_advisor(real_hub, "GET", f"/api/help-requests/{request_id}")
    assert request["needs"] == ["hearing", "sight"] and request["ticket"].startswith("E")
    assert kiosk.read("help_needs", "chosen") == []  # wiped once the request left
    first = _printed(real_hub)
    number = request["ticket"]
    assert number in first
    assert "Revenez vers" not in first

    # The advisor leaves until 23:59: the ticket says so, the place is kept, a reprint says when to come.
    _as_advisor(real_hub, "POST", "/api/queue/pause", {"until": "23:59"})
    kiosk.wait_text("absent jusqu'à", timeout=15)
    kiosk.frames(3)
    away = kiosk.texts()
    assert "Le conseiller est absent jusqu'à 23\u00a0h\u00a059." in away
    assert "Votre place est gardée." in away
    kiosk.tap("ticket:reprint")
    kiosk.wait_for("help_ticket", print_state="printed", timeout=15)
    again = _printed(real_hub)
    assert number in again  # the same number on the reprint
    assert "Votre place est gardée. Revenez vers 23 h 59." in again  # printed while the advisor is away
    _as_advisor(real_hub, "POST", "/api/queue/resume", {})

    # « Annuler ma demande », then « Non » keeps it; « Oui » cancels it at the hub.
    kiosk.tap("ticket:cancel")
    kiosk.wait_for("help_ticket", state="confirm_cancel")
    kiosk.frames(3)
    assert "Annuler votre demande\u00a0?" in kiosk.texts()
    kiosk.tap("ticket:keep")
    kiosk.wait_for("help_ticket", state="ticket")
    kiosk.tap("ticket:cancel")
    kiosk.wait_for("help_ticket", state="confirm_cancel")
    kiosk.tap("ticket:cancel_yes")
    kiosk.wait_for("help_ticket", state="cancelled", timeout=15)
    assert _as_advisor(real_hub, "GET", f"/api/help-requests/{request_id}")["status"] == "cancelled"

    # Closing time (the main site closes at 00:00): no ticket; the next drop-in dates print.
    db = Path(real_hub["config_path"]).parent / "data" / "hub.sqlite3"
    with sqlite3.connect(db, timeout=10) as conn:
        conn.execute("UPDATE sites SET closing_time = '00:00' WHERE id = 'main'")
    kiosk.tap("nav:home")
    kiosk.tap("home:help")
    kiosk.wait_screen("help_topic")
    kiosk.tap("topic:papiers")
    kiosk.tap("needs:continue")
    kiosk.wait_screen("help_name")
    without_name(kiosk)
    kiosk.wait_for("help_ticket", state="cutoff", timeout=15)
    kiosk.tap("cutoff:print")
    kiosk.wait_for("help_ticket", print_state="printed", timeout=15)
    kiosk.frames(3)
    assert "Plus de ticket pour aujourd'hui" in kiosk.texts()
    assert _as_advisor(real_hub, "GET", "/api/help-requests?status=open") == []  # the cut-off issued none
    dates = _printed(real_hub)
    assert "Plus de ticket aujourd'hui" in dates
    assert "Revenez à une prochaine permanence" in dates or "Demandez les prochaines dates" in dates
