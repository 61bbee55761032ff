"""The screen's day in the real app (Xvfb, synthetic touches, a fake clock): the attract screen, the
tap that wakes or leaves it presses nothing, the screen off outside opening hours, and the staff
screen's warning when the clock is wrong (tickets then print without the date)."""

from __future__ import annotations

from conftest import run_driver


def test_attract_wake_tap_screen_off_and_wrong_clock(tmp_path):
    seen = run_driver(
        tmp_path,
        scenario="screen_day",
        attract_after_s=180,
        opening_hours="lun 09:00-10:00",  # the fake clock says Thursday 15:30: closed
    )
    assert seen["start"] == "on"
    texts = " ".join(seen["attract_texts"])
    assert (
        "Bonjour\u00a0!" in texts
    )  # French spacing: a no-break space before « ! » and "Touchez l'écran pour commencer" in texts
    # Leaving the attract screen: still home, nothing pressed; the next tap works as usual.
    assert seen["after_attract_tap"] == ["home", "on", True]
    # Off outside opening hours; the tap that wakes it does not open « Prochaines séances ».
    assert seen["after_wake_tap"] == ["home", "on"]
    assert seen["power_calls"][-2:] == [False, True]
    staff = " ".join(seen["staff_texts"])
    assert "L'horloge de la borne est en retard" in staff and "Les tickets sortent sans la date." in staff
    assert not seen["ticket_has_wrong_date"]
    assert "Date non imprimée : horloge de la borne à régler." in seen["ticket_text"]
