"""`make bench`: run every tests/benchmarks/bench_*.py and print one table (not part of `make test`).

Each module exposes `run() -> list[dict]` with rows {"name", "value", "unit", "target"}; "target" is a
human-readable goal such as "<= 1.5x bare Kivy" and may be empty. Machines are noisy, so benchmarks
compare against a baseline measured in the same run where a ratio makes sense.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    spec.loader.exec_module(module)
    return module


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def main(selected: list[str]) -> int:
    rows: list[tuple[str, str, str, str, str]] = []
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and path.stem not in selected and path.stem.removeprefix("bench_") not in selected:
            continue
        started = time.perf_counter()
        print(f"running {path.stem}…", file=sys.stderr, flush=True)
        try:
            results = _load(path).run()
        except Exception:  # a broken benchmark is reported, the others still run
            failed += 1
            traceback.print_exc()
            rows.append((path.stem, "FAILED", "", "", ""))
            continue
        for row in results:
            rows.append(
                (path.stem, row["name"], _fmt(row["value"]), row.get("unit", ""), row.get("target", ""))
            )
        print(f"  {path.stem}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    header = ("module", "measure", "value", "unit", "target")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
