"""`kiosk staff set-pin` and `kiosk print appointment`, run as staff scripts would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from kiosk.config import load_config
from kiosk.domain.staff_pin import PinLock
from kiosk.passwords import verify_password
from kiosk.printing.decode import decode_escpos
from kiosk.staff_pin_command import with_pin_hash
from kiosk.ui.screens.staff_pin import pin_matches


def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_set_pin_writes_a_hash_that_the_kiosk_accepts(tmp_path):
    config_path = tmp_path / "kiosk.toml"
    config_path.write_text(
        '# ma borne\n[staff]\n# le code\npin_hash = ""\n\n[speech]\nenabled = false\n', "utf-8"
    )
    done = kiosk("staff", "set-pin", "--config", str(config_path), stdin="482913\n")
    assert done.returncode == 0, done.stderr
    config = load_config(config_path)
    assert config.staff.pin_hash.startswith("scrypt$") and "482913" not in config_path.read_text("utf-8")
    assert pin_matches("482913", config.staff.pin_hash, demo=False)
    assert not pin_matches("482914", config.staff.pin_hash, demo=False)
    assert "# le code" in config_path.read_text("utf-8") and config.speech.enabled is False
    bad = kiosk("staff", "set-pin", "--config", str(config_path), stdin="12ab\n")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "4 to 8 digits" in bad.stderr


def test_with_pin_hash_adds_the_section_when_missing():
    assert (
        with_pin_hash('[site]\nname = "M"\n', "scrypt$x")
        == '[site]\nname = "M"\n\n[staff]\npin_hash = "scrypt$x"\n'
    )
    assert verify_password("1", "not a hash") is False


def test_lockout_after_repeated_failures():
    now = [0.0]
    lock = PinLock(lambda: now[0])
    for _ in range(4):
        lock.failed()
    assert lock.seconds_left() == 0 and lock.tries_left == 1
    lock.failed()
    assert lock.seconds_left() == 300
    now[0] += 301
    assert lock.seconds_left() == 0
    for _ in range(5):
        lock.failed()
    assert lock.seconds_left() == 600  # each lockout doubles


def test_print_appointment_command_on_a_file_printer(tmp_path):
    out = tmp_path / "printer.bin"
    done = kiosk(
        "print",
        "appointment",
        "--first-name",
        "Lucienne",
        "--start",
        "2026-12-03T14:30",
        "--duration",
        "45",
        "--place",
        "Médiathèque, bureau 2",
        "--advisor",
        "Karim",
        "--bring",
        "vitale",
        "--printer",
        f"file:{out}",
    )
    assert done.returncode == 0, done.stderr
    assert "2026-12-03 14:30" in done.stdout
    printed = decode_escpos(out.read_bytes())
    text = " ".join(printed.text.split())
    assert "Lucienne" in text and "Jeudi 3 décembre 2026" in text and "- votre carte Vitale" in text
    event = icalendar.Event.from_ical(printed.qr[0])
    assert event["DTSTART"].dt.isoformat() == "2026-12-03T13:30:00+00:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "demain"], "--start: expected an ISO date and time"),
        (["--duration", "2"], "--duration:"),
        (["--place", ""], "--place:"),
    ],
)
def test_print_appointment_refuses_bad_arguments_in_one_line(tmp_path, args, message):
    base = {"--first-name": "A", "--start": "2026-12-03T14:30", "--duration": "30", "--place": "Salle 1"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for pair in base.items() for x in pair]
    done = kiosk("print", "appointment", *flat, "--printer", f"file:{tmp_path / 'p.bin'}")
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1
    assert not Path(tmp_path / "p.bin").exists()
