"""Layout per screen size: every shipped lesson step at 800×480, 1280×800 and 1920×1080, at 100 % and
200 % (tests/ui/layout_audit.py): steps needing more than one page, the most pages, pages that show only
« Je ne sais pas » / « Un indice », the smallest target and the smallest visible gap in millimetres. A
table to compare over time, not pass/fail."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui"))


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"} for tests/benchmarks/run.py."""
    from layout_sizes import SCALES, audit_all, summary

    rows: list[dict] = []

    def row(name: str, value: float, unit: str = "", target: str = "") -> None:
        rows.append({"name": name, "value": value, "unit": unit, "target": target})

    for (width, height), results in audit_all().items():
        for scale in SCALES:
            s = summary(results, scale)
            where = f"{width}x{height} {round(scale * 100)} %"
            row(f"{where}: steps > 1 page", s["paged"], f"/{s['steps']}")
            row(f"{where}: most pages", s["max_pages"])
            row(f"{where}: pages with a helper alone", s["helpers_alone"], "", "0")
            row(f"{where}: smallest target", s["smallest_mm"], "mm", ">= 10")
            row(f"{where}: smallest primary", s["primary_mm"], "mm", ">= 16")
            row(f"{where}: smallest 🔊 / A+", s["lifeline_mm"], "mm", ">= 16")
            row(f"{where}: smallest gap", s["gap_mm"], "mm", ">= 4")
            if scale == 1.0:
                row(f"{where}: lesson area", s["area_share"] * 100, "%", ">= 60")
    return rows
