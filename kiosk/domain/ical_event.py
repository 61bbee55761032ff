"""One iCalendar event (RFC 5545 VEVENT) as text, small enough for a printed QR code that adds it to a phone.

The QR holds a bare ``BEGIN:VEVENT … END:VEVENT`` (the calendar-event QR convention that phone scanners
read, from ZXing on); ``event_text(..., calendar=True)`` wraps it in a VCALENDAR for .ics files.
Times are written in UTC (``DTSTART:…Z``): every calendar app converts them to the phone's local time,
and the QR stays small (no VTIMEZONE block). Written by hand rather than with the icalendar package
because the domain stays free of adapters; tests parse the result with icalendar. Pure, thread-safe.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

PRODID = "-//borne-mediatheque//FR"
_FOLD_AT = 75  # octets per line, CRLF excluded


def escape_text(value: str) -> str:
    """A TEXT value escaped: backslash, semicolon, comma and line breaks; control characters dropped."""
    cleaned = "".join(c for c in value if c == "\n" or (ord(c) >= 32 and ord(c) != 127))
    return (
        cleaned.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (UTF-8), never inside a character; continuation lines start
    with a space."""
    out: list[str] = []
    current, size, limit = "", 0, _FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, _FOLD_AT
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc_stamp(moment: datetime) -> str:
    """``20261203T133000Z``."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_text(
    *,
    start: datetime,
    end: datetime,
    summary: str,
    location: str = "",
    description: str = "",
    created: datetime | None = None,
    uid: str = "",
    calendar: bool = False,
) -> str:
    """One VEVENT (wrapped in a VCALENDAR when ``calendar``), lines separated by CRLF.

    Args:
        start, end: aware datetimes (written in UTC).
        summary, location, description: plain text (escaped here).
        created: DTSTAMP (defaults to ``start``, so the same appointment gives the same text).
        uid: a unique id; by default derived from the other fields.
        calendar: wrap the event in a VCALENDAR (VERSION, PRODID).

    Returns:
        The iCalendar text (ASCII structure, UTF-8 values), ending with CRLF.
    """
    if end <= start:
        raise ValueError("an event must end after it starts")
    if not uid:
        uid = hashlib.sha256(f"{utc_stamp(start)}|{summary}|{location}".encode()).hexdigest()[:16]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(created or start)}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append("END:VEVENT")
    if calendar:
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *lines, "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
