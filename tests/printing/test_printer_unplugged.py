"""The printer is unplugged mid-day: one printer object, a stand-in that works, hangs, goes away, comes back.
Every call ends within the configured time and says why; printing works again afterwards."""

from __future__ import annotations

import time

import pytest
from slip_samples import samples
from tcp_printer import TcpPrinter

from kiosk.config import PrinterConfig
from kiosk.printing.decode import decode_escpos
from kiosk.printing.errors import PrinterError
from kiosk.printing.printer import open_printer

TIMEOUT_S = 1.0
LIMIT_S = TIMEOUT_S + 0.5 + 0.5  # the driver's grace, and some scheduling slack


def test_unplugged_mid_day(tmp_path):
    receipt = samples()["appointment"]
    with TcpPrinter("online") as fake:
        printer = open_printer(PrinterConfig(uri=fake.uri, timeout_s=TIMEOUT_S), preview_dir=tmp_path)
        printer.print_receipt(receipt)
        assert "Lucienne" in decode_escpos(fake.wait_for_job()).text
        fake.mode = "hang"  # the cable is pulled: the connection opens, nothing answers
        started = time.monotonic()
        with pytest.raises(PrinterError) as hung:
            printer.print_receipt(receipt)
        assert time.monotonic() - started < LIMIT_S
        assert hung.value.reason == "timeout" and hung.value.user_message == "L'imprimante ne répond pas."
        status = printer.status()
        assert status.online is False
        fake.mode = "paper_out"
        with pytest.raises(PrinterError) as empty:
            printer.print_receipt(receipt)
        assert empty.value.reason == "paper_out"
        fake.mode = "online"  # plugged back in, new roll: the same printer object prints again
        before = len([job for job in fake.jobs if b"\x1b@" in job])
        printer.print_receipt(receipt)
        deadline = time.monotonic() + 5
        while len([job for job in fake.jobs if b"\x1b@" in job]) == before and time.monotonic() < deadline:
            time.sleep(0.02)  # the stand-in records a job once the connection is closed
        assert len([job for job in fake.jobs if b"\x1b@" in job]) == before + 1
