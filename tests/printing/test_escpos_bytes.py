"""Receipts rendered to ESC/POS by python-escpos, read back by our decoder: text, sizes, QR, bytes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import ImageOps
from printing_helpers import TICKET_QR, assert_golden_bytes, make_ticket

from kiosk.domain.receipts import QR, TEST_PAGE_CHARACTERS, Receipt, Text
from kiosk.printing.decode import decode_escpos
from kiosk.printing.escpos_render import profile_code_pages, render_escpos

FRENCH_SENTENCE = "Cœur, sœur, 12,50 € — déjà où ? Noël, maïs, Ève, À bientôt !"


def _render(receipt: Receipt, profile: str = "TM-T88V", paper: int = 80) -> bytes:
    return render_escpos(receipt, profile=profile, paper_width_mm=paper)


def test_test_page_prints_every_french_letter_in_cp1252(page):
    data = _render(page)
    decoded = decode_escpos(data)
    assert decoded.commands[:2] == ["ESC @", "ESC t 16"]  # CP1252 selected before any text
    assert TEST_PAGE_CHARACTERS in decoded.lines
    assert " ".join(decoded.lines[4:6]) == FRENCH_SENTENCE
    assert b"\x8c \x9c \x80" in data  # Œ œ € as CP1252 bytes
    assert decoded.qr == ["https://www.service-public.gouv.fr/"]
    assert decoded.cuts == 1
    assert "\ufffd" not in decoded.text and "?" not in decoded.text.replace("où ?", "")


def test_test_page_bytes_match_the_golden_file(page):
    assert_golden_bytes("test_page_TM-T88V_80mm.bin", _render(page))


def test_ticket_bytes_match_the_golden_file(ticket):
    assert_golden_bytes("ticket_TM-T88V_80mm.bin", _render(ticket))


def test_ticket_reads_back_with_a_huge_number_topic_wait_date_and_qr(ticket):
    decoded = decode_escpos(_render(ticket))
    spans = {span.text: span for span in decoded.spans}
    assert (spans["P07"].width, spans["P07"].height, spans["P07"].bold) == (8, 8, True)
    assert spans["P07"].align == "center"
    assert spans["Mes papiers en ligne"].width == 2
    text = " ".join(decoded.lines)
    assert "Médiathèque de la Côte des Roses" in text
    assert "2 personnes avant vous. Attente : environ 20 à 40 min." in text
    assert "votre carte Vitale, vos identifiants et votre téléphone." in text
    assert "Vendredi 4 décembre 2026, 16 h 05" in text
    assert "Votre ticket : P07" in text
    assert decoded.qr == [TICKET_QR]


@pytest.mark.parametrize("paper", [80, 58])
def test_ticket_fits_in_one_kilobyte_with_native_qr(paper):
    assert len(_render(make_ticket(), paper=paper)) <= 1024


@pytest.mark.parametrize(
    ("profile", "paper", "columns"),
    [
        ("TM-T88V", 80, 42),
        ("TM-T88V", 58, 32),
        ("TM-T20II", 80, 48),
        ("default", 58, 32),
        ("NT-80-V-UL", 80, 48),
        ("POS-5890", 58, 32),
    ],
)
def test_lines_fit_the_paper(page, ticket, profile, paper, columns):
    for receipt in (page, ticket):
        spans = decode_escpos(_render(receipt, profile, paper), code_pages=profile_code_pages(profile)).spans
        assert max(len(span.text) * span.width for span in spans) == columns  # the rule fills the line
        for span in spans:
            assert len(span.text) * span.width <= columns, span


def test_huge_shrinks_to_fit_a_long_number_on_58_mm():
    decoded = decode_escpos(_render(make_ticket(ticket="B1234"), paper=58))
    span = next(s for s in decoded.spans if s.text == "B1234")
    assert span.width == 6 and len(span.text) * span.width <= 32


def test_control_bytes_and_emoji_in_resident_text_never_reach_the_printer():
    hostile = "Jean\x1b@\x1dV\x00\x10\x04\x01\x07 😀👍🏽 “Zoë” l’atelier\u200d\x9b"
    clean = "Jean@V “Zoë” l’atelier"
    dirty = decode_escpos(_render(Receipt("ticket", (Text(hostile, size="large"), QR("x")))))
    expected = decode_escpos(_render(Receipt("ticket", (Text(clean, size="large"), QR("x")))))
    assert dirty.commands == expected.commands  # no command smuggled in
    assert dirty.lines == expected.lines == ["Jean@V “Zoë”", "l’atelier"]
    assert all(ch == "\n" or ch >= " " for ch in dirty.text)


def test_code_page_without_oe_and_euro_transliterates_instead_of_garbage(page):
    data = _render(page, profile="simple")
    decoded = decode_escpos(data)
    assert decoded.commands[:2] == ["ESC @", "ESC t 0"]  # the profile only knows CP437
    assert "OE oe EUR é è ê à â ç ù û î ô ë ï" in decoded.lines
    assert "Coeur, soeur, 12,50 EUR - déjà où ? Noël, maïs, Eve, A bientôt !" in " ".join(decoded.lines)
    assert "\ufffd" not in decoded.text


def test_profile_without_native_qr_prints_a_qr_image_that_scans(tmp_path, page):
    decoded = decode_escpos(_render(page, profile="simple"))
    assert decoded.qr == [] and len(decoded.images) == 1
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg (zbar-tools) is not installed")
    png = tmp_path / "qr.png"
    ImageOps.expand(decoded.images[0], border=40, fill=255).save(png)
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=10, check=False
    )
    assert done.stdout.strip() == "https://www.service-public.gouv.fr/"


def test_unknown_profile_and_paper_are_refused(page):
    with pytest.raises(ValueError, match="unknown printer profile 'TM-X'"):
        _render(page, profile="TM-X")
    with pytest.raises(ValueError, match="58 or 80"):
        _render(page, paper=110)
