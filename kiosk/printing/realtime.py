"""ESC/POS real-time status (DLE EOT 1, 2, 4): the queries and what their answer bytes mean."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.printing.errors import Paper, PrinterError, PrinterStatus, Reason

PRINTER_STATUS = b"\x10\x04\x01"
OFFLINE_CAUSE = b"\x10\x04\x02"
PAPER_SENSOR = b"\x10\x04\x04"
# Every DLE EOT answer has bit 1 and bit 4 set, bits 0 and 7 clear.
_FIXED_MASK, _FIXED_BITS = 0x93, 0x12


def _answer(reply: bytes) -> int | None:
    """The status byte of a reply (the last one: earlier bytes may be late answers), None if invalid."""
    if not reply:
        return None
    byte = reply[-1]
    return byte if byte & _FIXED_MASK == _FIXED_BITS else None


def parse_online(reply: bytes) -> bool | None:
    """DLE EOT 1, bit 3: off-line."""
    byte = _answer(reply)
    return None if byte is None else not byte & 0x08


def parse_offline_cause(reply: bytes) -> Reason | None:
    """DLE EOT 2: bit 2 cover open, bit 5 stopped at paper end, bit 6 error."""
    byte = _answer(reply)
    if byte is None:
        return None
    if byte & 0x04:
        return "cover_open"
    if byte & 0x20:
        return "paper_out"
    if byte & 0x40:
        return "error"
    return None


def parse_paper(reply: bytes) -> Paper | None:
    """DLE EOT 4: bits 5-6 paper end, bits 2-3 near end."""
    byte = _answer(reply)
    if byte is None:
        return None
    if byte & 0x60:
        return "out"
    if byte & 0x0C:
        return "near_end"
    return "ok"


def query(exchange: Callable[[bytes], bytes], where: str) -> tuple[PrinterStatus, PrinterError | None]:
    """Ask the printer for its status.

    Args:
        exchange: sends one query and returns the reply bytes (b"" when none); it raises
            PrinterError itself on a timeout or a lost connection.
        where: the printer, for error messages.

    Returns:
        The status, and the error that printing now would meet (None when it can print, or when
        nothing answered at all: the caller decides what silence means).
    """
    first = exchange(PRINTER_STATUS)
    online = parse_online(first)
    paper_reply = exchange(PAPER_SENSOR)
    paper = parse_paper(paper_reply)
    status = PrinterStatus(online, paper)
    if online is None and paper is None:
        if first or paper_reply:
            return status, PrinterError(
                "error",
                f"{where} does not answer like an ESC/POS printer (it said {(first or paper_reply)[:12]!r})",
            )
        return status, None
    problem: Reason | None = None
    if online is False:
        problem = parse_offline_cause(exchange(OFFLINE_CAUSE)) or "offline"
    if paper == "out" and problem != "cover_open":
        problem = "paper_out"
    return status, PrinterError(problem, PROBLEM_DETAILS[problem]) if problem else None


PROBLEM_DETAILS: dict[Reason, str] = {
    "offline": "the printer says it is offline (check its lights)",
    "paper_out": "out of paper (load a new roll)",
    "cover_open": "the cover is open (close it)",
    "error": "the printer reports an error (switch it off and on)",
    "timeout": "no answer",
}
