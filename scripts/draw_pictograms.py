"""Draw the kiosk's pictograms (assets/pictograms/*.png) and its chime (assets/sounds/chime.wav).

Everything is drawn here, in the project, from simple bold shapes (no logos, no downloaded art), so the
assets are reproducible and their licence is the project's. Run: python scripts/draw_pictograms.py
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "pictograms"
SOUND = ROOT / "assets" / "sounds" / "chime.wav"
SIZE = 256
SCALE = 4  # drawn 4x larger, then reduced: smooth edges
BLUE = (11, 61, 145, 255)
WHITE = (255, 255, 255, 255)
W = 22 * SCALE  # stroke width

Draw = ImageDraw.ImageDraw


def _s(*values: float) -> list[float]:
    return [v * SCALE for v in values]


def papiers(d: Draw) -> None:
    d.polygon(_s(60, 24, 156, 24, 204, 72, 204, 232, 60, 232), outline=BLUE, width=W)
    d.polygon(_s(150, 24, 204, 78, 150, 78), fill=BLUE)
    for y in (104, 144, 184):
        d.line(_s(92, y, 172, y), fill=BLUE, width=W)


def emails(d: Draw) -> None:
    d.rounded_rectangle(_s(20, 60, 236, 196), radius=16 * SCALE, outline=BLUE, width=W)
    d.line(_s(28, 70, 128, 142, 228, 70), fill=BLUE, width=W, joint="curve")


def appareil(d: Draw) -> None:
    d.rounded_rectangle(_s(24, 40, 168, 220), radius=16 * SCALE, outline=BLUE, width=W)  # tablet
    d.rounded_rectangle(_s(150, 84, 236, 236), radius=14 * SCALE, fill=WHITE, outline=BLUE, width=W)  # phone
    d.ellipse(_s(183, 196, 203, 216), fill=BLUE)


def imprimer(d: Draw) -> None:
    d.rectangle(_s(72, 24, 184, 92), outline=BLUE, width=W)
    d.rounded_rectangle(_s(24, 88, 232, 188), radius=14 * SCALE, outline=BLUE, width=W)
    d.rectangle(_s(72, 150, 184, 236), fill=WHITE, outline=BLUE, width=W)
    d.line(_s(96, 186, 160, 186), fill=BLUE, width=W // 2)
    d.line(_s(96, 210, 160, 210), fill=BLUE, width=W // 2)
    d.ellipse(_s(188, 112, 208, 132), fill=BLUE)


def internet(d: Draw) -> None:
    d.ellipse(_s(24, 24, 232, 232), outline=BLUE, width=W)
    d.ellipse(_s(84, 24, 172, 232), outline=BLUE, width=W)
    d.line(_s(24, 128, 232, 128), fill=BLUE, width=W)
    d.line(_s(44, 76, 212, 76), fill=BLUE, width=W // 2)
    d.line(_s(44, 180, 212, 180), fill=BLUE, width=W // 2)


def emploi(d: Draw) -> None:
    d.rounded_rectangle(_s(20, 76, 236, 220), radius=18 * SCALE, outline=BLUE, width=W)
    d.rounded_rectangle(_s(88, 36, 168, 84), radius=12 * SCALE, outline=BLUE, width=W)
    d.line(_s(20, 136, 236, 136), fill=BLUE, width=W)
    d.rectangle(_s(112, 122, 144, 152), fill=BLUE)


def autre(d: Draw) -> None:
    d.ellipse(_s(20, 20, 236, 236), outline=BLUE, width=W)
    d.arc(_s(84, 56, 172, 140), start=180, end=90, fill=BLUE, width=W)
    d.line(_s(128, 138, 128, 166), fill=BLUE, width=W)
    d.ellipse(_s(114, 182, 142, 210), fill=BLUE)


def apprendre(d: Draw) -> None:  # an open book
    d.polygon(_s(128, 64, 24, 40, 24, 204, 128, 228), outline=BLUE, width=W)
    d.polygon(_s(128, 64, 232, 40, 232, 204, 128, 228), outline=BLUE, width=W)
    d.line(_s(128, 64, 128, 228), fill=BLUE, width=W)
    for y in (96, 136):
        d.line(_s(52, y - 12, 104, y), fill=BLUE, width=W // 2)
        d.line(_s(152, y, 204, y - 12), fill=BLUE, width=W // 2)


def aide(d: Draw) -> None:  # a person and a speech bubble
    d.ellipse(_s(24, 84, 100, 160), outline=BLUE, width=W)
    d.chord(_s(8, 176, 116, 290), start=180, end=360, fill=BLUE)
    d.rounded_rectangle(_s(120, 20, 240, 118), radius=20 * SCALE, outline=BLUE, width=W)
    d.polygon(_s(140, 110, 132, 150, 172, 112), fill=BLUE)
    for cx in (150, 180, 210):
        d.ellipse(_s(cx - 11, 58, cx + 11, 80), fill=BLUE)


def agenda(d: Draw) -> None:  # a calendar page
    d.rounded_rectangle(_s(24, 44, 232, 232), radius=16 * SCALE, outline=BLUE, width=W)
    d.rectangle(_s(24, 44, 232, 96), fill=BLUE)
    d.line(_s(76, 20, 76, 64), fill=BLUE, width=W)
    d.line(_s(180, 20, 180, 64), fill=BLUE, width=W)
    for cx in (76, 128, 180):
        for cy in (134, 186):
            d.rectangle(_s(cx - 14, cy - 14, cx + 14, cy + 14), fill=BLUE)


DRAWINGS: dict[str, Callable[[Draw], None]] = {
    "papiers": papiers,
    "emails": emails,
    "appareil": appareil,
    "imprimer": imprimer,
    "internet": internet,
    "emploi": emploi,
    "autre": autre,
    "apprendre": apprendre,
    "aide": aide,
    "agenda": agenda,
}


def draw_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in DRAWINGS.items():
        big = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
        draw(ImageDraw.Draw(big))
        path = out / f"{name}.png"
        big.resize((SIZE, SIZE), Image.LANCZOS).save(path, optimize=True)
        written.append(path)
    return written


def write_chime(path: Path = SOUND, rate: int = 22050) -> Path:
    """A soft two-tone chime (E5 then C5, bell-like decay), 16-bit mono, 1.3 s."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    notes = ((659.25, 0.0), (523.25, 0.45))
    length = int(rate * 1.3)
    for i in range(length):
        t = i / rate
        value = 0.0
        for freq, start in notes:
            if t >= start:
                u = t - start
                envelope = min(1.0, u / 0.01) * math.exp(-u * 3.2)
                value += envelope * (
                    math.sin(2 * math.pi * freq * u) + 0.3 * math.sin(4 * math.pi * freq * u)
                )
        frames += struct.pack("<h", int(max(-1.0, min(1.0, value * 0.3)) * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


if __name__ == "__main__":
    for p in [*draw_all(), write_chime()]:
        print(p.relative_to(ROOT))
    sys.exit(0)
