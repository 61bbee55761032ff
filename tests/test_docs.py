"""README documents every command and every configuration key (a new one cannot go undocumented)."""

import argparse
from dataclasses import fields
from pathlib import Path

from kiosk.cli import build_parser
from kiosk.config import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "kiosk") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_commands(sub, f"{prefix} {name}") or [f"{prefix} {name}"])
    return found


def test_every_command_is_in_the_readme():
    commands = _commands(build_parser())
    assert "kiosk print test" in commands
    missing = [c for c in commands if f"`{c}" not in README]
    assert not missing


def test_every_config_key_is_in_the_readme():
    missing = []
    for section, kind in SECTIONS.items():
        assert f"`[{section}]`" in README, section
        for key in (field.name for field in fields(kind)):
            if f"| `{key}` |" not in README:
                missing.append(f"[{section}] {key}")
    assert not missing


def test_quick_start_has_exactly_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = quick.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make run", "make test"]
