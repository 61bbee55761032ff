"""Printing one slip for a screen without ever keeping the resident waiting more than ``print_fallback_s``.

The receipt goes to the printer lane; its preview (same layout, with the QR code) is rendered at the
same time on the hub lane, so when the printer fails or is too slow the screen shows the slip at
once. Failures are reported to the hub (printer health). « Réimprimer » sends the same receipt again.
Thread-safety: main thread only; blocking work runs in the app's Worker.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

from kiosk.domain.receipts import Receipt
from kiosk.i18n import _
from kiosk.ui.services import Services

log = logging.getLogger(__name__)

# The on-screen slip shows this much before ``print_fallback_s``, so that with a frame or two of delay the
# resident still never waits longer than it.
MARGIN_S = 0.3


def preview_png(receipt: Any, paper_width_mm: int) -> bytes:
    """The receipt's preview as PNG bytes, the blank paper fed before the cut trimmed (worker thread)."""
    from PIL import ImageOps

    from kiosk import printing

    printing.prepare()
    from kiosk.printing.preview import MARGIN_PX, render_preview

    image = render_preview(receipt, paper_width_mm=paper_width_mm)
    box = ImageOps.invert(image).getbbox()
    if box is not None:
        image = image.crop((0, 0, image.width, min(image.height, box[3] + MARGIN_PX)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def resident_message(error: BaseException | None) -> str:
    """The plain French sentence an error carries for the resident ("" when it has none)."""
    from kiosk.client.port import HubRefused, HubUnavailable
    from kiosk.printing.errors import PrinterError

    return error.user_message if isinstance(error, (PrinterError, HubUnavailable, HubRefused)) else ""


def report_printer(services: Services, error: BaseException | None) -> None:
    """Tell the hub how the printer is after a print (worker thread; never raises)."""
    from kiosk.printing.errors import PrinterError

    try:
        printer = services.printer.get()
        client = services.hub.get(timeout=0)
    except Exception:  # no hub or no printer yet: nothing to report to
        return
    if error is None:
        client.report_health(printer_uri=printer.uri, online=True, paper=None, last_error="")
        return
    reason, detail = (
        (error.reason, error.detail) if isinstance(error, PrinterError) else ("error", str(error))
    )
    client.report_health(
        printer_uri=printer.uri,
        online=False if reason in ("offline", "timeout", "paper_out", "cover_open") else None,
        paper="out" if reason == "paper_out" else None,
        last_error=f"{reason}: {detail}",
    )


class SlipPrint:
    """The printing of one receipt for one screen visit.

    ``state`` is "" | "printing" | "printed" | "failed"; ``on_change()`` is called (main thread) each
    time it or the preview changes. ``preview`` holds the PNG bytes once rendered.
    """

    def __init__(self, screen: Any, on_change: Callable[[], None]) -> None:
        self.screen = screen
        self.on_change = on_change
        self.receipt: Receipt | None = None
        self.state = ""
        self.message = ""
        self.preview: bytes | None = None
        self._attempt = 0

    def start(self, receipt: Any) -> None:
        """Print ``receipt`` (and render its preview)."""
        self.receipt = receipt
        self.preview = None
        services = self.screen.services
        self.screen.run(
            preview_png, receipt, services.config.printer.paper_width_mm, on_done=self._previewed, lane="hub"
        )
        self._send()

    def reprint(self) -> None:
        """« Réimprimer »: the same receipt again."""
        if self.receipt is not None and self.state != "printing":
            self._send()

    def _send(self) -> None:
        self._attempt += 1
        attempt = self._attempt
        self.state, self.message = "printing", ""
        self.screen.run(
            self._print,
            self.receipt,
            lane="printer",
            on_done=lambda _r: self._printed(attempt),
            on_error=lambda exc: self._failed(attempt, exc),
        )
        wait = max(0.5, self.screen.services.print_fallback_s - MARGIN_S)
        self.screen.later(lambda: self._too_slow(attempt), wait)
        self.on_change()

    def _print(self, receipt: Any) -> None:  # printer thread
        services = self.screen.services
        error: BaseException | None = None
        try:
            services.printer.get().print_receipt(receipt)
        except BaseException as exc:
            error = exc
            raise
        finally:
            self.screen.app.worker.submit(report_printer, services, error)

    def _previewed(self, png: bytes) -> None:
        self.preview = png
        if self.state == "failed":
            self.on_change()

    def _printed(self, attempt: int) -> None:
        if attempt == self._attempt and self.state != "printed":
            self.state = "printed"
            self.on_change()

    def _failed(self, attempt: int, error: BaseException) -> None:
        if attempt != self._attempt:
            return
        log.warning("slip %s not printed: %s", self.receipt.kind if self.receipt else "?", error)
        if self.state == "failed":
            # `_too_slow` showed the slip on screen already, and the resident may have scrolled down to
            # its QR code: the hung printer's own error, seconds later, must not redraw the screen.
            return
        self.message = resident_message(error) or _("L'imprimante ne marche pas.")
        self.state = "failed"
        self.on_change()

    def _too_slow(self, attempt: int) -> None:
        if attempt == self._attempt and self.state == "printing":
            self.message = _("L'imprimante ne répond pas.")
            self.state = "failed"
            self.on_change()

    def clear(self) -> None:
        """Forget the receipt (it may hold a first name): at session end."""
        self._attempt += 1
        self.receipt, self.preview, self.state, self.message = None, None, "", ""
