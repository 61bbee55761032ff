"""Configuration: demo defaults, a good file, and every kind of bad file refused with one clear line."""

from dataclasses import FrozenInstanceError

import pytest

from kiosk.cli import main
from kiosk.config import Config, ConfigError, load_config


def _write(tmp_path, text):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_demo_defaults(monkeypatch):
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    config = load_config(None)
    assert config.demo
    assert config.printer.uri == "preview"
    assert config.kiosk.hub_url == ""


def test_a_name_in_french_typography_loads(tmp_path):
    name = "Médiathèque « Cœur de ville » : l’Œil\u00a0&\u202fla Plume"
    path = _write(tmp_path, f'[site]\nname = "{name}"\n')
    assert load_config(path).site.name == name


def test_environment_variable_names_the_file(tmp_path, monkeypatch):
    path = _write(tmp_path, '[site]\nname = "Médiathèque de Yutz"\n')
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    config = load_config(None)
    assert config.site.name == "Médiathèque de Yutz"
    assert not config.demo


def test_a_full_file_loads(tmp_path):
    path = _write(
        tmp_path,
        """
[site]
name = "Médiathèque de la Côte des Roses"
timezone = "Europe/Paris"
[kiosk]
id = "cote-des-roses-1"
hub_url = "http://192.0.2.10:8470/"
hub_token = "abc"
idle_timeout_s = 90
screen_width_mm = 154
[hub]
listen = "0.0.0.0:8470"
data_dir = "%s"
[printer]
uri = "network://192.0.2.20:9100"
paper_width_mm = 58
[agenda]
source = "demo"
"""
        % (tmp_path / "data"),
    )
    config = load_config(path)
    assert config.kiosk.hub_url == "http://192.0.2.10:8470"
    assert config.printer.paper_width_mm == 58
    assert config.data_dir == tmp_path / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[printer]\nuri = "lpt1"', "[printer] uri: expected preview, file:"),
        ("[printer]\npaper_width_mm = 70", "[printer] paper_width_mm: expected 58 or 80, got 70"),
        ('[kiosk]\nidle_timeout_s = "long"', "[kiosk] idle_timeout_s: expected a whole number, got 'long'"),
        (
            "[kiosk]\nidle_timeout_s = 5",
            "[kiosk] idle_timeout_s: expected a whole number from 30 to 3600, got 5",
        ),
        ('[kiosk]\ncolour = "red"', "[kiosk] colour: unknown key"),
        ('[kiosk]\nhub_url = "ftp://x"', "[kiosk] hub_url: expected an http:// or https:// address"),
        ('[site]\ntimezone = "Europe/Metz"', "[site] timezone: expected a time zone name"),
        ('[hub]\nlisten = "8470"', "[hub] listen: expected HOST:PORT such as 0.0.0.0:8470, got '8470'"),
        ("[kiosk]\nidle_timeout_s = 40.0", "[kiosk] idle_timeout_s: expected a whole number, got 40.0"),
        ('[kiosk]\nfullscreen = "yes"', "[kiosk] fullscreen: expected true or false, got 'yes'"),
        (
            "[kiosk]\nscreen_width_mm = 20",
            "[kiosk] screen_width_mm: expected a number above 50 and below 3000, got 20",
        ),
        ("[printer]\ntimeout_s = 0", "[printer] timeout_s: expected a number above 0 and up to 30, got 0"),
        (
            "[printer]\ntimeout_s = nan",
            "[printer] timeout_s: expected a number above 0 and up to 30, got nan",
        ),
        (
            "[kiosk]\nscreen_width_mm = inf",
            "[kiosk] screen_width_mm: expected a number above 50 and below 3000",
        ),
        (
            "[kiosk]\nidle_timeout_s = 18446744073709551616",
            "[kiosk] idle_timeout_s: expected a whole number from 30 to 3600, got 18446744073709551616",
        ),
        (
            '[site]\nname = "Médiathèque\\u0007\\nde Yutz"',
            "[site] name: expected one line of printable text, got",
        ),
        ('[kiosk]\nid = "Salle A"', "[kiosk] id: expected lowercase letters, digits and dashes (40 at most)"),
        ('[site]\nname = ""', "[site] name: expected at least 1 character, got ''"),
        ('[hub]\ntls_cert = "/etc/kiosk/hub.crt"', "hub: expected tls_cert and tls_key together"),
        (
            '[kiosk]\nid = "A"\nidle_timeout_s = 1\n[printer]\nuri = "x"',
            "[kiosk] id: expected lowercase letters, digits and dashes (40 at most), got 'A' "
            "(and 2 more problems)",
        ),
        ("[kiosk]\nrotation = 45", "[kiosk] rotation: expected 0, 90, 180 or 270, got 45"),
        (
            '[kiosk]\nopening_hours = "lundi 9h"',
            "[kiosk] opening_hours: expected rules like 'mon-fri 09:00-18:00",
        ),
        (
            '[kiosk]\nscreen_power = "hdmi"',
            "[kiosk] screen_power: expected 'auto', 'none', 'xset', 'wlr-randr', 'vcgencmd' "
            "or 'backlight', got 'hdmi'",
        ),
        ("[screen]\nwidth = 3", "screen: unknown key"),
        ('site = "x"', "site: expected a [section] table"),
        ('[site\nname = "x"', "not valid TOML"),
        ('source = "x"', "source: unknown key"),
    ],
)
def test_bad_values_name_file_key_and_expectation(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    assert expected in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "absent.toml")


def test_invalid_utf8(tmp_path):
    path = tmp_path / "k.toml"
    path.write_bytes(b'[site]\nname = "\xff"\n')
    with pytest.raises(ConfigError, match="cannot read|not valid TOML"):
        load_config(path)


@pytest.mark.parametrize(
    "command", [["run"], ["hub"], ["print", "test"], ["kiosks", "add", "k1"], ["lessons", "check"]]
)
def test_every_command_refuses_a_bad_config_before_starting(tmp_path, capsys, command):
    path = _write(tmp_path, '[printer]\nuri = "lpt1"')
    assert main([*command, "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("kiosk: ") and "[printer] uri" in err[0]


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["fly"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("kiosk ")


def test_config_is_frozen():
    with pytest.raises(FrozenInstanceError):
        Config().site.name = "x"  # type: ignore[misc]
