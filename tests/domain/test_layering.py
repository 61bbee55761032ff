"""The domain stays pure: it imports no UI, printer, HTTP or SQL library."""

from pathlib import Path

from import_graph import imported_modules as _imports

import kiosk.domain

FORBIDDEN = (
    "kivy",
    "escpos",
    "requests",
    "httpx",
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlite3",
    "kiosk.ui",
    "kiosk.printing",
    "kiosk.hub",
    "kiosk.client",
    "kiosk.content",
    "kiosk.device",
    "PIL",
    "socket",
)


def test_domain_imports_nothing_from_adapters():
    domain_dir = Path(kiosk.domain.__file__).parent
    files = sorted(domain_dir.glob("*.py"))
    assert len(files) >= 4
    offenders = {
        f"{path.name}: {name}"
        for path in files
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }
    assert not offenders


def test_the_check_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlite3\nfrom kivy.app import App\n")
    assert {"sqlite3", "kivy.app"} <= _imports(bad)


# Imports from kiosk.ui into kiosk.hub that are allowed: none (password hashing is kiosk/passwords.py).
UI_HUB_ALLOWED: frozenset[str] = frozenset()
# What a flow may not import: flows run without Kivy, and reach the hub only through kiosk.client.port.
FLOW_FORBIDDEN = (
    "kivy",
    "requests",
    "sqlite3",
    "kiosk.ui",
    "kiosk.hub",
    *(f"kiosk.client.{m}" for m in ("hub_client", "outbox", "embedded_hub")),
)


def _kiosk_files() -> list[Path]:
    root = Path(kiosk.domain.__file__).parents[1]
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _relative(path: Path) -> str:
    return path.relative_to(Path(kiosk.domain.__file__).parents[2]).as_posix()


def _is(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_only_kiosk_ui_imports_kivy():
    files = _kiosk_files()
    assert len(files) > 100
    offenders = {
        f"{_relative(path)}: {name}"
        for path in files
        if not _relative(path).startswith("kiosk/ui/")
        for name in _imports(path)
        if _is(name, "kivy")
    }
    assert not offenders


def test_kiosk_ui_never_imports_the_hub():
    offenders = {
        f"{_relative(path)}: {name}"
        for path in _kiosk_files()
        if _relative(path).startswith("kiosk/ui/")
        for name in _imports(path)
        if _is(name, "kiosk.hub")
    }
    assert offenders == UI_HUB_ALLOWED


def test_flows_are_free_of_kivy_and_of_the_network():
    flows = [p for p in _kiosk_files() if _relative(p).startswith("kiosk/flows/")]
    assert len(flows) >= 2
    offenders = {
        f"{_relative(path)}: {name}"
        for path in flows
        for name in _imports(path)
        if any(_is(name, bad) for bad in FLOW_FORBIDDEN)
    }
    assert not offenders
