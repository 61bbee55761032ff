"""`kiosk print test`: prints the test page and says in one line where it went or what is wrong."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from kiosk.config import Config, PrinterConfig
from kiosk.domain.receipts import test_page
from kiosk.printing.errors import PrinterError
from kiosk.printing.printer import open_printer

EXIT_FAILED = 1
EXIT_USAGE = 2
# The whole command answers within 15 s, whatever [printer] timeout_s says (it allows up to 30 s).
MAX_TEST_TIMEOUT_S = 10.0


def _printer_config(config: Config, printer_uri: str | None) -> PrinterConfig:
    settings = config.printer.model_dump()
    if printer_uri:
        settings["uri"] = printer_uri
    settings["timeout_s"] = min(settings["timeout_s"], MAX_TEST_TIMEOUT_S)
    return PrinterConfig.model_validate(settings)


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """The command speaks in one line of its own; the printing package's log lines would repeat it."""
    package = logging.getLogger("kiosk.printing")
    level = package.level
    package.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        package.setLevel(level)


def print_test(config: Config, printer_uri: str | None = None) -> int:
    """Print the test page on the configured printer, or on ``printer_uri``.

    Returns:
        0 when printed (one line on stdout says where), 1 when the printer failed, 2 for a bad
        printer address or profile (one line on stderr either way). Always within 15 s.
    """
    try:
        printer_config = _printer_config(config, printer_uri)
        printer = open_printer(printer_config, preview_dir=config.data_dir / "previews")
    except ValidationError as exc:
        problem = str(exc.errors()[0]["ctx"].get("error", exc.errors()[0]["msg"]))
        print(f"kiosk: --printer: expected {problem}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"kiosk: [printer] {exc}", file=sys.stderr)
        return EXIT_USAGE
    receipt = test_page(
        site_name=config.site.name,
        printed_at=datetime.now(ZoneInfo(config.site.timezone)),
        printer_uri=printer.uri,
    )
    try:
        with _quiet_logs():
            printer.print_receipt(receipt)
    except PrinterError as exc:
        print(f"kiosk: printer {printer.uri}: {exc.detail}", file=sys.stderr)
        return EXIT_FAILED
    if printer.uri == "preview":
        print(f"Test page saved as {printer.last_output} (preview printer; the .bin beside it has the bytes)")
    else:
        print(f"Test page sent to {printer.uri}")
    return 0
