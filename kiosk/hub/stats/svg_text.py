"""Text in server-drawn SVG charts: how wide a label is drawn (a generous estimate from DejaVu Sans'
advances, the dashboard's font on Debian), and labels wrapped at word boundaries to fit a column, so a
chart never cuts a label. Pure functions, thread-safe."""

from __future__ import annotations

# Advance widths in em, rounded up from DejaVu Sans (the widest common sans-serif on the machines we serve);
# anything else counts as the widest letter, so the estimate errs on the wide side.
_NARROW = dict.fromkeys("il.,;:'’|!", 0.32) | dict.fromkeys("jftrI -()[]/", 0.42)
_WIDE = dict.fromkeys("mwMW", 1.0) | dict.fromkeys("ABCDGHKNOQRUVXYZÉÈÀÔÇ&%", 0.8)
_DEFAULT = 0.66
_FALLBACK = 1.0  # emoji, CJK…


def text_width(text: str, font_size: float) -> float:
    """About how many user units ``text`` takes at ``font_size`` (never less than the real width in
    DejaVu Sans, Liberation Sans or Arial)."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += _NARROW[char]
        elif char in _WIDE:
            total += _WIDE[char]
        elif char.isascii() or char.isalpha():
            total += _DEFAULT
        else:
            total += _FALLBACK
    return total * font_size


def wrap(text: str, width: float, font_size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (a word wider than that stays whole on its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
