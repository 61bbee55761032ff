"""French typography for the screen: no-break spaces so that no line starts with « : ; ! ? » or a unit.

Pure functions; thread-safe.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_BEFORE = re.compile(r" ([:;!?»])")
_AFTER = re.compile(r"« ")
_RANGE = re.compile(r"(\d) à (?=\d)")
_UNIT = re.compile(r"(\d) (?=€|%|min\b|h\b)")
_NUMERO = re.compile(r"\b(n°|N°) (?=\w)")


def french_spacing(text: str) -> str:
    """« Attente : environ 10 à 40 min » with the no-break spaces French wants. Idempotent."""
    text = _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP + r"\1", text))
    text = _RANGE.sub(r"\1" + NBSP + "à" + NBSP, text)
    text = _NUMERO.sub(r"\1" + NBSP, text)  # « place n° 2 »: the number never starts a line
    return _UNIT.sub(r"\1" + NBSP, text)
