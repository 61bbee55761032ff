"""Receipt → image of the printed paper at 203 dpi, for the preview printer and the on-screen fallback."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

import kiosk
from kiosk.domain.receipts import Receipt
from kiosk.printing.escpos_render import PAPER_DOTS, QR_MODULE_DOTS, qr_module_dots
from kiosk.printing.layout import Blank, Line, QRCode, RuleLine, layout, paper_columns

FONT_DIR = Path(kiosk.__file__).resolve().parent.parent / "assets" / "fonts"
# Font A is 12 × 24 dots; Atkinson Hyperlegible at 22 px fills about the same box.
BASE_FONT_PX = 22
LINE_PX = 32  # 1/6 inch at 203 dpi, the printers' default line spacing
MARGIN_PX = 10
WHITE, BLACK = 255, 0

Painter = Callable[[ImageDraw.ImageDraw, Image.Image, int], None]


@lru_cache(maxsize=64)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "AtkinsonHyperlegible-Bold.ttf" if bold else "AtkinsonHyperlegible-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _fitting_font(text: str, bold: bool, size: int, room: int) -> ImageFont.FreeTypeFont:
    """The font at ``size``, smaller when the line would not fit in ``room`` pixels."""
    font = _font(bold, size)
    while size > 8 and font.getlength(text) > room:
        size -= max(1, size // 16)
        font = _font(bold, size)
    return font


def _line(row: Line, width: int) -> tuple[int, Painter]:
    size = BASE_FONT_PX * row.scale
    height = LINE_PX if row.scale == 1 else int(size * 1.2)
    font = _fitting_font(row.text, row.bold, size, width - 2 * MARGIN_PX)

    def paint(draw: ImageDraw.ImageDraw, _paper: Image.Image, top: int) -> None:
        length = font.getlength(row.text)
        if row.align == "center":
            x = (width - length) / 2
        elif row.align == "right":
            x = width - MARGIN_PX - length
        else:
            x = MARGIN_PX
        draw.text((x, top + height / 2), row.text, font=font, fill=BLACK, anchor="lm")

    return height, paint


def _qr(row: QRCode, width: int, paper_width_mm: int) -> tuple[int, Painter]:
    module = qr_module_dots(row.data, paper_width_mm=paper_width_mm, max_dots=width - 2 * MARGIN_PX)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module, border=0)
    code.add_data(row.data)
    code.make(fit=True)
    image = code.make_image().get_image().convert("L")
    padding = 2 * module

    def paint(_draw: ImageDraw.ImageDraw, paper: Image.Image, top: int) -> None:
        paper.paste(image, ((width - image.width) // 2, top + padding))

    return image.height + 2 * padding, paint


def _rule(width: int) -> tuple[int, Painter]:
    def paint(draw: ImageDraw.ImageDraw, _paper: Image.Image, top: int) -> None:
        middle = top + LINE_PX // 2
        draw.rectangle((MARGIN_PX, middle - 1, width - MARGIN_PX, middle + 1), fill=BLACK)

    return LINE_PX, paint


def render_preview(receipt: Receipt, *, paper_width_mm: int) -> Image.Image:
    """The receipt as it comes out of a 203 dpi printer: 576 px wide at 80 mm, 384 px at 58 mm.

    Pure function, thread-safe. Same layout as the printed bytes (same wrapping, sizes, QR codes),
    drawn with the bundled Atkinson Hyperlegible font.

    Returns:
        A mode "L" image, black on white.
    """
    if paper_width_mm not in QR_MODULE_DOTS:
        raise ValueError(f"paper width must be 58 or 80 mm, got {paper_width_mm!r}")
    width = PAPER_DOTS[paper_width_mm]
    pieces: list[tuple[int, Painter]] = []
    for row in layout(receipt, columns=paper_columns(paper_width_mm)):
        if isinstance(row, Line):
            pieces.append(_line(row, width))
        elif isinstance(row, QRCode):
            pieces.append(_qr(row, width, paper_width_mm))
        elif isinstance(row, RuleLine):
            pieces.append(_rule(width))
        elif isinstance(row, Blank):
            pieces.append((LINE_PX * row.lines, lambda *_: None))
    height = MARGIN_PX * 2 + sum(piece_height for piece_height, _ in pieces)
    paper = Image.new("L", (width, height), WHITE)
    draw = ImageDraw.Draw(paper)
    top = MARGIN_PX
    for piece_height, paint in pieces:
        paint(draw, paper, top)
        top += piece_height
    return paper
