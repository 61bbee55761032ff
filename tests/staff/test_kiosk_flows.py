"""Done means, tried as a new user would, on a real Kivy window with synthetic touches, a real hub on
loopback and a network printer stand-in: bytes decoded back, QR codes parsed as iCalendar events."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import staff_phone

from kiosk.printing.decode import decode_escpos

pytestmark = pytest.mark.ui
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "ui"))
from remote import RemoteKiosk, kiosks  # noqa: E402  (tests/ui: the remote pilot)

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def kiosk_factory(tmp_path):
    """``start(**args)``: a fresh kiosk_driver.py child (its own hub, agenda and printer stand-in)."""
    with kiosks(tmp_path, {}, HERE / "kiosk_driver.py") as start:
        yield start


@pytest.fixture
def kiosk(kiosk_factory) -> RemoteKiosk:
    return kiosk_factory()


def flat(decoded) -> str:
    """The printed text with line breaks and runs of spaces as one space (large type wraps often)."""
    return " ".join(decoded.text.split())


def event_of(payload: str) -> icalendar.Event:
    event = icalendar.Event.from_ical(payload)
    assert event.name == "VEVENT"
    return event


def last_receipt(kiosk: RemoteKiosk, more_than: int = 0) -> object:
    """The last receipt at the printer once there are more than ``more_than``, decoded."""
    return decode_escpos(bytes.fromhex(kiosk.until("receipts", more_than=more_than)[-1]))


def qr_on_screen(shot: Path, *flags: str) -> subprocess.CompletedProcess:
    """Read the QR code off a screenshot like a phone would."""
    return subprocess.run(["zbarimg", "-q", "--raw", *flags, str(shot)], capture_output=True, timeout=30)


def open_agenda(kiosk: RemoteKiosk) -> list[dict]:
    """« Agenda » from home; its sessions once loaded."""
    kiosk.tap("home:agenda")
    return kiosk.until("sessions", timeout=15)


def register(kiosk: RemoteKiosk, session: dict, name: str) -> None:
    """A session's « S'inscrire », then ``name`` on the keyboard and « Suivant »."""
    kiosk.tap(f"agenda:register:{session['id']}", scroll=True)
    kiosk.wait_screen("register")
    kiosk.wait_for("register", state="name")
    kiosk.type(name)
    said = kiosk.probe("register_speech")  # 🔊 says how many letters, never the name
    assert f"Vous avez écrit {len(name)} lettres." in said and "Suivant" in said and name not in said
    kiosk.tap("register:next")


def test_a_resident_sees_and_prints_the_next_dates(kiosk):
    open_agenda(kiosk)
    kiosk.frames(4)
    texts = " ".join(kiosk.texts())
    assert "Vendredi 27 novembre, de 16\xa0h à 17\xa0h" in texts
    assert "Permanence sans rendez-vous — Maison de quartier de Terville" in texts
    kiosk.tap("agenda:print", scroll=True)
    kiosk.until("slip", screen="agenda", state="printed")
    printed = last_receipt(kiosk)
    assert printed.lines[1].strip() == "Prochaines séances"
    assert "- Vendredi 27 novembre, de 16 h à 17 h" in printed.lines
    assert printed.cuts == 1


def test_a_full_workshop_gives_a_waitlist_slip(kiosk):
    full = next(s for s in open_agenda(kiosk) if s["registrable"] and s["seats_left"] == 0)  # 10 December
    register(kiosk, full, "Zoé")
    kiosk.wait_for("register", state="phone")
    # On the 7-inch screen the question has its own page first, with « Pas de téléphone » beside « Écrire ».
    assert kiosk.keyboard_stage() == "instruction"
    kiosk.tap("phone:write")
    kiosk.tap("register:phone-ok")  # nothing typed: a clear message in the question's place, nothing lost
    assert kiosk.read("register", "problem") == "Le numéro a 10 chiffres et commence par 0."
    assert kiosk.keyboard_stage() == "instruction"
    assert "Le numéro a 10 chiffres et commence par 0." in kiosk.texts()
    kiosk.tap("register:no-phone")
    kiosk.wait_for("register", state="done")
    kiosk.until("slip", screen="register", state="printed")
    assert kiosk.probe("registration") == {"status": "waitlisted", "position": 1}
    slip = last_receipt(kiosk)
    text = "\n".join(line.strip() for line in slip.lines)
    flat = " ".join(text.split())
    assert "Liste d'attente" in text and "Zoé" in text and "Votre place sur la liste :\nN° 1" in text
    assert "Jeudi 10 décembre, de 14 h à 16 h" in text
    assert "l'accueil vous le dira" in flat  # no phone: told at the desk
    kiosk.tap("register:done", scroll=True)
    kiosk.wait_screen("home")
    assert kiosk.read("register", "first_name") == ""  # nothing personal stays in the kiosk


def test_the_printer_hangs_mid_day_and_nobody_waits(kiosk, tmp_path):
    kiosk.do("printer_mode", mode="hang")  # the TCP stand-in accepts and never answers
    open_one = next(s for s in open_agenda(kiosk) if s["registrable"] and (s["seats_left"] or 0) > 0)
    register(kiosk, open_one, "Marcel")
    kiosk.type("0612345678")
    said = kiosk.probe("register_speech")  # 🔊 on a public loudspeaker: how many digits, never which
    assert "Vous avez écrit 10 chiffres." in said and "Valider" in said and "Pas de téléphone" in said
    assert not any(digit in said.replace("10 chiffres", "") for digit in "0123456789")
    kiosk.tap("register:phone-ok")
    kiosk.until("slip", screen="register", state="printing", timeout=15)
    started = time.monotonic()  # the resident waits for the paper from here
    kiosk.until("slip", screen="register", state="failed", preview=True)
    assert time.monotonic() - started < 5.5  # print_fallback_s (5 s) and a few frames
    assert "Le papier n'a pas pu sortir." in kiosk.texts()
    # The slip on screen carries its QR code: read it off the screenshot like a phone would.
    shot = kiosk.do("shoot_slip", path=str(tmp_path / "slip_fallback_qr.png"))
    read = qr_on_screen(Path(shot["path"]), "-Sbinary")
    assert read.returncode == 0, f"no QR code readable on the screen ({shot})"
    # The hung printer gives up seconds later: the resident, scrolled down to the QR code, stays there.
    kiosk.until("printer_drained", timeout=30)
    kiosk.frames(10)
    assert kiosk.do("slip_rect") == shot["slip"]
    event = event_of(read.stdout.decode("utf-8"))
    assert str(event["SUMMARY"]) == "La sécurité sur Internet"
    assert event["DTSTART"].dt == datetime(2026, 12, 3, 14, tzinfo=PARIS)
    # Back on: « Réimprimer » prints the same confirmation.
    kiosk.do("printer_mode", mode="online")
    before = len(kiosk.probe("receipts"))
    kiosk.tap("slip:reprint", scroll=True)
    kiosk.until("slip", screen="register", state="printed", timeout=15)
    again = last_receipt(kiosk, more_than=before)
    assert any("Inscription confirmée" in line for line in again.lines)
    assert event_of(again.qr[0])["DTSTART"].dt == datetime(2026, 12, 3, 13, tzinfo=UTC)


def test_staff_print_an_appointment_from_the_kiosk(kiosk_factory):
    kiosk = kiosk_factory(kiosk_hub_url="https://borne.local:8470")
    kiosk.tap("home:agenda")
    kiosk.tap("agenda:staff", scroll=True)
    kiosk.wait_screen("staff_pin")
    for digit in "9999":
        kiosk.tap(f"pin:{digit}")
    kiosk.tap("pin:ok")
    kiosk.wait_text("faux")
    assert kiosk.read("staff_pin", "message") == "Code faux. Encore 4 essais."
    for digit in "1234":
        kiosk.tap(f"pin:{digit}")
    kiosk.tap("pin:ok")
    kiosk.wait_screen("staff")
    assert [t for t in kiosk.texts() if "connexion sécurisée" in t] == [  # a QR code to the hub's /ca page
        "Téléphone du conseiller\xa0: scannez ce code une fois pour la connexion sécurisée au hub."
    ]
    kiosk.do("scroll_form", y=0)  # the QR code is at the bottom
    kiosk.frames(4)
    read = qr_on_screen(kiosk.screenshot("staff_ca_qr"))
    assert read.stdout.decode("utf-8").strip() == "https://borne.local:8470/ca"
    kiosk.do("scroll_form", y=1)
    kiosk.tap("staff:name", scroll=True)
    kiosk.type("Lucienne")
    kiosk.tap("staff:name-ok")
    kiosk.tap("staff:day:plus", scroll=True)
    kiosk.tap("staff:time:plus", scroll=True)
    kiosk.tap("staff:bring:vitale", scroll=True)
    before = len(kiosk.probe("receipts"))
    kiosk.tap("staff:print", scroll=True)
    kiosk.until("slip", screen="staff", state="printed")
    slip = last_receipt(kiosk, more_than=before)
    text = flat(slip)
    assert "Votre rendez-vous" in text and "Lucienne" in text
    assert "Vendredi 27 novembre 2026" in text and "De 16 h 15 à 16 h 45 Durée : 30 minutes." in text
    assert "- votre carte Vitale" in text
    event = event_of(slip.qr[0])
    assert event["DTSTART"].dt == datetime(2026, 11, 27, 15, 15, tzinfo=UTC)
    assert event["DTSTART"].dt.astimezone(PARIS).hour == 16
    assert (event["DTEND"].dt - event["DTSTART"].dt).total_seconds() == 30 * 60
    assert "Lucienne" not in slip.qr[0]  # the QR holds no name
    kiosk.tap("staff:quit", scroll=True)
    kiosk.wait_screen("home")


def test_staff_print_from_a_phone_and_failures_are_visible(kiosk):
    url = kiosk.probe("hub_url")
    phone = staff_phone.login(url)
    # The dashboard form queues a job; the kiosk pulls, prints and acknowledges it.
    job = staff_phone.post_job(phone, url, "Robert")
    slip = last_receipt(kiosk)
    text = flat(slip)
    assert "Robert" in text and "Jeudi 3 décembre 2026" in text and "Avec : Karim" in text
    event = event_of(slip.qr[0])
    assert event["DTSTART"].dt.astimezone(PARIS) == datetime(2026, 12, 3, 10, 15, tzinfo=PARIS)
    assert staff_phone.wait_job(phone, url, job, "done")["status"] == "done"
    kiosk.do("printer_mode", mode="paper_out")
    failed = staff_phone.wait_job(phone, url, staff_phone.post_job(phone, url, "Simone"), "failed")
    assert (failed["status"], failed["error"]) == ("failed", "Il n'y a plus de papier.")
    health = phone.get(f"{url}/api/kiosks/health", timeout=5).json()[0]
    assert (health["kiosk_id"], health["online"], health["paper"]) == ("borne-test", False, "out")
    page = phone.get(f"{url}/staff/impressions", timeout=5).text
    assert "Imprimante en panne" in page and "Il n&#39;y a plus de papier." in page


def test_the_agenda_keeps_the_button_under_the_finger_when_the_slip_appears(kiosk_factory):
    """« Imprimer mes prochaines dates », then the resident scrolls down to a workshop while the printer
    is busy; the printer then fails and the slip appears on screen at the top: the workshop's button
    must stay the same widget at the same place, and a tap on it opens the registration."""
    kiosk = kiosk_factory(print_fallback_s=60.0)
    kiosk.do("hold_printer_lane")
    kiosk.do("printer_mode", mode="paper_out")
    open_agenda(kiosk)
    kiosk.tap("agenda:print", scroll=True)
    kiosk.until("slip", screen="agenda", state="printing", preview=True)
    action = [a for a in kiosk.buttons() if a.startswith("agenda:register:")][-1]  # the lowest
    before = kiosk.locate(action, scroll=True)
    assert kiosk.probe("slip", screen="agenda")["state"] == "printing"  # scrolled while the printer was busy
    kiosk.do("release_printer_lane")
    kiosk.until("slip", screen="agenda", state="failed", timeout=15)
    kiosk.frames(6)
    after = kiosk.locate(action)
    assert after["uid"] == before["uid"]  # the same button…
    assert abs(after["center"][1] - before["center"][1]) < 2  # …where it was
    assert kiosk.probe("slip_on_top")  # the slip on screen, at the top
    assert sum(t == "Le papier n'a pas pu sortir." for t in kiosk.texts()) == 1  # once
    kiosk.tap(action)  # no scrolling: where the finger already was
    kiosk.wait_screen("register")
    assert f"agenda:register:{kiosk.probe('registered_for')}" == action
