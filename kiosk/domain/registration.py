"""Workshop registration rules: phone numbers, seat or waitlist, the light no-show rule. Pure, thread-safe."""

from __future__ import annotations

import re
from typing import Literal

RegistrationStatus = Literal["confirmed", "waitlisted", "cancelled", "attended", "noshow"]
STATUSES: tuple[RegistrationStatus, ...] = ("confirmed", "waitlisted", "cancelled", "attended", "noshow")
HOLDS_SEAT: frozenset[str] = frozenset({"confirmed", "attended", "noshow"})
# The light no-show rule: after this many absences the person is called to confirm before the workshop.
NO_SHOW_LIMIT = 3
NO_SHOW_WINDOW_DAYS = 180
PHONE_DIGITS = 10


class PhoneError(ValueError):
    """A phone number that is not a French number of 10 digits (worded for the resident)."""


def clean_phone(raw: str) -> str:
    """A French phone number as 10 digits (``0612345678``); "" for an empty input.

    Accepts spaces, dots and dashes, and +33 / 0033 prefixes.

    Raises:
        PhoneError: anything else (letters, too short, too long).
    """
    text = re.sub(r"[\s.\-()]", "", raw or "")
    if not text:
        return ""
    if text.startswith("+33"):
        text = "0" + text[3:]
    elif text.startswith("0033"):
        text = "0" + text[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", text):
        raise PhoneError("Le numéro doit avoir 10 chiffres et commencer par 0.")
    return text


def spaced_phone(phone: str) -> str:
    """« 06 12 34 56 78 » (what staff read aloud)."""
    return " ".join(phone[i : i + 2] for i in range(0, len(phone), 2)) if phone else ""


def new_status(seats_left_in_calendar: int, seats_taken: int) -> RegistrationStatus:
    """Confirmed while seats remain, else on the waitlist."""
    return "confirmed" if seats_taken < seats_left_in_calendar else "waitlisted"


def must_confirm(no_shows: int) -> bool:
    """True when the person missed NO_SHOW_LIMIT workshops lately: staff call to confirm first."""
    return no_shows >= NO_SHOW_LIMIT
