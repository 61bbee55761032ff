"""Draw the pictograms of the accessibility needs (assets/pictograms/need-*.png, and need-*-on.png in white
for a chosen toggle) shown on the kiosk's « Un besoin particulier ? » step.

Same style as scripts/draw_pictograms.py (bold blue strokes, drawn 4x then reduced), so the assets are
reproducible and their licence is the project's. Run: python scripts/draw_need_pictograms.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "pictograms"
SIZE, SCALE = 256, 4
BLUE = (11, 61, 145, 255)
WHITE = (255, 255, 255, 255)
W = 20 * SCALE

Draw = ImageDraw.ImageDraw


def _s(*values: float) -> list[float]:
    return [v * SCALE for v in values]


def hearing(d: Draw) -> None:  # an ear
    d.arc(_s(56, 24, 200, 168), start=170, end=50, fill=BLUE, width=W)
    d.line(_s(190, 130, 150, 180, 136, 226, 100, 232), fill=BLUE, width=W, joint="curve")
    d.arc(_s(96, 64, 160, 128), start=180, end=20, fill=BLUE, width=W)


def sight(d: Draw) -> None:  # an eye
    d.arc(_s(-8, 64, 264, 336), start=208, end=332, fill=BLUE, width=W)
    d.arc(_s(-8, -80, 264, 192), start=28, end=152, fill=BLUE, width=W)
    d.ellipse(_s(88, 88, 168, 168), outline=BLUE, width=W)
    d.ellipse(_s(112, 112, 144, 144), fill=BLUE)


def reading(d: Draw) -> None:  # an open book
    d.polygon(_s(20, 56, 128, 76, 128, 220, 20, 200), outline=BLUE, width=W)
    d.polygon(_s(236, 56, 128, 76, 128, 220, 236, 200), outline=BLUE, width=W)
    for y in (108, 148):
        d.line(_s(48, y, 104, y + 8), fill=BLUE, width=W // 2)
        d.line(_s(208, y, 152, y + 8), fill=BLUE, width=W // 2)


def language(d: Draw) -> None:  # two speech bubbles
    d.rounded_rectangle(_s(16, 24, 156, 120), radius=20 * SCALE, outline=BLUE, width=W)
    d.polygon(_s(44, 116, 84, 116, 40, 156), fill=BLUE)
    d.rounded_rectangle(_s(100, 128, 240, 220), radius=20 * SCALE, fill=WHITE, outline=BLUE, width=W)
    d.polygon(_s(212, 216, 172, 216, 216, 250), fill=BLUE)


def mobility(d: Draw) -> None:  # a person with a cane
    d.ellipse(_s(96, 12, 144, 60), fill=BLUE)
    d.line(_s(120, 72, 112, 150), fill=BLUE, width=W)
    d.line(_s(112, 150, 84, 240), fill=BLUE, width=W)
    d.line(_s(112, 150, 150, 240), fill=BLUE, width=W)
    d.line(_s(118, 96, 168, 130), fill=BLUE, width=W)
    d.line(_s(172, 124, 196, 244), fill=BLUE, width=W // 2 + 8)


def time(d: Draw) -> None:  # an hourglass
    d.line(_s(48, 24, 208, 24), fill=BLUE, width=W)
    d.line(_s(48, 232, 208, 232), fill=BLUE, width=W)
    d.polygon(_s(68, 32, 188, 32, 128, 128), outline=BLUE, width=W)
    d.polygon(_s(68, 224, 188, 224, 128, 128), outline=BLUE, width=W)
    d.polygon(_s(92, 216, 164, 216, 128, 172), fill=BLUE)


NEEDS: dict[str, Callable[[Draw], None]] = {
    "hearing": hearing,
    "sight": sight,
    "reading": reading,
    "language": language,
    "mobility": mobility,
    "time": time,
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in NEEDS.items():
        big = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
        draw(ImageDraw.Draw(big))
        small = big.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
        small.save(OUT / f"need-{name}.png", optimize=True)
        # The same in white, for the toggle once chosen (white on the blue button).
        white = Image.new("RGBA", small.size, WHITE)
        white.putalpha(small.getchannel("A"))
        white.save(OUT / f"need-{name}-on.png", optimize=True)
    print(f"{2 * len(NEEDS)} pictograms in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
