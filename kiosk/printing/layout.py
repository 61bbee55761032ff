"""Receipt blocks laid out as printed rows (wrapped lines with a size, QR codes, rules, blank lines)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.receipts import QR, Align, Feed, Receipt, Rule, Text
from kiosk.printing.text import printable, wrap

# Font A is 12 dots wide: 576 printable dots at 80 mm (203 dpi) give 48 columns, 384 at 58 mm give 32.
PAPER_COLUMNS = {80: 48, 58: 32}
# GS ! takes width and height multipliers from 1 to 8.
MAX_SCALE = 8
LARGE_SCALE = 2


@dataclass(frozen=True)
class Line:
    """One printed line, already wrapped; ``scale`` multiplies the character width and height."""

    text: str
    scale: int = 1
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class QRCode:
    """A QR code printed centred on its own."""

    data: str


@dataclass(frozen=True)
class RuleLine:
    """A separator across the paper."""


@dataclass(frozen=True)
class Blank:
    """Empty lines."""

    lines: int


Row = Line | QRCode | RuleLine | Blank


def paper_columns(paper_width_mm: int) -> int:
    """Font A columns on this paper (48 at 80 mm, 32 at 58 mm)."""
    try:
        return PAPER_COLUMNS[paper_width_mm]
    except KeyError:
        raise ValueError(f"paper width must be 58 or 80 mm, got {paper_width_mm!r}") from None


def huge_scale(text: str, columns: int) -> int:
    """The largest multiplier (≤ 8) at which the longest word of ``text`` still fits on one line."""
    longest = max((len(word) for word in text.split()), default=1)
    return max(1, min(MAX_SCALE, columns // max(1, longest)))


def _text_rows(block: Text, columns: int, encoding: str) -> list[Row]:
    rows: list[Row] = []
    for paragraph in block.text.split("\n"):
        clean = printable(paragraph, encoding)
        if block.size == "huge":
            scale = huge_scale(clean, columns)
        elif block.size == "large":
            scale = LARGE_SCALE
        else:
            scale = 1
        rows.extend(Line(line, scale, block.bold, block.align) for line in wrap(clean, columns // scale))
    return rows


def layout(receipt: Receipt, *, columns: int, encoding: str = "cp1252") -> list[Row]:
    """Lay a receipt out for a printer with ``columns`` Font A columns and the code page ``encoding``.

    Pure function. Every Line's text encodes in ``encoding`` and fits in ``columns // scale``.

    Returns:
        The rows top to bottom; the caller adds the final feed and cut.
    """
    rows: list[Row] = []
    for block in receipt.blocks:
        if isinstance(block, Text):
            rows.extend(_text_rows(block, columns, encoding))
        elif isinstance(block, Rule):
            rows.append(RuleLine())
        elif isinstance(block, QR):
            if block.data:
                rows.append(QRCode(block.data))
            if block.caption:
                rows.extend(_text_rows(Text(block.caption, align="center"), columns, encoding))
        elif isinstance(block, Feed):
            if block.lines > 0:
                rows.append(Blank(min(block.lines, 20)))
        else:  # pragma: no cover - a new block type must be taught to the printer
            raise TypeError(f"unknown receipt block {block!r}")
    return rows
