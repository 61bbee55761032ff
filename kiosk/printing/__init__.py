"""Receipt printing: printer URI → connector (``printer.open_printer``), Receipt → ESC/POS bytes
(``escpos_render.render_escpos``) and → PNG preview (``preview.render_preview``).

Importing this package does nothing. A process that prints or renders calls ``prepare()`` once, before
anything imports python-escpos: the kiosk's printer opener and slip preview (kiosk.ui.services,
kiosk.ui.slip_printing, at the first slip, as before), the ``kiosk print`` commands, the hub before its
first preview.
"""

from __future__ import annotations

import logging
import threading

_prepared = False
_lock = threading.Lock()


class QuietEscpos(logging.Filter):
    """python-escpos logs "printer enabled" at INFO on the root logger; keep its warnings only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or "/escpos/" not in record.pathname.replace("\\", "/")


def prepare() -> None:
    """Load python-escpos's printer database from our cache (kiosk.printing.escpos_cache) and quiet its
    INFO lines on the root logger. Idempotent and thread-safe; the first call imports escpos (about 75 ms
    from the cache, 350 ms without)."""
    global _prepared
    with _lock:
        if _prepared:
            return
        from kiosk.printing.escpos_cache import load_capabilities

        load_capabilities()
        logging.getLogger().addFilter(QuietEscpos())
        _prepared = True
