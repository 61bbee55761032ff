"""The help flow end to end with synthetic touches: a real hub on loopback, a printer writing ESC/POS bytes
to a file that is decoded back; then failures (printer, hub), inactivity, kiosk mode and debounce."""

from __future__ import annotations

import pytest
import requests
from conftest import ADVISOR, free_port, run_driver

pytestmark = pytest.mark.ui


def test_help_flow_against_a_real_hub_and_printer(real_hub, tmp_path):
    from kiosk.printing.decode import decode_escpos

    someone = requests.post(
        f"{real_hub['url']}/api/help-requests",
        json={"topic": "emails"},
        timeout=10,
        headers={"Authorization": f"Bearer {real_hub['token']}"},
    )
    assert someone.status_code == 201  # one person ahead: the ticket says « 1 personne avant vous »
    seen = run_driver(
        tmp_path / "driver",
        scenario="help_flow",
        hub_url=real_hub["url"],
        token=real_hub["token"],
        config_path=real_hub["config_path"],
        real_printer=True,
        advisor=ADVISOR,
        poll_interval_s=0.5,
    )
    ticket = seen["ticket"]
    assert ticket.startswith("P") and ticket[1:].isdigit()
    assert ticket in seen["texts_ticket"]
    assert seen["print_state"] == "printed"
    assert seen["name_after_validate"] == ""
    assert not any("Zoé" in text for text in seen["texts_ticket"] + seen["texts_called"])

    printed = decode_escpos(real_hub["out"].read_bytes())
    text = " ".join(printed.text.split())  # the printer wraps lines
    assert ticket in text
    assert "Mes papiers en ligne" in text
    assert "1 personne avant vous." in text
    assert "Médiathèque de test" in text
    assert "Zoé" not in text  # no first name on a public ticket
    assert printed.qr == [f"kiosk:ticket:{seen['request_id']}"]

    assert "C'est à vous\u00a0!" in seen["texts_called"]
    assert seen["chime_plays"] == 1


@pytest.fixture(scope="module")
def misc(tmp_path_factory):
    out = tmp_path_factory.mktemp("misc")
    return run_driver(
        out,
        scenario="misc",
        kiosk_mode=True,
        failing_printer="file:/nonexistent/dir/x",
        dead_hub_url=f"http://127.0.0.1:{free_port()}",
        print_fallback_s=5.0,
    )


def test_escape_and_window_close_do_not_exit_in_kiosk_mode(misc):
    assert misc["escape_swallowed"] and misc["close_refused"] and misc["running_after_escape"]


def test_two_quick_taps_make_one_request(misc):
    assert misc["requests_after_double_tap"] == 1
    assert misc["screen_after_double_tap"] == "help_ticket"
    assert misc["sent_name"] == "Zoé"


def test_the_same_key_tapped_twice_at_once_types_once(misc):
    assert misc["double_key"] == "An"


def test_inactivity_asks_then_wipes_and_goes_home(misc):
    assert "Êtes-vous toujours là\u00a0?" in misc["idle_texts"]
    assert "Je continue" in misc["idle_texts"]
    assert misc["name_after_continue"] == "Zoé"
    assert misc["name_after_idle"] == ""
    assert misc["keyboard_texts_after_idle"] == []


def test_printer_failure_shows_the_ticket_on_screen(misc):
    texts = misc["print_failed_texts"]
    assert "Montrez cet écran au conseiller." in texts
    assert "P07" in texts


def test_unreachable_hub_says_so_and_keeps_the_request(misc):
    texts = misc["queued_texts"]
    assert "Le conseiller n'est pas joignable pour le moment." in texts
    assert "Votre demande est gardée et sera envoyée dès que possible." in texts
    assert misc["outbox_pending"] == 1


def test_needs_away_reprint_cancel_and_cut_off_at_the_kiosk(real_hub, tmp_path):
    """The queue console seen from the kiosk, tapped through against a real hub and printer."""
    from base64 import b64decode
    from pathlib import Path

    from kiosk.printing.decode import decode_escpos

    data = Path(real_hub["config_path"]).parent / "data"
    seen = run_driver(
        tmp_path / "driver",
        scenario="help_console",
        hub_url=real_hub["url"],
        token=real_hub["token"],
        config_path=real_hub["config_path"],
        real_printer=True,
        advisor=ADVISOR,
        poll_interval_s=0.5,
        db=str(data / "hub.sqlite3"),
    )
    assert "J'entends mal" in seen["needs_texts"] and "Continuer" in seen["needs_texts"]
    assert seen["request"]["needs"] == ["hearing", "sight"] and seen["request"]["ticket"].startswith("E")
    assert seen["needs_after"] == []  # wiped once the request left
    assert "Le conseiller est absent jusqu'à 23\u00a0h\u00a059." in seen["away_texts"]
    assert "Votre place est gardée." in seen["away_texts"]
    assert "Annuler votre demande\u00a0?" in seen["confirm_texts"]
    assert seen["cancelled_status"] == "cancelled"
    assert "Plus de ticket pour aujourd'hui" in seen["cutoff_texts"]
    assert seen["open_requests"] == 0  # the cut-off issued no ticket

    first, again, dates = (" ".join(decode_escpos(b64decode(p)).text.split()) for p in seen["printed"])
    number = seen["request"]["ticket"]
    assert number in first and number in again  # the same number on the reprint
    assert "Revenez vers" not in first
    assert "Votre place est gardée. Revenez vers 23 h 59." in again  # printed while the advisor is away
    assert "Plus de ticket aujourd'hui" in dates and "Permanence" not in dates[:0]
    assert "Revenez à une prochaine permanence" in dates or "Demandez les prochaines dates" in dates
