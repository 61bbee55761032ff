"""Benchmark: indexing 100 lesson folders (kiosk start-up, `kiosk lessons check`), and in a real Kivy
window (Xvfb) the frames from a tap on « Suivant » to the next step drawn (target ≤ 2 frames)."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kiosk.content.lessons import DEFAULT_LESSONS_DIR, clear_cache, load_lessons

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = ROOT / "tests" / "steps" / "fixtures"
COUNT = 100


def _median_ms(action, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _hundred_lessons(root: Path) -> int:
    """Copies of the shipped lessons and the test fixtures (with their pictures), 100 folders in all."""
    sources = [lesson.folder for lesson in load_lessons(DEFAULT_LESSONS_DIR, log_problems=False).lessons]
    sources += [p for p in FIXTURES.glob("*/*") if (p / "lesson.yaml").is_file()]
    for n in range(COUNT):
        source = sources[n % len(sources)]
        target = root / f"{n:03d}-{source.name}"
        shutil.copytree(source, target)
        text = (target / "lesson.yaml").read_text(encoding="utf-8")
        lesson_id = next(
            line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:")
        )
        (target / "lesson.yaml").write_text(
            text.replace(f"id: {lesson_id}", f"id: {lesson_id}-{n}", 1), encoding="utf-8"
        )
    return COUNT


def _tap_to_next_step() -> dict:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    import conftest  # the UI tests' driver runner (Xvfb, one Kivy app per process)

    with tempfile.TemporaryDirectory() as tmp:
        result = conftest.run_driver(
            Path(tmp),
            scenario="bench_next",
            size=[1280, 800],
            screen_width_mm=217.0,
            lessons_dir=str(FIXTURES / "etapes"),
        )
    return result


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = _hundred_lessons(root)
        index = load_lessons(root, log_problems=False)
        assert len(index.lessons) == count, index.problems[:3]

        def cold() -> None:
            clear_cache()
            load_lessons(root, log_problems=False)

        value = _median_ms(cold, repeat=3)
        rows.append(
            {
                "name": f"index {count} lessons (cold)",
                "value": value,
                "unit": "ms",
                "target": "<= 5 s on a Pi 4",
            }
        )
        rows.append({"name": "per lesson (cold)", "value": value / count, "unit": "ms", "target": ""})
        warm = _median_ms(lambda: load_lessons(root, log_problems=False))
        rows.append(
            {"name": f"index {count} lessons (unchanged files)", "value": warm, "unit": "ms", "target": ""}
        )
    shipped = load_lessons(DEFAULT_LESSONS_DIR, log_problems=False)

    def shipped_cold() -> None:
        clear_cache()
        load_lessons(DEFAULT_LESSONS_DIR, log_problems=False)

    rows.append(
        {
            "name": f"load the {len(shipped.lessons)} shipped lessons (cold)",
            "value": _median_ms(shipped_cold),
            "unit": "ms",
            "target": "<= 300 ms on a Pi 4",
        }
    )
    measured = _tap_to_next_step()
    frames, millis = measured["frames"], measured["millis"]
    rows.append(
        {
            "name": "tap → next step drawn (median)",
            "value": statistics.median(frames),
            "unit": "frames",
            "target": "<= 2 frames",
        }
    )
    rows.append(
        {
            "name": "tap → next step drawn (worst)",
            "value": max(frames),
            "unit": "frames",
            "target": "<= 2 frames",
        }
    )
    rows.append(
        {
            "name": "tap → next step drawn (median)",
            "value": statistics.median(millis),
            "unit": "ms",
            "target": json.dumps(len(frames)) + " steps",
        }
    )
    return rows
