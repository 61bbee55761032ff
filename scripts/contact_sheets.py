"""Write docs/contact-sheets/<lesson>.png: every page of every step of each shipped lesson as the 7-inch
screen (800×480, 100 %) shows it, in a grid with the step's number under each picture.

Usage: make contact-sheets (runs the layout audit once under Xvfb; about a minute).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "ui"))
OUT = ROOT / "docs" / "contact-sheets"
THUMB = (400, 240)  # half size: words stay readable
COLUMNS = 4
CAPTION_H = 26


def sheet(rows: list[dict], path: Path) -> None:
    """One lesson's pages in a grid, captioned « 3.2 » (step 3, page 2 of it), as a palette PNG."""
    from PIL import Image, ImageDraw, ImageFont

    from kiosk.ui.theme import FONT_BOLD

    shots = [
        (f"{n}.{p + 1}" if len(r["shots"]) > 1 else f"{n}", s)
        for n, r in enumerate(rows, 1)
        for p, s in enumerate(r["shots"])
    ]
    lines = -(-len(shots) // COLUMNS)
    cell_w, cell_h = THUMB[0] + 8, THUMB[1] + CAPTION_H + 8
    image = Image.new("RGB", (COLUMNS * cell_w, lines * cell_h), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT_BOLD, 18)
    for index, (caption, shot) in enumerate(shots):
        x, y = (index % COLUMNS) * cell_w + 4, (index // COLUMNS) * cell_h + 4
        image.paste(Image.open(shot).convert("RGB").resize(THUMB, Image.LANCZOS), (x, y))
        draw.rectangle((x - 1, y - 1, x + THUMB[0], y + THUMB[1]), outline=(120, 120, 120))
        draw.text((x, y + THUMB[1] + 3), caption, fill=(26, 26, 26), font=font)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main() -> int:
    import logging

    from layout_sizes import audit

    logging.getLogger("PIL").setLevel(logging.WARNING)

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        shots = Path(tmp) / "shots"
        shots.mkdir()
        results = audit((800, 480), Path(tmp) / "run", shots_dir=shots, scales=[1.0])
        by_lesson: dict[str, list[dict]] = {}
        for row in results["rows"]:
            by_lesson.setdefault(row["lesson"], []).append(row)
        for old in OUT.glob("*.png"):
            old.unlink()
        for lesson, rows in by_lesson.items():
            sheet(rows, OUT / f"{lesson}.png")
            print(f"{OUT / lesson}.png: {sum(len(r['shots']) for r in rows)} pages of {len(rows)} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
