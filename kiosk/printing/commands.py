"""`kiosk print test`: prints the test page and says in one line where it went or what is wrong."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.config import Config, ConfigProblem, ConfigProblems, PrinterConfig, section_from
from kiosk.domain.receipts import test_page
from kiosk.printing.errors import PrinterError
from kiosk.printing.printer import open_printer

EXIT_FAILED = 1
EXIT_USAGE = 2
# The whole command answers within 15 s, whatever [printer] timeout_s says (it allows up to 30 s).
MAX_TEST_TIMEOUT_S = 10.0


def _printer_config(config: Config, printer_uri: str | None) -> PrinterConfig:
    """The [printer] section with ``printer_uri`` (--printer) in it, checked like the file's.

    Raises:
        ConfigProblem: what is wrong with ``printer_uri``.
    """
    settings = asdict(config.printer)
    if printer_uri:
        settings["uri"] = printer_uri
    settings["timeout_s"] = min(settings["timeout_s"], MAX_TEST_TIMEOUT_S)
    try:
        return section_from(PrinterConfig, settings)
    except ConfigProblems as found:
        raise found.problems[0] from None


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
    except ConfigProblem as problem:
        print(f"kiosk: --printer: {problem.what}", file=sys.stderr)
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
