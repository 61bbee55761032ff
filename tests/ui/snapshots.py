"""Compare a screenshot with its committed snapshot; write .actual.png and .diff.png on mismatch.

KIOSK_UPDATE_SNAPSHOTS=1 (`make snapshots`) rewrites the committed files instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

MAX_MEAN_DIFF = 1.0  # mean absolute difference per channel (0–255): absorbs anti-aliasing noise


def check_snapshot(actual: Path, expected: Path) -> str:
    """ "" when ``actual`` matches ``expected`` (or was recorded), else a message naming the diff image."""
    if os.environ.get("KIOSK_UPDATE_SNAPSHOTS") == "1" or not expected.exists():
        if os.environ.get("KIOSK_UPDATE_SNAPSHOTS") != "1":
            return f"no snapshot {expected.name}: run `make snapshots` and commit it"
        expected.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(actual, expected)
        return ""
    got = Image.open(actual).convert("RGB")
    want = Image.open(expected).convert("RGB")
    stem = expected.with_suffix("")
    if got.size != want.size:
        shutil.copyfile(actual, f"{stem}.actual.png")
        return f"{expected.name}: size {got.size} != {want.size}"
    diff = ImageChops.difference(got, want)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    if mean <= MAX_MEAN_DIFF:
        return ""
    shutil.copyfile(actual, f"{stem}.actual.png")
    # Differences in red over a faded copy of the expected image.
    mask = diff.convert("L").point(lambda v: 255 if v > 24 else 0)
    faded = Image.blend(want, Image.new("RGB", want.size, "white"), 0.7)
    faded.paste(Image.new("RGB", want.size, (220, 0, 0)), mask=mask)
    faded.save(f"{stem}.diff.png")
    return f"{expected.name}: mean difference {mean:.2f} > {MAX_MEAN_DIFF}; see {stem.name}.diff.png"
