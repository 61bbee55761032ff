"""Receipt builders produce the blocks a resident needs, in correct French."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.domain.receipts import QR, Text, french_date, french_time, help_ticket, test_page, wait_sentence

PARIS = ZoneInfo("Europe/Paris")


def _ticket(ahead=2):
    return help_ticket(
        site_name="Médiathèque de la Côte des Roses",
        ticket="P07",
        topic_label="Mes papiers en ligne",
        ahead=ahead,
        wait_minutes=(20, 40),
        issued_at=datetime(2026, 12, 4, 16, 5, tzinfo=PARIS),
        bring="Vos identifiants.",
        qr_data="https://hub.example/t/42",
    )


def test_ticket_has_a_huge_number_topic_wait_date_and_qr():
    receipt = _ticket()
    huge = [b for b in receipt.blocks if isinstance(b, Text) and b.size == "huge"]
    assert [b.text for b in huge] == ["P07"]
    text = receipt.plain_text()
    assert "Mes papiers en ligne" in text
    assert "2 personnes avant vous." in text
    assert "environ 20 à 40 min" in text
    assert "Vendredi 4 décembre 2026, 16 h 05" in text
    assert [b.data for b in receipt.blocks if isinstance(b, QR)] == ["https://hub.example/t/42"]


def test_first_in_line_is_told_so():
    assert "Vous êtes le prochain." in _ticket(ahead=0).plain_text()


def test_singular_for_one_person():
    assert wait_sentence(1, (10, 20)).startswith("1 personne avant vous.")


def test_french_dates_and_times():
    moment = datetime(2026, 8, 15, 9, 0, tzinfo=PARIS)
    assert french_date(moment) == "samedi 15 août 2026"
    assert french_time(moment) == "9 h"


def test_test_page_has_every_french_letter_and_a_qr():
    page = test_page(
        site_name="Test", printed_at=datetime(2026, 1, 1, 12, 0, tzinfo=PARIS), printer_uri="preview"
    )
    text = page.plain_text()
    for ch in "Œœ€éèêàâçùûîôëï":
        assert ch in text
    assert any(isinstance(b, QR) for b in page.blocks)
