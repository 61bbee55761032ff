"""`kiosk print appointment`: prints an appointment slip for staff scripts, one line of outcome."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from kiosk.config import Config, ConfigProblem
from kiosk.domain.appointments import Appointment
from kiosk.printing.commands import EXIT_FAILED, EXIT_USAGE, _printer_config, _quiet_logs
from kiosk.printing.errors import PrinterError
from kiosk.printing.printer import open_printer


def parse_start(text: str, zone: ZoneInfo) -> datetime:
    """An ISO 8601 date and time; without an offset it is the site's local time.

    Raises:
        ValueError: not an ISO date and time.
    """
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def print_appointment(config: Config, args: argparse.Namespace) -> int:
    """Print the slip ``args`` describe (first_name, start, duration, place, advisor, bring, printer).

    Returns:
        0 printed (a line on stdout), 1 printer failure, 2 bad arguments (a line on stderr each time).
    """
    zone = ZoneInfo(config.site.timezone)
    try:
        start = parse_start(args.start, zone)
    except ValueError:
        print(
            f"kiosk: --start: expected an ISO date and time such as 2026-12-03T14:30, got {args.start!r}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        appointment = Appointment(
            first_name=args.first_name,
            start=start,
            duration_min=args.duration,
            place=args.place,
            advisor=args.advisor,
            bring=tuple(args.bring),
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        field = "--" + str(error["loc"][0]).replace("_min", "").replace("_", "-")
        print(f"kiosk: {field}: {error['msg']}", file=sys.stderr)
        return EXIT_USAGE
    try:
        printer = open_printer(
            _printer_config(config, args.printer), preview_dir=config.data_dir / "previews"
        )
    except ConfigProblem as problem:
        print(f"kiosk: --printer: {problem.what}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"kiosk: --printer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    receipt = appointment.receipt(site_name=config.site.name, printed_at=datetime.now(zone), zone=zone)
    try:
        with _quiet_logs():
            printer.print_receipt(receipt)
    except PrinterError as exc:
        print(f"kiosk: printer {printer.uri}: {exc.detail}", file=sys.stderr)
        return EXIT_FAILED
    where = printer.last_output if printer.uri == "preview" else printer.uri
    print(f"Appointment slip for {start.astimezone(zone):%Y-%m-%d %H:%M} printed ({where})")
    return 0
