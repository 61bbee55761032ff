"""The kiosk's printer: printer URI → transport, and ReceiptPrinter, which bounds every call in time."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

from kiosk.config import PrinterConfig
from kiosk.domain.receipts import Receipt
from kiosk.printing.errors import PrinterError, PrinterStatus, timeout_error
from kiosk.printing.escpos_render import load_profile, render_escpos
from kiosk.printing.transports import (
    CupsTransport,
    FileTransport,
    NetworkTransport,
    PreviewTransport,
    SerialTransport,
    Transport,
    UsbTransport,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
# A transport gets ``timeout``; the worker thread is abandoned a little after, should a driver ignore it.
GRACE_S = 0.5
DEFAULT_TCP_PORT = 9100
URI_FORMS = (
    "preview, file:/dev/usb/lp0, network://HOST:9100, usb://VID:PID, "
    "serial:///dev/ttyUSB0?baudrate=38400 or cups://QUEUE"
)


def transport_for(uri: str, *, profile: str, paper_width_mm: int, preview_dir: Path) -> Transport:
    """The transport a printer URI names.

    Raises:
        ValueError: the URI is not one of the forms in URI_FORMS.
    """
    if uri == "preview":
        return PreviewTransport(preview_dir, paper_width_mm)
    if uri.startswith("file:"):
        path = uri.removeprefix("file:")
        path = path.removeprefix("//") if path.startswith("///") else path
        if path:
            return FileTransport(path, profile)
    parts = urlsplit(uri)
    try:
        if parts.scheme == "network" and parts.hostname:
            return NetworkTransport(parts.hostname, parts.port or DEFAULT_TCP_PORT, profile)
        if parts.scheme == "usb" and parts.netloc:
            vendor, product = parts.netloc.split(":")
            return UsbTransport(int(vendor, 16), int(product, 16), profile)
        if parts.scheme == "serial" and (parts.path or parts.netloc):
            baudrate = int(parse_qs(parts.query).get("baudrate", ["9600"])[0])
            return SerialTransport(parts.netloc + parts.path, baudrate, profile)
        if parts.scheme == "cups" and parts.netloc:
            return CupsTransport(parts.netloc, profile)
    except ValueError:
        pass
    raise ValueError(f"printer address {uri!r} not understood; expected {URI_FORMS}")


def _bounded(call: Callable[[], T], timeout: float, what: str) -> T:
    """Run ``call`` on a daemon thread and wait at most ``timeout`` + GRACE_S.

    Raises:
        PrinterError: what ``call`` raised, any other exception as reason "error", or "timeout"
            (the thread is then left behind, blocked in the driver).
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name=f"printer {what}", daemon=True)
    worker.start()
    worker.join(timeout + GRACE_S)
    if worker.is_alive():
        log.warning("printer %s: still blocked after %.1f s, giving up", what, timeout + GRACE_S)
        raise timeout_error(timeout)
    if failure:
        exc = failure[0]
        if isinstance(exc, PrinterError):
            raise exc
        log.error("printer %s failed", what, exc_info=exc)
        raise PrinterError("error", f"{type(exc).__name__}: {exc}") from exc
    return result[0]


class ReceiptPrinter:
    """One configured printer. Not thread-safe: one thread prints at a time (the kiosk's worker).

    Attributes:
        uri: the printer URI, normalised.
        last_output: where the last receipt went when that is a file (the PNG of a preview), else None.
    """

    def __init__(self, transport: Transport, *, profile: str, paper_width_mm: int, timeout_s: float) -> None:
        self._transport = transport
        self.profile = profile
        self.paper_width_mm = paper_width_mm
        self.timeout_s = timeout_s
        self.last_output: str | None = None

    @property
    def uri(self) -> str:
        return self._transport.uri

    def render(self, receipt: Receipt) -> bytes:
        """The ESC/POS bytes this printer would receive for ``receipt``."""
        return render_escpos(receipt, profile=self.profile, paper_width_mm=self.paper_width_mm)

    def print_receipt(self, receipt: Receipt) -> None:
        """Print ``receipt``; returns once the bytes are handed to the printer.

        Blocks at most ``timeout_s`` (plus half a second should a driver hang). For network printers
        the real-time status is read first, so offline, paper out, cover open and a printer that
        accepts the connection but never answers are all reported.

        Raises:
            PrinterError: with ``.reason`` and a French ``.user_message``.
        """
        data = self.render(receipt)
        self.last_output = None
        self.last_output = _bounded(
            lambda: self._transport.send(receipt, data, self.timeout_s), self.timeout_s, self.uri
        )
        log.info("printed %s (%d bytes) on %s", receipt.kind, len(data), self.uri)

    def status(self) -> PrinterStatus:
        """What the printer reports, within ``timeout_s``. Never raises: unreachable is online=False."""
        try:
            return _bounded(lambda: self._transport.status(self.timeout_s), self.timeout_s, self.uri)
        except PrinterError as exc:
            log.info("printer %s status: %s", self.uri, exc.detail)
            if exc.reason == "paper_out":
                return PrinterStatus(online=False, paper="out")
            return PrinterStatus(online=False if exc.reason in ("offline", "timeout") else None)


def open_printer(printer_config: PrinterConfig, *, preview_dir: Path) -> ReceiptPrinter:
    """The printer the configuration names. Opens no connection: each print connects and closes.

    Raises:
        ValueError: unknown profile or printer URI (worded for the person installing the kiosk).
    """
    load_profile(printer_config.profile)
    transport = transport_for(
        printer_config.uri,
        profile=printer_config.profile,
        paper_width_mm=printer_config.paper_width_mm,
        preview_dir=Path(preview_dir),
    )
    return ReceiptPrinter(
        transport,
        profile=printer_config.profile,
        paper_width_mm=printer_config.paper_width_mm,
        timeout_s=printer_config.timeout_s,
    )
