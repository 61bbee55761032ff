"""Printable text: strips control characters, transliterates what the code page lacks, wraps to columns."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from functools import lru_cache

# Letters and signs that have no NFKD decomposition into something a printer code page holds.
# Typographic quotes are *not* here: CP1252 has them (0x91-0x94); they are only replaced when the
# printer's code page lacks them, like any other character.
# fmt: off
_TRANSLITERATIONS = {
    "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "€": "EUR",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "ı": "i", "Ħ": "H", "ħ": "h",
    "‘": "'", "’": "'", "‚": ",", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "′": "'", "″": '"',
    "«": '"', "»": '"', "‹": "<", "›": ">",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
    "…": "...", "•": "*", "·": ".", "×": "x", "™": "TM", "©": "(c)", "®": "(R)", "°": "o",
}
# fmt: on
# Spaces that must not become line breaks (French puts them before ? ! : ; and inside 12 500).
_NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"
NBSP = "\u00a0"
_FRENCH_SPACES = re.compile(
    r"(?<=\S) (?=[!?:;»%€](\s|$))|(?<=«) |(?<=\d) (?=(h|min|€|%|km)\b)"
    r"|(?<=\d[ \u00a0]h) (?=\d\d\b)"
)
_OTHER_SPACES = "\t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"


@lru_cache(maxsize=8)
def _encodable_table(encoding: str) -> frozenset[str]:
    """Every character the Python codec ``encoding`` can put in one byte."""
    chars = set()
    for byte in range(256):
        try:
            chars.add(bytes([byte]).decode(encoding))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


def can_encode(char: str, encoding: str) -> bool:
    """True when ``char`` is a printable character of the code page (controls excluded)."""
    return char in _encodable_table(encoding) and unicodedata.category(char)[0] != "C"


def _fallback(char: str, encoding: str) -> str:
    """What to print instead of a character the code page lacks ("" when nothing sensible)."""
    replacement = _TRANSLITERATIONS.get(char)
    if replacement is not None:
        return "".join(c for c in replacement if can_encode(c, encoding))
    decomposed = unicodedata.normalize("NFKD", char)
    kept = []
    for part in decomposed:
        if unicodedata.combining(part):
            continue
        if can_encode(part, encoding):
            kept.append(part)
        elif part in _TRANSLITERATIONS and part != char:
            kept.append(_fallback(part, encoding))
    return "".join(kept)


def printable(text: str, encoding: str = "cp1252") -> str:
    """One paragraph made safe for a printer whose code page is the Python codec ``encoding``.

    Control and format characters (ESC, GS, DEL, C1, zero-width joiners, bidi marks…) are removed, so
    text typed by a resident can never send a command; line breaks become spaces; no-break spaces
    stay as U+00A0 (the wrapper keeps them; the printer gets a plain space); characters the code
    page lacks are transliterated (œ → oe, “ → ") or dropped (emoji), never printed as "?".

    Returns:
        A single-line string whose characters all encode in ``encoding`` (plus U+00A0).
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\n\r\v\f\u2028\u2029" or char in _OTHER_SPACES:
            out.append(" ")
        elif char in _NO_BREAK_SPACES:
            out.append(NBSP)
        elif unicodedata.category(char)[0] == "C":
            continue  # Cc (ESC, GS, DEL, 0x80-0x9F), Cf (ZWJ, bidi), Co, Cs, Cn
        elif can_encode(char, encoding):
            out.append(char)
        else:
            out.append(_fallback(char, encoding))
    joined = re.sub(" {2,}", " ", "".join(out)).strip(" ")
    # French typography: « Attente : 10 min », « déjà où ? » never leave the sign alone on a line.
    return _FRENCH_SPACES.sub(NBSP, joined)


def wrap(text: str, columns: int) -> list[str]:
    """Word-wrap one paragraph to ``columns`` characters; no-break spaces hold words together.

    Returns:
        At least one line (an empty paragraph gives [""]), with no-break spaces turned into spaces.
    """
    columns = max(1, columns)
    lines = textwrap.wrap(
        text, width=columns, break_long_words=True, break_on_hyphens=True, replace_whitespace=False
    )
    return [line.replace(NBSP, " ") for line in lines] or [""]
