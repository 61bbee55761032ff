"""France's holidays with Moselle's (kiosk.content.holiday_dates): the holidays package's own days, computed
in a child process and cached, so the process that asks never imports the package (6.4 MiB of RSS). A
broken or foreign cache, a child that fails and a cache that cannot be written still give the right days."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import holidays
import pytest

from kiosk.content import holiday_dates

YEARS = range(2024, 2032)
ASK = (
    "import json, sys\n"
    "import kiosk.content.holiday_dates as h\n"
    "{setup}"
    "days = h.french_holidays(range(2024, 2032))\n"
    "print(json.dumps({{'days': {{d.isoformat(): n for d, n in days.items()}},"
    " 'loaded': sorted(m for m in sys.modules if m.split('.')[0] == 'holidays')}}))\n"
)


def expected() -> dict[str, str]:
    days = holidays.country_holidays("FR", subdiv="57", years=YEARS)
    return {day.isoformat(): name for day, name in days.items()}


def ask(tmp_path, setup: str = "") -> tuple[dict, str]:
    """french_holidays(2024-2031) in a fresh process with its cache in ``tmp_path``: (what it saw, stderr)."""
    done = subprocess.run(
        [sys.executable, "-c", ASK.format(setup=setup)],
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout), done.stderr


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The cache file in ``tmp_path``, and this process's memory of the dates emptied (before and after)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    holiday_dates._known.clear()
    yield holiday_dates.cache_file()
    holiday_dates._known.clear()


def test_the_process_that_asks_never_imports_the_package_and_the_second_reads_the_cache(tmp_path):
    first, _ = ask(tmp_path)
    assert first["days"] == expected()
    assert "2027-03-26" in first["days"] and "2027-12-26" in first["days"]  # Moselle's own days
    assert first["loaded"] == []
    written = os.stat(tmp_path / "kiosk-mediatheque" / "holidays" / "FR-57.json")
    second, _ = ask(tmp_path)
    assert second == first
    again = os.stat(tmp_path / "kiosk-mediatheque" / "holidays" / "FR-57.json")
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)  # read, not rewritten


def test_a_child_that_fails_leaves_the_work_to_this_process_with_france_alone(tmp_path):
    setup = "h._child_command = lambda years: [sys.executable, '-c', 'raise SystemExit(3)']\n"
    seen, stderr = ask(tmp_path, setup)
    assert seen["days"] == expected()
    assert "holidays.countries.france" in seen["loaded"]
    assert [m for m in seen["loaded"] if m.startswith("holidays.countries.")] == ["holidays.countries.france"]
    assert "the child process failed (exit status 3): computed here" in stderr


@pytest.mark.parametrize(
    "child",
    [
        "print('not json')",
        "print('{}')",
        'print(\'{"2024": {"2099-01-01": "x"}}\')',
        "import time; time.sleep(9)",
    ],
    ids=["garbage", "no year", "a day of another year", "too slow"],
)
def test_a_child_answering_wrong_is_not_believed(cache, monkeypatch, child):
    monkeypatch.setattr(holiday_dates, "_child_command", lambda years: [sys.executable, "-c", child])
    monkeypatch.setattr(holiday_dates, "CHILD_TIMEOUT_S", 2.0)
    days = holiday_dates.french_holidays(YEARS)
    assert {d.isoformat(): n for d, n in days.items()} == expected()


def test_a_broken_or_foreign_cache_is_computed_again(cache, caplog):
    identity = holiday_dates._package_identity()
    fake = {"2026": {"2026-07-15": "Fausse fête"}}
    for content in (
        "{not json",
        json.dumps({"package": "version.py:1:1 france.py:1:1", "years": fake}),  # another copy of the package
        json.dumps({"package": identity, "years": {"2026": {"2027-01-01": "Jour de l'an"}}}),  # wrong year
        json.dumps({"package": identity, "years": ["2026"]}),
    ):
        holiday_dates._known.clear()
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(content, encoding="utf-8")
        days = holiday_dates.french_holidays(range(2026, 2027))
        assert date(2026, 7, 15) not in days and date(2026, 7, 14) in days, content
        stored = json.loads(cache.read_text(encoding="utf-8"))
        assert stored["package"] == identity and "2026-07-14" in stored["years"]["2026"]
    assert "unreadable" in caplog.text  # the one that was not JSON


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    holiday_dates._known.clear()
    try:
        days = holiday_dates.french_holidays(YEARS)
    finally:
        holiday_dates._known.clear()
    assert {d.isoformat(): n for d, n in days.items()} == expected()
