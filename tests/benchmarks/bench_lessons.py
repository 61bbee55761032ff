"""Benchmark: reading and validating lesson folders (kiosk start-up and `kiosk lessons check`)."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.lessons import DEFAULT_LESSONS_DIR, load_lessons


def _median_ms(action, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[dict]:
    shipped = load_lessons(DEFAULT_LESSONS_DIR)
    assert not shipped.problems, shipped.problems
    rows = [
        {
            "name": "load shipped lessons",
            "value": _median_ms(lambda: load_lessons(DEFAULT_LESSONS_DIR)),
            "unit": "ms",
            "target": f"<= 300 ms for {len(shipped.lessons)} lessons on a Pi 4",
        },
    ]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n in range(20):  # a full curriculum: 20 copies of the shipped lessons, with their pictures
            for lesson in shipped.lessons:
                target = root / f"{n:02d}-{lesson.folder.name}"
                shutil.copytree(lesson.folder, target)
                text = (target / "lesson.yaml").read_text(encoding="utf-8")
                (target / "lesson.yaml").write_text(
                    text.replace(f"id: {lesson.id}", f"id: {lesson.id}-{n}", 1), encoding="utf-8"
                )
        count = len(load_lessons(root).lessons)
        value = _median_ms(lambda: load_lessons(root), repeat=3)
        rows.append(
            {
                "name": f"load {count} lessons",
                "value": value,
                "unit": "ms",
                "target": "<= 5 s on a Pi 4 (start-up)",
            }
        )
        rows.append({"name": "per lesson", "value": value / count, "unit": "ms", "target": ""})
    return rows
