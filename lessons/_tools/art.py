"""Drawing primitives shared by the lesson pictures: palette, font, screens, phone, hand, zones.

Pure functions over Pillow images; deterministic (no randomness, bundled font only). Single-threaded use.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "assets" / "fonts"
SIZE = (960, 600)

INK = (33, 37, 41)
PAPER = (246, 243, 236)
WHITE = (255, 255, 255)
BLUE = (21, 84, 176)
LIGHT_BLUE = (214, 230, 250)
GREEN = (28, 122, 62)
RED = (196, 30, 36)
YELLOW = (255, 196, 0)
GREY = (226, 228, 232)
DARK_GREY = (96, 100, 108)
SKIN = (241, 194, 150)
SKIN_DARK = (120, 72, 40)


@functools.lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled Atkinson Hyperlegible font (the kiosk's own), cached by size."""
    name = "AtkinsonHyperlegible-Bold.ttf" if bold else "AtkinsonHyperlegible-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, PAPER)
    return image, ImageDraw.Draw(image)


def screen(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    """A touchscreen: a dark frame around a white display."""
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=28, fill=INK)
    draw.rounded_rectangle((x0 + 22, y0 + 22, x1 - 22, y1 - 22), radius=10, fill=WHITE)


def button(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    label: str,
    *,
    fill: tuple[int, int, int] = BLUE,
    size: int = 40,
) -> None:
    draw.rounded_rectangle(box, radius=18, fill=fill)
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
    draw.text((cx, cy), label, font=font(size, bold=True), fill=WHITE, anchor="mm")


def hand(image: Image.Image, tip: tuple[int, int], angle: float = 20, scale: float = 1.0) -> None:
    """A pointing hand whose index fingertip touches ``tip``; the wrist leaves the picture at the bottom."""
    layer = Image.new("RGBA", (420, 760), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    shapes: list[tuple[str, tuple[int, int, int, int], int]] = [
        ("rect", (170, 20, 250, 470), 40),  # index finger, tip at (210, 20)
        ("rect", (60, 380, 380, 760), 90),  # palm and wrist
        ("ellipse", (240, 330, 320, 430), 0),  # folded middle finger
        ("ellipse", (290, 360, 370, 460), 0),  # folded ring finger
        ("rect", (20, 420, 150, 560), 60),  # thumb
    ]
    for outline in (True, False):
        grow = 5 if outline else 0
        colour = SKIN_DARK if outline else SKIN
        for kind, (x0, y0, x1, y1), radius in shapes:
            grown = (x0 - grow, y0 - grow, x1 + grow, y1 + grow)
            if kind == "rect":
                draw.rounded_rectangle(grown, radius=radius + grow, fill=colour)
            else:
                draw.ellipse(grown, fill=colour)
    draw.rounded_rectangle((184, 32, 236, 100), radius=24, fill=(250, 222, 200))  # fingernail
    if scale != 1.0:
        layer = layer.resize((int(420 * scale), int(760 * scale)), Image.LANCZOS)
    # Rotate around the fingertip so that it stays where it touches.
    tip_in_layer = (int(210 * scale), int(20 * scale))
    rotated = layer.rotate(angle, resample=Image.BICUBIC, center=tip_in_layer, expand=False)
    image.paste(rotated, (tip[0] - tip_in_layer[0], tip[1] - tip_in_layer[1]), rotated)


def ripples(
    draw: ImageDraw.ImageDraw, centre: tuple[int, int], colour: tuple[int, int, int] = YELLOW
) -> None:
    """Arcs on both sides of a touched point, like « (( ici )) »: they never cover the button's label."""
    x, y = centre
    for radius in (48, 70, 92):
        box = (x - radius, y - radius, x + radius, y + radius)
        draw.arc(box, start=150, end=210, fill=colour, width=8)
        draw.arc(box, start=-30, end=30, fill=colour, width=8)


def phone(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A smartphone; returns the box of its display."""
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=44, fill=INK)
    display = (x0 + 18, y0 + 60, x1 - 18, y1 - 60)
    draw.rounded_rectangle(display, radius=8, fill=WHITE)
    draw.rounded_rectangle(
        (x0 + (x1 - x0) // 2 - 40, y0 + 26, x0 + (x1 - x0) // 2 + 40, y0 + 36), radius=5, fill=DARK_GREY
    )
    return display


def warning_sign(draw: ImageDraw.ImageDraw, centre: tuple[int, int], size: int = 90) -> None:
    x, y = centre
    half = size // 2
    draw.polygon([(x, y - half), (x + half, y + half), (x - half, y + half)], fill=RED)
    draw.polygon(
        [(x, y - half + 18), (x + half - 14, y + half - 8), (x - half + 14, y + half - 8)], fill=WHITE
    )
    draw.text((x, y + 14), "!", font=font(int(size * 0.6), bold=True), fill=RED, anchor="mm")


def numbered_mark(draw: ImageDraw.ImageDraw, centre: tuple[int, int], number: int) -> None:
    x, y = centre
    draw.ellipse((x - 24, y - 24, x + 24, y + 24), fill=RED, outline=WHITE, width=3)
    draw.text((x, y + 1), str(number), font=font(30, bold=True), fill=WHITE, anchor="mm")


Box = tuple[int, int, int, int]
Rect = list[float]
Art = tuple[Image.Image, dict[str, Rect]]
"""A picture and its tap zones (normalised [x, y, w, h], for tap_target steps; empty for plain pictures)."""


def rect(box: Box, *, pad: int = 0) -> Rect:
    """A pixel box (x0, y0, x1, y1) as a tap_target zone [x, y, w, h] in fractions of SIZE, 3 decimals.

    ``pad`` grows the zone on every side (older users' taps land a little off), clipped to the picture.
    """
    width, height = SIZE
    x0, y0 = max(0, box[0] - pad), max(0, box[1] - pad)
    x1, y1 = min(width, box[2] + pad), min(height, box[3] + pad)
    return [
        math.floor(x0 / width * 1000) / 1000,
        math.floor(y0 / height * 1000) / 1000,
        math.floor((x1 - x0) / width * 1000) / 1000,
        math.floor((y1 - y0) / height * 1000) / 1000,
    ]


def text_in(
    draw: ImageDraw.ImageDraw,
    box: Box,
    label: str,
    *,
    size: int = 32,
    bold: bool = False,
    fill: tuple[int, int, int] = INK,
) -> None:
    """``label`` centred in ``box``."""
    centre = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
    draw.text(centre, label, font=font(size, bold=bold), fill=fill, anchor="mm")


def card(
    draw: ImageDraw.ImageDraw,
    box: Box,
    *,
    fill: tuple[int, int, int] = WHITE,
    outline: tuple[int, int, int] = INK,
) -> None:
    """A rounded white card with a thin outline (a window, a sheet of paper, a result)."""
    draw.rounded_rectangle(box, radius=14, fill=fill, outline=outline, width=3)


def practice_band(draw: ImageDraw.ImageDraw) -> None:
    """The yellow « ENTRAÎNEMENT » band at the bottom: every fake screen says it is an exercise."""
    width, height = SIZE
    draw.rectangle((0, height - 44, width, height), fill=YELLOW)
    draw.text(
        (width // 2, height - 22),
        "ENTRAÎNEMENT — rien n'est envoyé",
        font=font(26, bold=True),
        fill=INK,
        anchor="mm",
    )


def browser(draw: ImageDraw.ImageDraw, box: Box, address: str) -> Box:
    """A web browser window with a back arrow and an address bar; returns the box of its page."""
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=16, fill=WHITE, outline=INK, width=4)
    draw.rounded_rectangle((x0 + 2, y0 + 2, x1 - 2, y0 + 86), radius=14, fill=GREY)
    draw.polygon([(x0 + 30, y0 + 44), (x0 + 58, y0 + 22), (x0 + 58, y0 + 66)], fill=INK)
    draw.rounded_rectangle(
        (x0 + 90, y0 + 18, x1 - 24, y0 + 70), radius=26, fill=WHITE, outline=DARK_GREY, width=2
    )
    draw.text((x0 + 116, y0 + 44), address, font=font(28), fill=INK, anchor="lm")
    return (x0 + 4, y0 + 90, x1 - 4, y1 - 4)
