"""`kiosk print test`: 0 and where it went, or 1 and one clear stderr line, always within 15 s."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tcp_printer import TcpPrinter, closed_port

from kiosk.cli import main
from kiosk.domain.receipts import TEST_PAGE_CHARACTERS
from kiosk.printing.decode import decode_escpos

TIMEOUT_S = 1.5


@pytest.fixture
def config_file(tmp_path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[site]\nname = "Médiathèque de Yutz"\n[hub]\ndata_dir = "{tmp_path}"\n'
        f"[printer]\ntimeout_s = {TIMEOUT_S}\n",
        encoding="utf-8",
    )
    return path


def _run(config_file: Path, *extra: str) -> tuple[int, float]:
    started = time.monotonic()
    status = main(["print", "test", "--config", str(config_file), *extra])
    return status, time.monotonic() - started


def test_preview_printer_saves_the_test_page(config_file, tmp_path, capsys):
    status, _elapsed = _run(config_file)
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    (png,) = (tmp_path / "previews").glob("*-test.png")
    assert out == f"Test page saved as {png} (preview printer; the .bin beside it has the bytes)\n"
    decoded = decode_escpos(png.with_suffix(".bin").read_bytes())
    assert "Médiathèque de Yutz" in decoded.lines and TEST_PAGE_CHARACTERS in decoded.lines


def test_network_printer_gets_the_test_page(config_file, capsys):
    with TcpPrinter("online") as fake:
        status, _elapsed = _run(config_file, "--printer", fake.uri)
        job = fake.wait_for_job()
    out, err = capsys.readouterr()
    assert (status, out, err) == (0, f"Test page sent to {fake.uri}\n", "")
    decoded = decode_escpos(job)
    assert TEST_PAGE_CHARACTERS in decoded.lines
    assert f"Imprimante : {fake.uri}" in decoded.lines
    assert decoded.qr == ["https://www.service-public.gouv.fr/"]


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("hang", "no answer within 1.5 s (is it on and connected?)"),
        ("paper_out", "out of paper (load a new roll)"),
        ("refused", "connection refused by 127.0.0.1:{port} (is it on, is the address right?)"),
    ],
)
def test_printer_failures_give_one_clear_line_in_time(config_file, capsys, mode, message):
    if mode == "refused":
        port = closed_port()
        status, elapsed = _run(config_file, "--printer", f"network://127.0.0.1:{port}")
    else:
        with TcpPrinter(mode) as fake:
            port = fake.port
            status, elapsed = _run(config_file, "--printer", fake.uri)
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert err == f"kiosk: printer network://127.0.0.1:{port}: {message.format(port=port)}\n"
    assert elapsed < min(15, TIMEOUT_S + 1)


def test_bad_printer_address_is_a_usage_error(config_file, capsys):
    status, _elapsed = _run(config_file, "--printer", "lpt1")
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert err.startswith("kiosk: --printer: expected preview, file:/dev/usb/lp0")


def test_long_configured_timeout_is_capped_so_the_command_answers_within_15_s(tmp_path):
    from kiosk.config import load_config
    from kiosk.printing.commands import MAX_TEST_TIMEOUT_S, _printer_config

    path = tmp_path / "slow.toml"
    path.write_text("[printer]\ntimeout_s = 30\n", encoding="utf-8")
    assert _printer_config(load_config(path), None).timeout_s == MAX_TEST_TIMEOUT_S < 15
