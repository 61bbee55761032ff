"""The domain stays pure: it imports no UI, printer, HTTP or SQL library."""

import ast
from pathlib import Path

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


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


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
