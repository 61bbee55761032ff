"""Done means, tried as a new user would, on a real Kivy window with synthetic touches, a real hub on
loopback and a network printer stand-in: bytes decoded back, QR codes parsed as iCalendar events."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from kiosk.printing.decode import decode_escpos

pytestmark = pytest.mark.ui
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "ui"))
from driver import run_child  # noqa: E402  (tests/ui: the one way to run a Kivy scenario)

PARIS = ZoneInfo("Europe/Paris")


def run_flow(tmp_path: Path, scenario: str, **args) -> dict:
    """Run one tests/staff/flows.py scenario through kiosk_driver.py in its own process."""
    return run_child(tmp_path / scenario, {"scenario": scenario, **args}, script=HERE / "kiosk_driver.py")


def flat(decoded) -> str:
    """The printed text with line breaks and runs of spaces as one space (large type wraps often)."""
    return " ".join(decoded.text.split())


def event_of(payload: str) -> icalendar.Event:
    event = icalendar.Event.from_ical(payload)
    assert event.name == "VEVENT"
    return event


@pytest.fixture(scope="module")
def resident(tmp_path_factory) -> dict:
    return run_flow(tmp_path_factory.mktemp("flows"), "resident")


@pytest.fixture(scope="module")
def staff(tmp_path_factory) -> dict:
    return run_flow(tmp_path_factory.mktemp("flows"), "staff", kiosk_hub_url="https://borne.local:8470")


def test_a_resident_sees_and_prints_the_next_dates(resident):
    texts = " ".join(resident["agenda_texts"])
    assert "Vendredi 27 novembre, de 16\xa0h à 17\xa0h" in texts
    assert "Permanence sans rendez-vous — Maison de quartier de Terville" in texts
    printed = decode_escpos(bytes.fromhex(resident["next_dates"]))
    assert printed.lines[1].strip() == "Prochaines séances"
    assert "- Vendredi 27 novembre, de 16 h à 17 h" in printed.lines
    assert printed.cuts == 1


def test_a_full_workshop_gives_a_waitlist_slip(resident):
    assert resident["phone_problem"] == "Le numéro a 10 chiffres et commence par 0."
    assert (resident["waitlist_result"]["status"], resident["waitlist_result"]["position"]) == (
        "waitlisted",
        1,
    )
    slip = decode_escpos(bytes.fromhex(resident["waitlist"]))
    text = "\n".join(line.strip() for line in slip.lines)
    flat = " ".join(text.split())
    assert "Liste d'attente" in text and "Zoé" in text and "Votre place sur la liste :\nN° 1" in text
    assert "Jeudi 10 décembre, de 14 h à 16 h" in text
    assert "l'accueil vous le dira" in flat  # no phone: told at the desk
    assert resident["name_after_done"] == ""  # nothing personal stays in the kiosk


def test_the_printer_hangs_mid_day_and_nobody_waits(resident):
    assert resident["fallback_after_s"] < 5.0
    assert "Le papier n'a pas pu sortir." in resident["fallback_texts"]
    # The slip on screen carries its QR code: read it off the screenshot like a phone would.
    shot = resident["shots"]["slip_fallback_qr"]
    read = subprocess.run(["zbarimg", "-q", "--raw", "-Sbinary", shot], capture_output=True, timeout=30)
    assert read.returncode == 0, "no QR code readable on the screen"
    event = event_of(read.stdout.decode("utf-8"))
    assert str(event["SUMMARY"]) == "La sécurité sur Internet"
    assert event["DTSTART"].dt == datetime(2026, 12, 3, 14, tzinfo=PARIS)
    # Back on: « Réimprimer » prints the same confirmation.
    again = decode_escpos(bytes.fromhex(resident["reprint"]))
    assert any("Inscription confirmée" in line for line in again.lines)
    assert event_of(again.qr[0])["DTSTART"].dt == datetime(2026, 12, 3, 13, tzinfo=UTC)


def test_staff_print_an_appointment_from_the_kiosk(staff):
    assert staff["wrong_pin"] == "Code faux. Encore 4 essais."
    assert staff["ca_qr"] == [  # a QR code to https://borne.local:8470/ca for the advisor's phone
        "Téléphone du conseiller\xa0: scannez ce code une fois pour la connexion sécurisée au hub."
    ]
    shot = staff["shots"]["staff_ca_qr"]
    read = subprocess.run(["zbarimg", "-q", "--raw", shot], capture_output=True, timeout=30)
    assert read.stdout.decode("utf-8").strip() == "https://borne.local:8470/ca"
    slip = decode_escpos(bytes.fromhex(staff["kiosk_slip"]))
    text = flat(slip)
    assert "Votre rendez-vous" in text and "Lucienne" in text
    assert "Vendredi 27 novembre 2026" in text and "De 16 h 15 à 16 h 45 Durée : 30 minutes." in text
    assert "- votre carte Vitale" in text
    event = event_of(slip.qr[0])
    assert event["DTSTART"].dt == datetime(2026, 11, 27, 15, 15, tzinfo=UTC)
    assert event["DTSTART"].dt.astimezone(PARIS).hour == 16
    assert (event["DTEND"].dt - event["DTSTART"].dt).total_seconds() == 30 * 60
    assert "Lucienne" not in slip.qr[0]  # the QR holds no name


def test_staff_print_from_a_phone_and_failures_are_visible(staff):
    slip = decode_escpos(bytes.fromhex(staff["dashboard_slip"]))
    text = flat(slip)
    assert "Robert" in text and "Jeudi 3 décembre 2026" in text and "Avec : Karim" in text
    event = event_of(slip.qr[0])
    assert event["DTSTART"].dt.astimezone(PARIS) == datetime(2026, 12, 3, 10, 15, tzinfo=PARIS)
    assert staff["job_done"]["status"] == "done"
    assert (staff["job_failed"]["status"], staff["job_failed"]["error"]) == (
        "failed",
        "Il n'y a plus de papier.",
    )
    health = staff["health"][0]
    assert (health["kiosk_id"], health["online"], health["paper"]) == ("borne-test", False, "out")
    assert (
        "Imprimante en panne" in staff["printing_page"]
        and "Il n&#39;y a plus de papier." in staff["printing_page"]
    )


def test_the_agenda_keeps_the_button_under_the_finger_when_the_slip_appears(tmp_path):
    seen = run_flow(tmp_path, "slip_under_finger", print_fallback_s=60.0)
    assert seen["state_before"] == "printing"  # scrolled down while the printer was still busy
    assert seen["slip_shown"] and seen["slips"] == 1  # then the slip appeared on screen, at the top, once
    assert seen["same_button"] and seen["moved_px"] < 2  # the workshop's button did not move
    assert seen["register_session"]  # and the tap on it opened its registration
