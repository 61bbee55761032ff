"""Draws the lessons' illustrations (simple flat pictures, no real logos or screenshots) with Pillow.

Run from the repository root: ``.venv/bin/python lessons/_tools/draw_illustrations.py``. It rewrites the PNG
files in each lesson's ``media/`` folder; commit them with the lesson. Single-threaded script.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
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


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
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


# The fake SMS, line by line (no real sender, brand or address): (text, clue it shows or "").
FAKE_SMS = (
    ("URGENT !", "urgence"),
    ("Votre colis est bloqué.", ""),
    ("Payez 1,99 €", "argent"),
    ("avant ce soir :", "urgence"),
    ("http://colis-envoi-fr.info", "lien"),
)
FAKE_SENDER = "+33 7 00 00 00 00"
Box = tuple[int, int, int, int]


def sms_screen(draw: ImageDraw.ImageDraw, display: Box) -> dict[str, list[Box]]:
    """A fake SMS on a phone display. Returns the boxes of the words that give the scam away, by clue."""
    x0, y0, x1, _ = display
    draw.rectangle((x0, y0, x1, y0 + 70), fill=GREY)
    draw.text(((x0 + x1) // 2, y0 + 35), FAKE_SENDER, font=font(26, bold=True), fill=INK, anchor="mm")
    body, link = font(28), font(26, bold=True)
    left, top = x0 + 16, y0 + 100
    draw.rounded_rectangle((left, top, x1 - 24, top + 56 * len(FAKE_SMS) + 24), radius=22, fill=GREY)
    clues: dict[str, list[Box]] = {}
    for number, (text, clue) in enumerate(FAKE_SMS):
        y = top + 24 + 56 * number
        is_link = text.startswith("http")
        draw.text((left + 18, y), text, font=link if is_link else body, fill=BLUE if is_link else INK)
        box = draw.textbbox((left + 18, y), text, font=link if is_link else body)
        if is_link:
            draw.line((box[0], box[3] + 4, box[2], box[3] + 4), fill=BLUE, width=3)
        if clue:
            clues.setdefault(clue, []).append(box)
    return clues


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


# -- lesson 01: the touchscreen ---------------------------------------------------------------------


def toucher() -> Image.Image:
    image, draw = canvas()
    screen(draw, (120, 50, 840, 470))
    draw.text((480, 140), "Bienvenue", font=font(48, bold=True), fill=INK, anchor="mm")
    draw.rounded_rectangle((280, 210, 680, 400), radius=18, fill=BLUE)
    draw.text((480, 258), "Commencer", font=font(44, bold=True), fill=WHITE, anchor="mm")
    ripples(draw, (480, 340))
    hand(image, (480, 340), angle=14)
    return image


def attendre() -> Image.Image:
    image, draw = canvas()
    screen(draw, (120, 50, 840, 550))
    centre, radius = (480, 260), 90
    for i in range(12):
        angle = math.tau * i / 12
        x, y = centre[0] + radius * math.sin(angle), centre[1] - radius * math.cos(angle)
        shade = int(230 - 190 * (i / 11))
        draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=(shade, shade, min(255, shade + 30)))
    draw.text((480, 440), "Un instant…", font=font(52, bold=True), fill=INK, anchor="mm")
    return image


def retour() -> Image.Image:
    image, draw = canvas()
    screen(draw, (120, 50, 840, 550))
    draw.rectangle((142, 72, 818, 190), fill=LIGHT_BLUE)
    draw.rounded_rectangle((160, 86, 400, 176), radius=18, fill=BLUE, outline=YELLOW, width=8)
    draw.polygon([(190, 131), (226, 103), (226, 159)], fill=WHITE)
    draw.rectangle((222, 121, 250, 141), fill=WHITE)
    draw.text((266, 131), "Retour", font=font(40, bold=True), fill=WHITE, anchor="lm")
    for y in (250, 320, 390):
        draw.rounded_rectangle((200, y, 760, y + 40), radius=12, fill=GREY)
    hand(image, (300, 150), angle=8, scale=0.9)
    return image


def aide() -> Image.Image:
    image, draw = canvas()
    screen(draw, (60, 50, 640, 550))
    draw.rounded_rectangle((110, 190, 590, 410), radius=18, fill=GREEN)
    draw.text((350, 240), "Demander de l'aide", font=font(42, bold=True), fill=WHITE, anchor="mm")
    ripples(draw, (350, 340))
    hand(image, (350, 340), angle=12, scale=0.85)
    # A printed ticket beside the screen.
    draw.polygon(
        [
            (700, 90),
            (900, 90),
            (900, 470),
            (880, 490),
            (860, 470),
            (840, 490),
            (820, 470),
            (800, 490),
            (780, 470),
            (760, 490),
            (740, 470),
            (720, 490),
            (700, 470),
        ],
        fill=WHITE,
        outline=INK,
    )
    draw.text((800, 140), "Votre numéro", font=font(26), fill=INK, anchor="mm")
    draw.text((800, 240), "P07", font=font(96, bold=True), fill=INK, anchor="mm")
    for y in (330, 370, 410):
        draw.line((725, y, 875, y), fill=DARK_GREY, width=6)
    return image


# -- lesson 02: a fake SMS ---------------------------------------------------------------------------


def faux_sms() -> Image.Image:
    image, draw = canvas()
    display = phone(draw, (300, 20, 660, 580))
    sms_screen(draw, display)
    warning_sign(draw, (800, 300), size=150)
    warning_sign(draw, (160, 300), size=150)
    return image


def indices() -> Image.Image:
    image, draw = canvas()
    display = phone(draw, (30, 20, 480, 580))
    clues = sms_screen(draw, display)
    legend = [
        ("urgence", "On vous presse."),
        ("argent", "On veut de l'argent."),
        ("lien", "Un lien bizarre."),
    ]
    for number, (clue, text) in enumerate(legend, start=1):
        for x0, y0, x1, y1 in clues[clue]:
            draw.rounded_rectangle((x0 - 10, y0 - 8, x1 + 10, y1 + 10), radius=14, outline=RED, width=5)
            if clue != "lien":  # the link fills its line: its number goes beside the phone only
                numbered_mark(draw, (x1 + 44, (y0 + y1) // 2), number)
        legend_y = 170 + (number - 1) * 120
        numbered_mark(draw, (540, legend_y), number)
        draw.text((580, legend_y), text, font=font(36, bold=True), fill=INK, anchor="lm")
    x0, y0, x1, y1 = clues["lien"][0]
    draw.line((x1 + 12, (y0 + y1) // 2, 514, 410), fill=RED, width=4)
    return image


def signaler() -> Image.Image:
    image, draw = canvas()
    display = phone(draw, (300, 20, 660, 580))
    x0, y0, x1, _ = display
    draw.rectangle((x0, y0, x1, y0 + 70), fill=GREY)
    draw.text(((x0 + x1) // 2, y0 + 35), "Transférer à :", font=font(28, bold=True), fill=INK, anchor="mm")
    draw.rounded_rectangle(
        (x0 + 30, y0 + 100, x1 - 30, y0 + 190), radius=16, fill=LIGHT_BLUE, outline=BLUE, width=4
    )
    draw.text(((x0 + x1) // 2, y0 + 145), "33700", font=font(64, bold=True), fill=BLUE, anchor="mm")
    draw.rounded_rectangle((x0 + 16, y0 + 230, x1 - 16, y0 + 360), radius=22, fill=GREY)
    for y in (y0 + 262, y0 + 298, y0 + 334):
        draw.line((x0 + 40, y, x1 - 60, y), fill=DARK_GREY, width=8)
    button(draw, (x0 + 60, y0 + 390, x1 - 60, y0 + 450), "Envoyer", fill=GREEN, size=32)
    draw.ellipse((730, 200, 890, 360), fill=GREEN)
    draw.line([(770, 282), (802, 316), (856, 244)], fill=WHITE, width=20, joint="curve")
    draw.text((160, 300), "Gratuit", font=font(44, bold=True), fill=GREEN, anchor="mm")
    return image


PICTURES: dict[str, dict[str, Callable[[], Image.Image]]] = {
    "01-ecran-tactile": {"toucher": toucher, "attendre": attendre, "retour": retour, "aide": aide},
    "02-reperer-arnaque-sms": {"faux-sms": faux_sms, "indices": indices, "signaler-33700": signaler},
}


def main() -> None:
    for folder, pictures in PICTURES.items():
        media = LESSONS / folder / "media"
        media.mkdir(parents=True, exist_ok=True)
        for name, draw_picture in pictures.items():
            path = media / f"{name}.png"
            draw_picture().save(path, optimize=True)
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
