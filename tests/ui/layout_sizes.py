"""Running the layout audit (tests/ui/layout_audit.py) at every screen size, one child Kivy process per
size, the sizes side by side; and the summary table that `make bench` prints. Used by
tests/ui/test_layout_sizes.py, tests/benchmarks/bench_layout.py and scripts/contact_sheets.py."""

from __future__ import annotations

import statistics
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from driver import run_child

from kiosk.content.lessons import DEFAULT_LESSONS_DIR

# (width, height) -> physical screen width in mm: Raspberry Pi 7" display, a 10.1" panel, a 21.5" monitor.
SIZES = {(800, 480): 154.0, (1280, 800): 217.0, (1920, 1080): 476.0}
SCALES = (1.0, 2.0)
AUDIT_TIMEOUT_S = 480  # one size takes ~40 s alone on a quiet machine; the suite shares two cores


def audit(size: tuple[int, int], out: Path, shots_dir: Path | None = None, **extra: Any) -> dict[str, Any]:
    """The audit's results at ``size`` (every shipped lesson step and resident screen, 100 % and 200 %)."""
    args = {
        "scenario": "layout_audit",
        "size": list(size),
        "screen_width_mm": SIZES[size],
        "lessons_dir": str(DEFAULT_LESSONS_DIR),
        "scales": list(SCALES),
        "shots_dir": str(shots_dir) if shots_dir else "",
        **extra,
    }
    return run_child(out, args, timeout=AUDIT_TIMEOUT_S)


def audit_all(out: Path | None = None) -> dict[tuple[int, int], dict[str, Any]]:
    """The audit at every size in SIZES, two child processes at a time."""
    base = out or Path(tempfile.mkdtemp(prefix="layout-audit-"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {size: pool.submit(audit, size, base / f"{size[0]}x{size[1]}") for size in SIZES}
        return {size: future.result() for size, future in futures.items()}


KEYBOARDS = {"help_name", "register", "register_phone", "type_text", "form_fill", "guided_sim"}
TOL_MM = 0.2


def keyboard_problems(rows: list[dict[str, Any]], scales: tuple[float, ...] = SCALES) -> list[tuple]:
    """What breaks the touch and text rules on the keyboards (tests/ui/keyboard_audit.py rows): every
    keyboard at every scale shows its instruction at body size or more on one of its pages, and never
    smaller; 🔊 and « A+ » on every page; keys ≥ 10 mm, primary ≥ 16 mm, gaps ≥ 4 mm; nothing cut or
    outside the window. [] when all is well."""
    problems: list[tuple] = []
    for name in KEYBOARDS:
        for scale in scales:
            pages = [r for r in rows if r["keyboard"] == name and r["scale"] == scale]
            if not pages:
                problems.append((name, scale, "not measured"))
                continue
            if not any(r["instruction_mm"] is not None for r in pages):
                problems.append((name, scale, "instruction never shown"))
            if not any(r["stage"] == "keys" for r in pages):
                problems.append((name, scale, "keys never shown"))
    for r in rows:
        where = (r["keyboard"], r["stage"], r["scale"])
        for what in ("instruction_mm", "reminder_mm"):
            if r[what] is not None and r[what] < r["body_mm"] - 0.05:
                problems.append((*where, what, "under body size", r[what], r["body_mm"]))
        if not {"text:bigger"} <= set(r["actions"]) or not {"speak", "typing:speak"} & set(r["actions"]):
            problems.append((*where, "no 🔊 or A+", r["actions"]))
        if r["stage"] == "keys" and r["smallest_key_mm"] < 10 - TOL_MM:
            problems.append((*where, "key", r["smallest_key_mm"]))
        if r["smallest_mm"] < 10 - TOL_MM or r["primary_mm"] < 16 - TOL_MM or r["lifeline_mm"] < 16 - TOL_MM:
            problems.append((*where, "small", r["smallest_what"], r["smallest_mm"], r["primary_mm"]))
        if r["gap_mm"] < 4 - TOL_MM:
            problems.append((*where, "gap", r["gap_pair"], r["gap_mm"]))
        if r["cut"] or r["outside"]:
            problems.append((*where, "cut or outside", r["cut"], r["outside"]))
    return problems


def summary(results: dict[str, Any], scale: float) -> dict[str, Any]:
    """Steps needing more than one page, median and most pages, pages showing only a helper, smallest
    target, primary and gap (mm)."""
    rows = [r for r in results["rows"] if r["scale"] == scale]
    screens = [r for r in results["screens"] if r["scale"] == scale]
    pages = [r["pages"] for r in rows]
    both = rows + screens
    return {
        "steps": len(rows),
        "paged": sum(p > 1 for p in pages),
        "median_pages": statistics.median(pages) if pages else 0,
        "max_pages": max(pages, default=0),
        "helpers_alone": sum(r.get("helpers_alone", 0) for r in rows),
        "smallest_mm": min((r["smallest_mm"] for r in both), default=0),
        "primary_mm": min((r["primary_mm"] for r in both), default=0),
        "lifeline_mm": min((r["lifeline_mm"] for r in both), default=0),
        "gap_mm": min((r["gap_mm"] for r in both), default=0),
        "area_share": min((r["area_share"] for r in rows), default=0),
    }
