"""The slips (next dates, confirmation, waitlist, appointment): readable text, exact bytes with a fixed
profile, preview PNGs (golden files), QR codes decoded — natively and from images — as iCalendar events."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import icalendar
import pytest
from printing_helpers import assert_golden_bytes, assert_golden_image
from slip_samples import PARIS, PRINTED, SITE, samples

from kiosk.domain.slips import appointment
from kiosk.printing.decode import decode_escpos
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.preview import render_preview

KINDS = ("next_dates", "confirmation", "waitlist", "appointment")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", KINDS)
def test_golden_bytes(kind):
    assert_golden_bytes(
        f"{kind}_TM-T88V_80mm.bin", render_escpos(samples()[kind], profile="TM-T88V", paper_width_mm=80)
    )


@pytest.mark.parametrize(("kind", "paper"), [(k, 80) for k in KINDS] + [("appointment", 58)])
def test_golden_previews(kind, paper, tmp_path):
    assert_golden_image(
        f"{kind}_{paper}mm.png", render_preview(samples()[kind], paper_width_mm=paper), tmp_path
    )


def test_next_dates_read_in_full():
    printed = decode_escpos(render_escpos(samples()["next_dates"], profile="TM-T88V", paper_width_mm=80))
    assert [line.strip() for line in printed.lines[:6]] == [
        SITE,
        "Prochaines séances",
        "—" * 42,
        "Permanence sans rendez-vous",
        SITE,
        "- Vendredi 27 novembre, de 16 h à 17 h",
    ]
    text = _flat(printed.text)
    assert "Maison de quartier de Terville - Samedi 28 novembre, de 10 h à 12 h" in text
    assert "Atelier Salle 2 - Jeudi 3 décembre, de 14 h à 16 h La sécurité sur Internet" in text
    assert printed.qr == [] and printed.cuts == 1


def test_waitlist_and_confirmation_say_what_happens_next():
    waitlist = _flat(
        decode_escpos(render_escpos(samples()["waitlist"], profile="TM-T88V", paper_width_mm=80)).text
    )
    assert "Votre place sur la liste : N° 2" in waitlist
    assert "Si une place se libère, la médiathèque vous appelle." in waitlist
    confirmation = decode_escpos(
        render_escpos(samples()["confirmation"], profile="TM-T88V", paper_width_mm=80)
    )
    text = _flat(confirmation.text)
    assert "Inscription confirmée Zoé" in text and "Niveau : débutant" in text
    assert "Vous n'avez pas donné de téléphone : gardez bien ce papier." in text
    event = icalendar.Event.from_ical(confirmation.qr[0])
    assert event["DTSTART"].dt == datetime(2026, 12, 3, 13, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Salle 2"


def test_appointment_reads_in_full_without_the_qr():
    text = _flat(
        decode_escpos(render_escpos(samples()["appointment"], profile="TM-T88V", paper_width_mm=80)).text
    )
    for part in (
        "Votre rendez-vous Lucienne",
        "Jeudi 3 décembre 2026",
        "De 10 h 15 à 11 h Durée : 45 minutes.",
        "Lieu : Médiathèque, bureau 2",
        "Avec : Karim",
        "À apporter : - votre pièce d'identité - votre carte Vitale - vos identifiants et mots de passe",
    ):
        assert part in text


def _event(payload: str) -> icalendar.Event:
    event = icalendar.Event.from_ical(payload)
    assert event.name == "VEVENT" and event.get("UID") and event.get("DTSTAMP")
    return event


def test_native_qr_is_an_event_at_the_right_time():
    decoded = decode_escpos(render_escpos(samples()["appointment"], profile="TM-T88V", paper_width_mm=80))
    event = _event(decoded.qr[0])
    assert event["DTSTART"].dt == datetime(2026, 12, 3, 9, 15, tzinfo=UTC)
    assert event["DTSTART"].dt.astimezone(PARIS).strftime("%H:%M") == "10:15"
    assert event["DTEND"].dt.astimezone(PARIS).strftime("%H:%M") == "11:00"
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == (
        "Rendez-vous numérique",
        "Médiathèque, bureau 2",
    )


def test_summer_time_appointment_keeps_its_local_hour():
    receipt = appointment(
        site_name=SITE,
        first_name="",
        start=datetime(2027, 7, 1, 9, 30, tzinfo=PARIS),
        duration_min=30,
        place="Salle 1",
        printed_at=PRINTED,
    )
    event = _event(decode_escpos(render_escpos(receipt, profile="TM-T88V", paper_width_mm=58)).qr[0])
    assert event["DTSTART"].dt == datetime(2027, 7, 1, 7, 30, tzinfo=UTC)  # UTC+2 in July


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
@pytest.mark.parametrize("paper", [80, 58])
def test_image_qr_scans_as_the_same_event(paper, tmp_path):
    receipt = samples()["appointment"]
    decoded = decode_escpos(render_escpos(receipt, profile="simple", paper_width_mm=paper))
    assert decoded.qr == [] and len(decoded.images) == 1  # this profile has no native QR: an image
    path = tmp_path / "qr.png"
    decoded.images[0].save(path)
    read = subprocess.run(["zbarimg", "-q", "--raw", "-Sbinary", str(path)], capture_output=True, timeout=30)
    assert read.returncode == 0
    event = _event(read.stdout.decode("utf-8"))
    native = decode_escpos(render_escpos(receipt, profile="TM-T88V", paper_width_mm=paper)).qr[0]
    assert event.to_ical() == _event(native).to_ical()


def test_a_first_name_cannot_send_printer_commands():
    def commands(name: str) -> list[str]:
        receipt = appointment(
            site_name=SITE,
            first_name=name,
            start=datetime(2026, 12, 3, 10, tzinfo=PARIS),
            duration_min=30,
            place="Salle\x1b@ 1\x1dV\x00",
            printed_at=PRINTED,
        )
        data = render_escpos(receipt, profile="TM-T88V", paper_width_mm=80)
        return decode_escpos(data).commands

    assert commands("Zo\x1bd\x09é\x1dV\x41\x10\x14") == commands("Zoé")


def test_letters_the_code_page_lacks_are_transliterated():
    receipt = appointment(
        site_name=SITE,
        first_name="Łucja",
        start=datetime(2026, 12, 3, 10, tzinfo=PARIS),
        duration_min=30,
        place="Cœur de ville — Salle Ø",
        printed_at=PRINTED,
    )
    text = _flat(decode_escpos(render_escpos(receipt, profile="simple", paper_width_mm=80)).text)
    assert "Lucja" in text and "Coeur de ville - Salle O" in text
    assert "?" not in text.replace("venir ?", "")
