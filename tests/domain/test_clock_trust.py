"""A wrong clock after a power cut (no RTC on a Pi 4) is noticed, and receipts then print without a date."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.domain.clock_trust import judge_clock
from kiosk.domain.receipts import Receipt, Text, french_date, undated
from kiosk.domain.slips import next_dates

PARIS = ZoneInfo("Europe/Paris")
RELEASED = datetime(2026, 11, 1, tzinfo=PARIS)
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)


def test_a_right_clock_is_believed():
    verdict = judge_clock(
        NOW, released=RELEASED, last_seen=NOW - timedelta(hours=14), hub_offset=timedelta(seconds=3)
    )
    assert verdict.ok and verdict.message == ""


def test_before_the_release_date_is_wrong():
    verdict = judge_clock(datetime(1970, 1, 1, 1, tzinfo=PARIS), released=RELEASED)
    assert not verdict.ok and verdict.reason == "before_release" and "horloge" in verdict.message


def test_before_the_last_time_seen_is_wrong():
    verdict = judge_clock(NOW, released=RELEASED, last_seen=NOW + timedelta(days=3))
    assert not verdict.ok and verdict.reason == "before_last_seen"
    assert judge_clock(NOW, released=RELEASED, last_seen=NOW + timedelta(minutes=5)).ok  # NTP steps


def test_far_from_the_hubs_clock_is_wrong():
    verdict = judge_clock(NOW, released=RELEASED, hub_offset=timedelta(hours=-2))
    assert not verdict.ok and verdict.reason == "hub_differs" and "120 minutes" in verdict.message


def test_undated_receipt_loses_its_print_stamp_and_keeps_the_session_dates():
    session_day = NOW + timedelta(days=2)
    receipt = Receipt(
        kind="slip",
        blocks=(
            Text("Atelier : " + french_date(session_day)),
            Text(french_date(NOW).capitalize() + ", 10 h"),
        ),
    )
    text = undated(receipt, NOW).plain_text()
    assert french_date(session_day) in text
    assert french_date(NOW) not in text.casefold()
    assert "Date non imprimée : horloge de la borne à régler." in text


def test_a_real_slip_built_with_a_wrong_clock_prints_no_date_of_that_clock():
    wrong = datetime(2026, 11, 5, 8, 0, tzinfo=PARIS)
    slip = next_dates(site_name="Médiathèque", sessions=[], printed_at=wrong)
    assert french_date(wrong) in slip.plain_text().casefold()
    assert french_date(wrong) not in undated(slip, wrong).plain_text().casefold()
