"""The screen's day in the real app (Xvfb, synthetic touches, a fake clock): the attract screen, the
tap that wakes or leaves it presses nothing, the screen off outside opening hours, and the staff
screen's warning when the clock is wrong (tickets then print without the date)."""

from __future__ import annotations

import pytest
from fakes import NOW
from journeys import ask_for_help

from kiosk.domain.receipts import french_date

pytestmark = pytest.mark.ui


def test_attract_wake_tap_screen_off_and_wrong_clock(kiosk_factory):
    kiosk = kiosk_factory(
        attract_after_s=180,
        opening_hours="lun 09:00-10:00",  # the fake clock says Thursday 15:30: closed
    )
    kiosk.do("record_power")
    assert kiosk.probe("screen_keeper")["state"] == "on"
    # Nobody for 3 minutes on the home screen: the attract screen.
    kiosk.advance(181)
    kiosk.until("screen_keeper", state="attract", overlay=True)
    texts = " ".join(kiosk.texts())
    assert "Bonjour\u00a0!" in texts  # French spacing: a no-break space before « ! »
    assert "Touchez l'écran pour commencer" in texts

    # Leaving the attract screen: still home, nothing pressed; the next tap works as usual.
    kiosk.tap("home:help")  # where « Demander de l'aide » is, under the attract screen
    kiosk.frames(3)
    assert kiosk.screen() == "home"
    assert kiosk.probe("screen_keeper") == {"state": "on", "overlay": False}
    kiosk.tap("home:help")
    kiosk.wait_screen("help_topic")

    # Off outside opening hours, 5 minutes after the last touch; the tap that wakes it does not open
    # « Prochaines séances ».
    kiosk.go("home")
    kiosk.advance(301)
    kiosk.until("screen_keeper", state="off")
    kiosk.until("power_calls", last=False)
    kiosk.tap("home:agenda")
    kiosk.frames(3)
    power = kiosk.until("power_calls", last=True)
    assert kiosk.screen() == "home"
    assert kiosk.probe("screen_keeper")["state"] == "on"
    assert power[-2:] == [False, True]

    # After a power cut the clock reads a time before this release: staff are told, tickets lose the date.
    kiosk.do("clock_behind")
    kiosk.go("staff")
    kiosk.frames(5)
    staff = " ".join(kiosk.texts())
    assert "L'horloge de la borne est en retard" in staff and "Les tickets sortent sans la date." in staff
    kiosk.go("home")
    ask_for_help(kiosk, "")
    kiosk.tap("help:validate")
    ticket = kiosk.until("receipts_text", timeout=15)[-1]
    assert french_date(NOW).casefold() not in ticket.casefold()
    assert "Date non imprimée : horloge de la borne à régler." in ticket
