"""Receipt printing: printer URI → connector, Receipt → ESC/POS bytes and → PNG preview."""

from kiosk.printing.errors import PrinterError, PrinterStatus
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.preview import render_preview
from kiosk.printing.printer import ReceiptPrinter, open_printer

__all__ = [
    "PrinterError",
    "PrinterStatus",
    "ReceiptPrinter",
    "open_printer",
    "render_escpos",
    "render_preview",
]
