"""Printer URIs → connectors: preview, file (including a device that blocks), USB, serial, CUPS."""

from __future__ import annotations

import importlib.util
import os
import stat
import time
from pathlib import Path

import pytest
from PIL import Image

from kiosk.config import PrinterConfig
from kiosk.printing.errors import PrinterError, PrinterStatus
from kiosk.printing.printer import open_printer, transport_for
from kiosk.printing.transports import (
    CupsTransport,
    FileTransport,
    NetworkTransport,
    SerialTransport,
    UsbTransport,
)


def _open(uri: str, tmp_path, **settings):
    return open_printer(PrinterConfig(uri=uri, **settings), preview_dir=tmp_path / "previews")


@pytest.mark.parametrize(
    ("uri", "kind", "fields"),
    [
        ("file:/dev/usb/lp0", FileTransport, {"path": "/dev/usb/lp0"}),
        ("file:///dev/usb/lp0", FileTransport, {"path": "/dev/usb/lp0"}),
        ("network://192.168.1.50", NetworkTransport, {"host": "192.168.1.50", "port": 9100}),
        ("network://imprimante.local:9101", NetworkTransport, {"host": "imprimante.local", "port": 9101}),
        ("usb://04b8:0e15", UsbTransport, {"vendor": 0x04B8, "product": 0x0E15}),
        (
            "serial:///dev/ttyUSB0?baudrate=38400",
            SerialTransport,
            {"devfile": "/dev/ttyUSB0", "baudrate": 38400},
        ),
        ("cups://TM-T20", CupsTransport, {"queue": "TM-T20"}),
    ],
)
def test_uris(tmp_path, uri, kind, fields):
    transport = transport_for(uri, profile="TM-T88V", paper_width_mm=80, preview_dir=tmp_path)
    assert isinstance(transport, kind)
    assert {name: getattr(transport, name) for name in fields} == fields


@pytest.mark.parametrize("uri", ["lpt1", "usb://epson", "network://", "file:"])
def test_bad_uris_say_what_is_expected(tmp_path, uri):
    with pytest.raises(ValueError, match="expected preview, file:/dev/usb/lp0"):
        transport_for(uri, profile="TM-T88V", paper_width_mm=80, preview_dir=tmp_path)


def test_unknown_profile_is_refused_when_opening(tmp_path):
    with pytest.raises(ValueError, match="unknown printer profile"):
        _open("preview", tmp_path, profile="TM-NOPE")


def test_preview_writes_the_png_and_the_bytes(tmp_path, ticket):
    printer = _open("preview", tmp_path, paper_width_mm=58)
    printer.print_receipt(ticket)
    png = printer.last_output
    assert png and png.endswith("-ticket.png")
    with Image.open(png) as image:
        assert image.width == 384
    assert Path(png).with_suffix(".bin").read_bytes() == printer.render(ticket)
    assert printer.status() == PrinterStatus(True, "ok")


def test_preview_never_fails(tmp_path, ticket):
    (tmp_path / "previews").write_text("a file where the folder should be")
    printer = _open("preview", tmp_path)
    printer.print_receipt(ticket)
    assert printer.last_output is None


def test_file_printer_gets_the_bytes(tmp_path, ticket):
    target = tmp_path / "lp0"
    printer = _open(f"file:{target}", tmp_path)
    printer.print_receipt(ticket)
    assert target.read_bytes() == printer.render(ticket)
    assert printer.status() == PrinterStatus(None, None)


def test_missing_device_file_is_offline(tmp_path, ticket):
    printer = _open(f"file:{tmp_path}/usb/lp0", tmp_path)
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt(ticket)
    assert caught.value.reason == "offline"
    assert printer.status().online is False


def test_device_that_blocks_is_abandoned_in_time(tmp_path, ticket):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)  # opening a FIFO for writing blocks until someone reads: a printer that is off
    printer = _open(f"file:{fifo}", tmp_path, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt(ticket)
    assert caught.value.reason == "timeout" and time.monotonic() - started < 1.5
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # release the abandoned writer thread
    try:
        deadline = time.monotonic() + 5
        data = b""
        while len(data) < len(printer.render(ticket)) and time.monotonic() < deadline:
            try:
                data += os.read(reader, 65536)
            except BlockingIOError:
                time.sleep(0.01)
        assert data == printer.render(ticket)
    finally:
        os.close(reader)


@pytest.mark.skipif(importlib.util.find_spec("usb") is not None, reason="pyusb is installed")
def test_usb_without_pyusb_says_what_to_install(tmp_path, ticket):
    with pytest.raises(PrinterError, match="pip install pyusb") as caught:
        _open("usb://04b8:0e15", tmp_path).print_receipt(ticket)
    assert caught.value.reason == "error"


@pytest.mark.skipif(importlib.util.find_spec("serial") is not None, reason="pyserial is installed")
def test_serial_without_pyserial_says_what_to_install(tmp_path, ticket):
    with pytest.raises(PrinterError, match="pip install pyserial"):
        _open("serial:///dev/ttyUSB0?baudrate=38400", tmp_path).print_receipt(ticket)


def _fake_lp(folder, body: str) -> None:
    script = folder / "lp"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(importlib.util.find_spec("cups") is not None, reason="pycups is installed")
def test_cups_without_pycups_uses_lp_raw(tmp_path, monkeypatch, ticket):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_lp(bin_dir, f'echo "$@" > {tmp_path}/args; cat > {tmp_path}/job')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    printer = _open("cups://TM-T20", tmp_path)
    printer.print_receipt(ticket)
    assert (tmp_path / "args").read_text().split() == ["-d", "TM-T20", "-o", "raw"]
    assert (tmp_path / "job").read_bytes() == printer.render(ticket)


@pytest.mark.skipif(importlib.util.find_spec("cups") is not None, reason="pycups is installed")
@pytest.mark.parametrize(
    ("body", "reason", "detail"),
    [
        (None, "error", "the lp command is missing"),
        (
            'echo "lp: The printer or class does not exist." >&2; exit 1',
            "error",
            "lp failed: lp: The printer",
        ),
        ("exec sleep 5", "timeout", "no answer within 0.5 s"),
    ],
)
def test_cups_failures(tmp_path, monkeypatch, ticket, body, reason, detail):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if body:  # a fake lp first on the PATH; without one, a PATH where no lp exists
        _fake_lp(bin_dir, body)
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    else:
        monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(PrinterError) as caught:
        _open("cups://TM-T20", tmp_path, timeout_s=0.5).print_receipt(ticket)
    assert caught.value.reason == reason and caught.value.detail.startswith(detail)
