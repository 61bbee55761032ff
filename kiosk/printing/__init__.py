"""Receipt printing: printer URI → connector, Receipt → ESC/POS bytes and → PNG preview."""

from kiosk.printing.escpos_cache import load_capabilities

load_capabilities()  # before the modules below import escpos: its printer database, cached between runs

from kiosk.printing.errors import PrinterError, PrinterStatus  # noqa: E402
from kiosk.printing.escpos_render import render_escpos  # noqa: E402
from kiosk.printing.preview import render_preview  # noqa: E402
from kiosk.printing.printer import ReceiptPrinter, open_printer  # noqa: E402

__all__ = [
    "PrinterError",
    "PrinterStatus",
    "ReceiptPrinter",
    "open_printer",
    "render_escpos",
    "render_preview",
]
