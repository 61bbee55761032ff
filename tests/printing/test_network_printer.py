"""A network printer stand-in on 127.0.0.1: bytes get through, and every failure is named in time."""

from __future__ import annotations

import time

import pytest
from tcp_printer import TcpPrinter, closed_port

from kiosk.config import PrinterConfig
from kiosk.printing.decode import decode_escpos
from kiosk.printing.errors import PrinterError, PrinterStatus
from kiosk.printing.printer import open_printer

TIMEOUT_S = 1.0


def _printer(uri: str, tmp_path):
    return open_printer(PrinterConfig(uri=uri, timeout_s=TIMEOUT_S), preview_dir=tmp_path)


def _failure(uri: str, tmp_path, receipt) -> tuple[PrinterError, float]:
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        _printer(uri, tmp_path).print_receipt(receipt)
    return caught.value, time.monotonic() - started


def test_receipt_reaches_an_online_printer_after_a_status_check(tmp_path, ticket):
    with TcpPrinter("online") as fake:
        printer = _printer(fake.uri, tmp_path)
        printer.print_receipt(ticket)
        job = fake.wait_for_job()
    decoded = decode_escpos(job)
    assert decoded.commands[:4] == ["DLE EOT 1", "DLE EOT 4", "ESC @", "ESC t 16"]
    assert job.endswith(printer.render(ticket))
    assert "P07" in decoded.lines and decoded.qr and decoded.cuts == 1


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("online", PrinterStatus(True, "ok")),
        ("near_end", PrinterStatus(True, "near_end")),
        ("paper_out", PrinterStatus(False, "out")),
        ("hang", PrinterStatus(False, None)),
    ],
)
def test_status(tmp_path, mode, expected):
    with TcpPrinter(mode) as fake:
        started = time.monotonic()
        assert _printer(fake.uri, tmp_path).status() == expected
        assert time.monotonic() - started < TIMEOUT_S + 1


def test_refused_connection_is_offline(tmp_path, ticket):
    error, elapsed = _failure(f"network://127.0.0.1:{closed_port()}", tmp_path, ticket)
    assert error.reason == "offline" and elapsed < TIMEOUT_S + 1
    assert error.user_message == "L'imprimante est éteinte ou débranchée."
    assert "connection refused" in error.detail


def test_printer_that_accepts_but_never_answers_times_out(tmp_path, ticket):
    with TcpPrinter("hang") as fake:
        error, elapsed = _failure(fake.uri, tmp_path, ticket)
    assert error.reason == "timeout"
    assert TIMEOUT_S - 0.1 < elapsed < TIMEOUT_S + 1
    assert error.user_message == "L'imprimante ne répond pas."
    assert error.detail == "no answer within 1 s (is it on and connected?)"


@pytest.mark.parametrize(
    ("mode", "reason", "message"),
    [
        ("paper_out", "paper_out", "Il n'y a plus de papier."),
        ("cover_open", "cover_open", "Le capot de l'imprimante est ouvert."),
    ],
)
def test_printer_problems_stop_the_print(tmp_path, ticket, mode, reason, message):
    with TcpPrinter(mode) as fake:
        error, elapsed = _failure(fake.uri, tmp_path, ticket)
        job = fake.wait_for_job()
    assert (error.reason, error.user_message) == (reason, message)
    assert elapsed < TIMEOUT_S + 1
    assert b"\x1b@" not in job  # only the status queries were sent


def test_something_that_is_not_a_printer_is_an_error(tmp_path, ticket):
    with TcpPrinter("http") as fake:
        error, _elapsed = _failure(fake.uri, tmp_path, ticket)
    assert error.reason == "error"
    assert "does not answer like an ESC/POS printer" in error.detail
