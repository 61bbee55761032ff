"""One small class per printer connection (preview, file, network, USB, serial, CUPS) on python-escpos."""

from __future__ import annotations

import errno
import logging
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from escpos.exceptions import DeviceNotFoundError
from escpos.printer import CupsPrinter, File, Network, Serial, Usb

from kiosk.domain.receipts import Receipt
from kiosk.printing import realtime
from kiosk.printing.errors import PrinterError, PrinterStatus, timeout_error

log = logging.getLogger(__name__)


class Transport(Protocol):
    """A way to reach the printer.

    ``send(receipt, data, timeout)`` writes bytes already rendered and returns where they went (a
    path) or None; ``status(timeout)`` returns a PrinterStatus. Both raise PrinterError. Not
    thread-safe; ReceiptPrinter runs them on a worker thread bounded in time.
    """

    uri: str

    def send(self, receipt: Receipt, data: bytes, timeout: float) -> str | None: ...

    def status(self, timeout: float) -> PrinterStatus: ...


def _os_error(exc: BaseException | None, what: str, timeout: float) -> PrinterError:
    """An OSError from opening or writing a device or socket, as a PrinterError."""
    if isinstance(exc, TimeoutError):
        return timeout_error(timeout)
    if isinstance(exc, ConnectionRefusedError):
        return PrinterError("offline", f"connection refused by {what} (is it on, is the address right?)")
    if isinstance(exc, ConnectionError):
        return PrinterError("offline", f"connection to {what} lost ({exc.strerror or exc})")
    if isinstance(exc, socket.gaierror):
        return PrinterError("error", f"unknown host in {what} ({exc})")
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO):
            return PrinterError("offline", f"{what} is not there (is the printer plugged in and on?)")
        if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
            return PrinterError("offline", f"{what} is unreachable (network cable? address?)")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return PrinterError("error", f"permission denied on {what} (add the kiosk user to the lp group)")
        return PrinterError("error", f"{what}: {exc.strerror or exc}")
    return PrinterError("error", f"{what}: {exc}")


class PreviewTransport:
    """Writes ``<dir>/<timestamp>-<kind>.png`` and the ESC/POS bytes beside it as ``.bin``. Never fails."""

    def __init__(self, preview_dir: Path, paper_width_mm: int) -> None:
        self.uri = "preview"
        self.preview_dir = Path(preview_dir)
        self.paper_width_mm = paper_width_mm

    def send(self, receipt: Receipt, data: bytes, timeout: float) -> str | None:
        from kiosk.printing.preview import render_preview

        stem = f"{datetime.now():%Y%m%d-%H%M%S-%f}-{receipt.kind}"
        png = self.preview_dir / f"{stem}.png"
        try:
            self.preview_dir.mkdir(parents=True, exist_ok=True)
            png.with_suffix(".bin").write_bytes(data)
            render_preview(receipt, paper_width_mm=self.paper_width_mm).save(png)
        except OSError as exc:  # a preview is a convenience: log, never fail the caller
            log.warning("cannot write the preview %s: %s", png, exc)
            return None
        log.info("preview written to %s", png)
        return str(png)

    def status(self, timeout: float) -> PrinterStatus:
        return PrinterStatus(online=True, paper="ok")


class FileTransport:
    """A device file (``/dev/usb/lp0``) or a plain file; the write may block, ReceiptPrinter bounds it."""

    def __init__(self, path: str, profile: str) -> None:
        self.uri = f"file:{path}"
        self.path, self.profile = path, profile

    def send(self, receipt: Receipt, data: bytes, timeout: float) -> str | None:
        printer = File(devfile=self.path, profile=self.profile)
        try:
            printer.open()
            printer._raw(data)
        except DeviceNotFoundError as exc:
            raise _os_error(exc.__context__, self.path, timeout) from None
        except OSError as exc:
            raise _os_error(exc, self.path, timeout) from None
        finally:
            printer.close()
        return self.path

    def status(self, timeout: float) -> PrinterStatus:
        return PrinterStatus(online=None if Path(self.path).exists() else False)


class NetworkTransport:
    """A printer on TCP port 9100. Asks DLE EOT status first, so a hung printer is caught in time."""

    def __init__(self, host: str, port: int, profile: str) -> None:
        self.uri = f"network://{host}:{port}"
        self.host, self.port, self.profile = host, port, profile

    def _connect(self, timeout: float) -> Network:
        printer = Network(host=self.host, port=self.port, timeout=timeout, profile=self.profile)
        try:  # connect here rather than Network.open(), which leaks the socket when connect fails
            printer.device = socket.create_connection((self.host, self.port), timeout=timeout)
        except OSError as exc:
            raise _os_error(exc, f"{self.host}:{self.port}", timeout) from None
        return printer

    def _exchange(self, printer: Network, query: bytes, deadline: float, timeout: float) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise timeout_error(timeout)
        printer.device.settimeout(remaining)
        printer._raw(query)
        reply = printer._read()
        if not reply:
            raise PrinterError("offline", f"{self.host}:{self.port} closed the connection")
        return reply

    def _check(
        self, printer: Network, deadline: float, timeout: float
    ) -> tuple[PrinterStatus, PrinterError | None]:
        try:
            return realtime.query(
                lambda query: self._exchange(printer, query, deadline, timeout), f"{self.host}:{self.port}"
            )
        except OSError as exc:
            raise _os_error(exc, f"{self.host}:{self.port}", timeout) from None

    def send(self, receipt: Receipt, data: bytes, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        printer = self._connect(timeout)
        try:
            _status, problem = self._check(printer, deadline, timeout)
            if problem:
                raise problem
            printer.device.settimeout(max(0.05, deadline - time.monotonic()))
            printer._raw(data)
        except OSError as exc:
            raise _os_error(exc, f"{self.host}:{self.port}", timeout) from None
        finally:
            printer.close()
        return None

    def status(self, timeout: float) -> PrinterStatus:
        deadline = time.monotonic() + timeout
        printer = self._connect(timeout)
        try:
            return self._check(printer, deadline, timeout)[0]
        finally:
            printer.close()


def _best_effort_status(printer: Usb | Serial, where: str) -> tuple[PrinterStatus, PrinterError | None]:
    """DLE EOT over a link that may not carry answers back: no answer means unknown, not an error.

    Only what the printer clearly says (offline, paper out, cover open) stops the print.
    """

    def exchange(query: bytes) -> bytes:
        printer._raw(query)
        return bytes(printer._read())

    try:
        status, problem = realtime.query(exchange, where)
    except Exception as exc:  # pyusb/pyserial raise their own types; status is optional
        log.debug("no status from %s: %s", where, exc)
        return PrinterStatus(), None
    if problem is not None and problem.reason not in ("offline", "paper_out", "cover_open"):
        problem = None
    return status, problem


def _link_error(exc: Exception, what: str, timeout: float) -> PrinterError:
    if isinstance(exc, DeviceNotFoundError):
        return PrinterError("offline", f"no printer at {what} (is it plugged in and on?)")
    if "Timeout" in type(exc).__name__:
        return timeout_error(timeout)
    if isinstance(exc, OSError):
        return _os_error(exc, what, timeout)
    return PrinterError("error", f"{what}: {exc}")


class _DeviceTransport:
    """Sending and status shared by the escpos device printers (USB, serial), whose libraries are optional:
    a status check first (best effort), then the bytes; the device is always closed."""

    uri: str

    def _open(self, timeout: float) -> Any:
        raise NotImplementedError

    @property
    def _link(self) -> str:
        """What a connection error names (the URI, or the device file)."""
        raise NotImplementedError

    def send(self, receipt: Receipt, data: bytes, timeout: float) -> str | None:
        printer = None
        try:
            printer = self._open(timeout)
            problem = _best_effort_status(printer, self.uri)[1]
            if problem:
                raise problem
            printer._raw(data)
        except PrinterError:
            raise
        except Exception as exc:  # pyusb's and pyserial's error types exist only with those libraries
            raise _link_error(exc, self._link, timeout) from None
        finally:
            if printer is not None:
                printer.close()
        return None

    def status(self, timeout: float) -> PrinterStatus:
        try:
            printer = self._open(timeout)
        except Exception:
            return PrinterStatus(online=False)
        try:
            return _best_effort_status(printer, self.uri)[0]
        finally:
            printer.close()


class UsbTransport(_DeviceTransport):
    """A printer found by USB vendor and product id (needs pyusb and libusb)."""

    def __init__(self, vendor: int, product: int, profile: str) -> None:
        self.uri = f"usb://{vendor:04x}:{product:04x}"
        self.vendor, self.product, self.profile = vendor, product, profile

    def _open(self, timeout: float) -> Usb:
        if not Usb.is_usable():
            raise PrinterError("error", "USB printing needs pyusb: pip install pyusb (and libusb-1.0-0)")
        printer = Usb(self.vendor, self.product, timeout=int(timeout * 1000), profile=self.profile)
        printer.open()
        return printer

    @property
    def _link(self) -> str:
        return self.uri


class SerialTransport(_DeviceTransport):
    """A printer on a serial port (needs pyserial); writes and reads time out."""

    def __init__(self, devfile: str, baudrate: int, profile: str) -> None:
        self.uri = f"serial://{devfile}?baudrate={baudrate}"
        self.devfile, self.baudrate, self.profile = devfile, baudrate, profile

    def _open(self, timeout: float) -> Serial:
        if not Serial.is_usable():
            raise PrinterError("error", "serial printing needs pyserial: pip install pyserial")
        printer = Serial(
            devfile=self.devfile, baudrate=self.baudrate, timeout=min(timeout, 1.0), profile=self.profile
        )
        printer.open()
        printer.device.write_timeout = timeout
        return printer

    @property
    def _link(self) -> str:
        return self.devfile


class CupsTransport:
    """A raw CUPS queue: pycups when installed, else ``lp -d QUEUE -o raw``."""

    def __init__(self, queue: str, profile: str) -> None:
        self.uri = f"cups://{queue}"
        self.queue, self.profile = queue, profile

    def send(self, receipt: Receipt, data: bytes, timeout: float) -> str | None:
        if CupsPrinter.is_usable():
            printer = CupsPrinter(printer_name=self.queue, profile=self.profile)
            try:
                printer.open(job_name=f"kiosk-{receipt.kind}")
                printer._raw(data)
            except DeviceNotFoundError:
                raise PrinterError("offline", f"no CUPS queue named {self.queue!r} (lpstat -p)") from None
            finally:
                printer.close()  # sends the job
            return None
        try:
            done = subprocess.run(
                ["lp", "-d", self.queue, "-o", "raw"],
                input=data,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError:
            raise PrinterError("error", "the lp command is missing (install cups-client)") from None
        except subprocess.TimeoutExpired:
            raise timeout_error(timeout) from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines()
            raise PrinterError("error", f"lp failed: {message[0] if message else done.returncode}")
        return None

    def status(self, timeout: float) -> PrinterStatus:
        try:
            done = subprocess.run(
                ["lpstat", "-p", self.queue], capture_output=True, timeout=timeout, check=False, text=True
            )
        except (OSError, subprocess.TimeoutExpired):
            return PrinterStatus()
        if done.returncode != 0:
            return PrinterStatus(online=False)
        return PrinterStatus(online="disabled" not in done.stdout)
