"""Kiosk cost over a day of lessons: the same lesson played to its end in a fresh kiosk window, and again in
one that has just played 12 other lessons (the same window, as at a médiathèque where nobody restarts the
kiosk between residents). Both at 800×480 in Xvfb, with tests/ui/driver.py's « play_all » scenario (the
taps of a resident who knows the answers), measured in the same run.

A widget that leaves something behind in an object that lives as long as the kiosk makes each later
lesson slower: the theme's font observers did (13th lesson 30.6 s against 15.3 s alone, before
`Theme.follow`). Needs an X display (`make bench`).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "ui"))
from driver import run_child  # noqa: E402  (tests/ui: the Kivy child and its scenarios)

from kiosk.content.lessons import DEFAULT_LESSONS_DIR  # noqa: E402

MEASURED = "rendez-vous-medical"  # a long one: forms and typing
BEFORE = [
    "ecran-tactile",
    "clavier-ecran",
    "smartphone",
    "installer-application",
    "photo-qr-code",
    "tablette-appel-video",
    "naviguer-internet",
    "chercher-information",
    "fausse-information",
    "creer-adresse-mail",
    "lire-ecrire-mail",
    "pieces-jointes",
]
TARGET = 1.2
ROUNDS = 2


def _play(folder: Path, only: list[str]) -> dict:
    args = {
        "size": [800, 480],
        "screen_width_mm": 154.0,
        "scenario": "play_all",
        "lessons_dir": str(DEFAULT_LESSONS_DIR),
        "shoot": {},
        "maxfps": 0,
        "only": only,
        "timeout_s": 1200,
    }
    return run_child(folder, args)["played"]


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"} for tests/benchmarks/run.py."""
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("no X display: run through scripts/with_xvfb.py (make bench does)")
    alone, later = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for turn in range(ROUNDS):  # alternated: the machine's noise falls on both
            alone.append(_play(Path(tmp) / f"alone{turn}", [MEASURED])[MEASURED])
            later.append(_play(Path(tmp) / f"day{turn}", [*BEFORE, MEASURED])[MEASURED])
    cpu_alone = statistics.median(r["cpu_seconds"] for r in alone)
    cpu_later = statistics.median(r["cpu_seconds"] for r in later)
    ratio = cpu_later / cpu_alone
    return [
        {
            "name": f"« {MEASURED} » played alone: CPU (each round)",
            "value": f"{cpu_alone:.1f} ({' '.join(str(r['cpu_seconds']) for r in alone)})",
            "unit": "s",
            "target": "",
        },
        {
            "name": f"the same after {len(BEFORE)} other lessons: CPU (each round; ratio)",
            "value": f"{cpu_later:.1f} ({' '.join(str(r['cpu_seconds']) for r in later)}; {ratio:.2f}x)",
            "unit": "s",
            "target": f"<= {TARGET:g}x ({'met' if ratio <= TARGET else 'MISSED'})",
        },
        {
            "name": "theme font observers / live followers after the day",
            "value": f"{later[-1]['font_observers']} / {later[-1]['font_followers']}",
            "unit": "",
            "target": "do not grow",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:60} {row['value']!s:>24} {row['unit']:2} {row.get('target', '')}")
