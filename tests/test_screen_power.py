"""Screen power backends run the commands a real screen needs (fake executables on PATH stand in for
the hardware's tools and record what they were asked), and a missing tool never raises."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.device.screen_power import BacklightPower, available, open_screen_power


def fake_tool(bin_dir: Path, name: str, stdout: str = "", status: int = 0) -> Path:
    log = bin_dir / f"{name}.log"
    script = bin_dir / name
    script.write_text(
        f'#!/bin/sh\necho "$@" >> "{log}"\nprintf "%b" "{stdout}"\nexit {status}\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return log


@pytest.fixture
def bin_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/bin{os.pathsep}/usr/bin")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    return folder


def test_xset_forces_dpms_off_and_back_on_without_a_screensaver(bin_dir, monkeypatch):
    log = fake_tool(bin_dir, "xset")
    monkeypatch.setenv("DISPLAY", ":0")
    power = open_screen_power("auto")
    assert power.set(False) and power.set(True)
    assert power.name == "xset"
    assert log.read_text().splitlines() == ["+dpms", "dpms force off", "dpms force on", "s off dpms 0 0 0"]


def test_wlr_randr_switches_every_output(bin_dir, monkeypatch):
    log = fake_tool(bin_dir, "wlr-randr", stdout='HDMI-A-1 "Dell"\\n  Enabled: yes\\nDSI-1 "Panel"\\n')
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    power = open_screen_power("auto")
    assert power.set(False) and power.name == "wlr-randr"
    assert log.read_text().splitlines() == ["", "--output HDMI-A-1 --off", "--output DSI-1 --off"]


def test_vcgencmd_and_a_failing_tool(bin_dir):
    log = fake_tool(bin_dir, "vcgencmd", status=1)
    assert available() == ["vcgencmd"]
    assert open_screen_power("vcgencmd").set(True) is False  # reported, not raised
    assert log.read_text().splitlines() == ["display_power 1"]


def test_auto_keeps_the_first_way_that_works(bin_dir, monkeypatch):
    """Under Weston with Xwayland both variables are set, but wlr-randr finds no wlroots compositor."""
    randr = fake_tool(bin_dir, "wlr-randr", status=1)
    xset = fake_tool(bin_dir, "xset")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setenv("DISPLAY", ":0")
    power = open_screen_power("auto")
    assert power.set(False) and power.name == "xset"
    assert power.set(True)
    assert randr.read_text().splitlines() == [""]  # tried once (listing outputs), then left alone
    assert xset.read_text().splitlines() == ["+dpms", "dpms force off", "dpms force on", "s off dpms 0 0 0"]


def test_backlight_power_writes_bl_power(tmp_path):
    path = tmp_path / "bl_power"
    path.write_text("0")
    power = BacklightPower([str(path)])
    assert power.set(False) and path.read_text() == "4"
    assert power.set(True) and path.read_text() == "0"
    assert BacklightPower([str(tmp_path / "missing" / "bl_power")]).set(False) is False


def test_nothing_available_is_a_safe_no_op(bin_dir):
    assert available() == []
    assert open_screen_power("auto").set(False) and open_screen_power("none").set(False)
    assert open_screen_power("xset").set(False) is False  # named but missing: logged, never raised
