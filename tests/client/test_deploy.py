"""deploy/: the example configuration loads and lists every key; units and installer say what they must."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

from kiosk.config import SECTIONS, load_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXAMPLE = DEPLOY / "kiosk.example.toml"


def test_the_example_config_loads():
    config = load_config(EXAMPLE)
    assert config.source == str(EXAMPLE)
    assert config.agenda.source == "demo"


def test_the_example_config_has_every_key_with_a_comment():
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    missing, uncommented = [], []
    for section, kind in SECTIONS.items():
        for key in (field.name for field in fields(kind)):
            if key not in raw.get(section, {}):
                missing.append(f"[{section}] {key}")
                continue
            at = next(i for i, line in enumerate(lines) if line.startswith(f"{key} = "))
            if not lines[at - 1].startswith("#"):
                uncommented.append(f"[{section}] {key}")
    assert missing == []
    assert uncommented == []


def test_units_are_watched_restart_forever_and_run_as_two_users():
    hub = (DEPLOY / "kiosk-hub.service").read_text(encoding="utf-8")
    ui = (DEPLOY / "kiosk-ui.service").read_text(encoding="utf-8")
    for unit in (hub, ui):
        assert "Type=notify" in unit and "WatchdogSec=" in unit
        assert "Restart=always" in unit and "StartLimitIntervalSec=0" in unit
        assert "KIOSK_CONFIG=/etc/kiosk/kiosk.toml" in unit
    assert "User=kiosk-hub\n" in hub and "-m kiosk hub" in hub and "LimitNOFILE=" in hub
    assert "User=kiosk\n" in ui and "-m kiosk run" in ui and "BindsTo=kiosk-session.service" in ui
    assert "XDG_DATA_HOME=/var/lib/kiosk/hub" in hub and "XDG_DATA_HOME=/var/lib/kiosk/ui" in ui


def test_the_installer_is_strict_bash():
    script = (DEPLOY / "install-pi.sh").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert "/opt/kiosk" in script and "kiosk.example.toml" in script


def test_the_lines_the_installer_rewrites_are_in_the_example():
    script = (DEPLOY / "install-pi.sh").read_text(encoding="utf-8")
    example = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for line in (
        'id = "demo"',
        'hub_url = ""',
        'hub_token = ""',
        'data_dir = ""',
        "fullscreen = false",
        "screen_width_mm = 344.0",
    ):
        assert line in example
        assert line.replace('"', '\\"') in script or line in script
