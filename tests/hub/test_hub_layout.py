"""The hub's layout holds: feature packages whose routers (api.py, pages.py) never import another
feature's router, and SQL only in the features' SQL modules (sql.py, *_sql.py) and db/store.py."""

from __future__ import annotations

import re
from pathlib import Path

from import_graph import imported_modules as _imports

import kiosk.hub

HUB = Path(kiosk.hub.__file__).parent
ROUTER_FILES = ("api.py", "pages.py")
SQL_RE = re.compile(r"\b(SELECT\s[^;]*?\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.S)


def _module(hub_dir: Path, path: Path) -> str:
    return ".".join(("kiosk", "hub", *path.relative_to(hub_dir).with_suffix("").parts))


def router_imports(hub_dir: Path) -> set[str]:
    """« a imports b » for each router module a (an api.py or pages.py) that imports another one, b."""
    files = [path for name in ROUTER_FILES for path in hub_dir.rglob(name)]
    routers = {_module(hub_dir, path) for path in files}
    return {
        f"{_module(hub_dir, path)} imports {name}"
        for path in files
        for name in _imports(path) & routers
        if name != _module(hub_dir, path)
    }


def test_no_router_imports_another_router():
    assert len(list(HUB.rglob("api.py"))) >= 4 and len(list(HUB.rglob("pages.py"))) >= 6
    assert not router_imports(HUB)


def test_the_check_catches_a_router_importing_a_router(tmp_path):
    for package in ("queue", "print_jobs"):
        (tmp_path / package).mkdir()
    (tmp_path / "print_jobs" / "pages.py").write_text("def printer_problems(): ...\n")
    (tmp_path / "queue" / "pages.py").write_text("from kiosk.hub.print_jobs.pages import printer_problems\n")
    (tmp_path / "queue" / "api.py").write_text("from kiosk.hub.print_jobs import pages\n")
    assert router_imports(tmp_path) == {
        "kiosk.hub.queue.pages imports kiosk.hub.print_jobs.pages",
        "kiosk.hub.queue.api imports kiosk.hub.print_jobs.pages",
    }


def sql_outside_sql_modules(hub_dir: Path) -> set[str]:
    """Hub files (relative paths) holding SQL that are neither a SQL module nor the store."""
    return {
        path.relative_to(hub_dir).as_posix()
        for path in hub_dir.rglob("*.py")
        if not path.name.endswith("sql.py")
        and path.relative_to(hub_dir).as_posix() != "db/store.py"
        and SQL_RE.search(path.read_text(encoding="utf-8"))
    }


def test_sql_lives_in_sql_modules():
    assert len(list(HUB.rglob("*sql.py"))) >= 7
    assert not sql_outside_sql_modules(HUB)


def test_the_check_finds_sql_in_a_route(tmp_path):
    (tmp_path / "queue").mkdir()
    (tmp_path / "queue" / "pages.py").write_text('rows = "SELECT id FROM help_requests WHERE status = ?"\n')
    (tmp_path / "queue" / "sql.py").write_text('rows = "SELECT id FROM help_requests"\n')
    (tmp_path / "queue" / "desk.py").write_text('"""Select the next request from the queue."""\n')
    assert sql_outside_sql_modules(tmp_path) == {"queue/pages.py"}
