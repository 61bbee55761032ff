"""France's public holidays with Moselle's, computed by the ``holidays`` package in a child process and kept
in a per-user cache, so that neither the kiosk nor the hub imports that package.

Why: importing ``holidays`` loads every calendar system it knows (Chinese, Hebrew, Hindu, Islamic…) before
its France. That is 6.4 MiB of the process's RSS for as long as it runs (measured by hand; the kiosk after
1,000 screen changes, tests/benchmarks/bench_screens.py: 196 → 192 MiB, since icalendar shares some of
it), and ~75 ms of CPU on this 2-core PC (more on a Raspberry Pi) during which the kiosk's worker thread
held the GIL while the screen was drawn.

How: the dates of a year are computed once per installed copy of the package. A child process
(``python -m kiosk.content.holiday_dates YEAR…``) prints them as JSON, and `french_holidays` keeps them in
``~/.cache/kiosk-mediatheque/holidays/`` (kiosk.user_cache: written atomically). When the
package's files change (an upgrade), the cache is computed again. When the child fails, the dates are
computed in this process as before: slower and heavier, never wrong. A cache that cannot be read or
written is skipped, with one line in the log.

Thread-safety: `french_holidays` is safe from any thread (one lock; the child runs under it).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.user_cache import cache_folder, write_atomically

log = logging.getLogger(__name__)

HOLIDAY_COUNTRY, HOLIDAY_SUBDIVISION = "FR", "57"
CHILD_TIMEOUT_S = 60.0
Days = dict[date, str]

_lock = threading.Lock()
_known: dict[int, Days] = {}  # year → its holidays, for this process


def french_holidays(years: range) -> Days:
    """France's public holidays with Moselle's (``HOLIDAY_SUBDIVISION``) over ``years``, date → name."""
    with _lock:
        missing = [year for year in years if year not in _known]
        if missing:
            _known.update(_load(missing))
        return {day: name for year in years for day, name in _known[year].items()}


def cache_file() -> Path:
    """Where the computed dates are kept (``~/.cache/kiosk-mediatheque/holidays/FR-57.json`` on Linux)."""
    return cache_folder("holidays") / f"{HOLIDAY_COUNTRY}-{HOLIDAY_SUBDIVISION}.json"


def _load(years: list[int]) -> dict[int, Days]:
    path, identity = cache_file(), _package_identity()
    stored = _read(path, identity) if identity else {}
    found = {year: stored[year] for year in years if year in stored}
    wanted = [year for year in years if year not in found]
    if wanted:
        computed = _from_child(wanted) if identity else None
        if computed is None:
            computed = compute(wanted)
        found.update(computed)
        if identity:
            _write(path, identity, {**stored, **computed})
    return found


def _package_identity() -> str:
    """The size and modification time of the package's version and France files, without importing it
    ("" when the package is not laid out as expected: the dates are then computed in this process)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return ""
    root = Path(next(iter(spec.submodule_search_locations)))
    parts = []
    for file in (root / "version.py", root / "countries" / "france.py"):
        try:
            stat = file.stat()
        except OSError:
            return ""
        parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return " ".join(parts)


def _read(path: Path, identity: str) -> dict[int, Days]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("holidays: cache %s unreadable (%s): computed again", path, exc)
        return {}
    if not isinstance(data, dict) or data.get("package") != identity:
        return {}  # another copy of the package wrote it
    return _parse(data.get("years")) or {}


def _parse(years: Any) -> dict[int, Days] | None:
    """``{"2026": {"2026-01-01": "New Year's Day", …}, …}`` as {2026: {date: name}}; None when malformed."""
    if not isinstance(years, dict):
        return None
    try:
        parsed = {
            int(year): {date.fromisoformat(day): str(name) for day, name in days.items()}
            for year, days in years.items()
        }
    except (AttributeError, TypeError, ValueError):
        return None
    if any(day.year != year for year, days in parsed.items() for day in days):
        return None
    return parsed


def _as_json(years: dict[int, Days]) -> dict[str, dict[str, str]]:
    return {
        str(year): {day.isoformat(): name for day, name in sorted(days.items())}
        for year, days in years.items()
    }


def _write(path: Path, identity: str, years: dict[int, Days]) -> None:
    """Write the cache atomically; a read-only home just skips it."""
    data = json.dumps({"package": identity, "years": _as_json(years)})
    write_atomically(path, data.encode("utf-8"), "holiday dates")


def _child_command(years: list[int]) -> list[str]:
    return [sys.executable, "-m", "kiosk.content.holiday_dates", *map(str, years)]


def _from_child(years: list[int]) -> dict[int, Days] | None:
    """The dates computed by a child process, or None (logged) when it fails."""
    try:
        done = subprocess.run(
            _child_command(years), capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("holidays: the child process could not run (%s): computed here", exc)
        return None
    try:
        parsed = _parse(json.loads(done.stdout)) if done.returncode == 0 else None
    except ValueError:
        parsed = None
    if parsed is None or sorted(parsed) != sorted(years):
        reason = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        log.warning("holidays: the child process failed (%s): computed here", reason[0])
        return None
    return parsed


def compute(years: list[int]) -> dict[int, Days]:
    """The dates from the ``holidays`` package, in this process (the child's work, and the fallback)."""
    found: dict[int, Days] = {year: {} for year in years}
    for day, name in _france()(subdiv=HOLIDAY_SUBDIVISION, years=years).items():
        found[day.year][day] = name
    return found


def _france() -> Any:
    """The package's France class alone: ``holidays.country_holidays("FR")`` goes through the
    ``holidays.countries`` package, which imports all of its 250 countries first (279 modules, 7 MiB)."""
    import holidays  # noqa: PLC0415 (only in the child, or as the fallback)

    name = "holidays.countries.france"
    module = sys.modules.get(name)
    file = Path(holidays.__file__).parent / "countries" / "france.py"
    if module is None and file.is_file():
        spec = importlib.util.spec_from_file_location(name, file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module  # a later `import holidays.countries` reuses it
    if module is None:  # another layout of the package: its own way, all countries included
        return lambda **kw: holidays.country_holidays(HOLIDAY_COUNTRY, **kw)
    return module.France


def main(argv: list[str]) -> int:
    """The child: print the holidays of the years given as JSON on stdout."""
    years = [int(arg) for arg in argv]
    print(json.dumps(_as_json(compute(years))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
