"""The `kiosk` command line: parses arguments, loads the config, hands over to one module per command.

Heavy modules (Kivy, FastAPI, escpos) are imported only by the command that needs them, so
`kiosk --version` and config errors answer at once.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.config import Config, ConfigError, load_config

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"kiosk: {message} (see kiosk --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="FILE", help="TOML configuration file (default: $KIOSK_CONFIG, else demo mode)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used by the test that checks README documents every command)."""
    parser = _Parser(prog="kiosk", description="Borne libre-service de médiathèque.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="start the touchscreen kiosk")
    _config_arg(run)
    run.add_argument("--windowed", action="store_true", help="a window, even if the config asks fullscreen")

    hub = sub.add_parser("hub", help="start the hub (queue, dashboard, API)")
    _config_arg(hub)
    hub.add_argument("--listen", metavar="HOST:PORT", help="override [hub] listen")

    tls = sub.add_parser("tls", help="the hub's HTTPS certificate")
    tls_sub = tls.add_subparsers(dest="tls_command", required=True, parser_class=_Parser)
    make = tls_sub.add_parser("make", help="make a local certificate authority and the hub's certificate")
    _config_arg(make)
    make.add_argument(
        "--name",
        metavar="NAME",
        action="append",
        default=[],
        help="repeatable; default: this host's names",
    )
    make.add_argument(
        "--address", metavar="IP", action="append", default=[], help="repeatable; default: this machine's"
    )

    lessons = sub.add_parser("lessons", help="check or list lessons")
    lessons_sub = lessons.add_subparsers(dest="lessons_command", required=True, parser_class=_Parser)
    check = lessons_sub.add_parser("check", help="validate lesson folders")
    _config_arg(check)
    check.add_argument("paths", nargs="*", metavar="PATH")
    lst = lessons_sub.add_parser("list", help="list lessons")
    _config_arg(lst)
    lst.add_argument("--json", action="store_true")

    prn = sub.add_parser("print", help="print on the receipt printer")
    prn_sub = prn.add_subparsers(dest="print_command", required=True, parser_class=_Parser)
    test = prn_sub.add_parser("test", help="print a test page")
    _config_arg(test)
    test.add_argument("--printer", metavar="URI", help="override [printer] uri")
    appt = prn_sub.add_parser("appointment", help="print an appointment slip")
    _config_arg(appt)
    appt.add_argument("--first-name", metavar="NAME", required=True)
    appt.add_argument(
        "--start", metavar="ISO", required=True, help="e.g. 2026-12-03T14:30 (site time) or with offset"
    )
    appt.add_argument("--duration", metavar="MIN", type=int, required=True, help="minutes, 5 to 480")
    appt.add_argument("--place", metavar="TEXT", required=True)
    appt.add_argument("--advisor", metavar="TEXT", default="")
    appt.add_argument(
        "--bring", metavar="ITEM", action="append", default=[], help="repeatable: piece, vitale…"
    )
    appt.add_argument("--printer", metavar="URI", help="override [printer] uri")

    staff = sub.add_parser("staff", help="staff mode at the kiosk")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True, parser_class=_Parser)
    pin = staff_sub.add_parser("set-pin", help="set the staff mode PIN (read from standard input)")
    _config_arg(pin)

    users = sub.add_parser("users", help="advisor and staff accounts")
    users_sub = users.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    uadd = users_sub.add_parser("add", help="create or reset an account")
    _config_arg(uadd)
    uadd.add_argument("name")
    uadd.add_argument("--role", choices=["advisor", "staff", "admin"], required=True)
    uadd.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from standard input"
    )
    uadd.add_argument("--site", metavar="SITE", default=None, help="the site whose queue it sees first")

    kiosks = sub.add_parser("kiosks", help="kiosk tokens")
    kiosks_sub = kiosks.add_subparsers(dest="kiosks_command", required=True, parser_class=_Parser)
    kadd = kiosks_sub.add_parser("add", help="create a kiosk and print its token")
    _config_arg(kadd)
    kadd.add_argument("id")
    kadd.add_argument("--site", metavar="SITE", default=None, help="the site it stands in (default: main)")
    return parser


def _dispatch(args: argparse.Namespace, config: Config) -> int:
    if args.command == "run":
        from kiosk.ui.app import run_kiosk

        return run_kiosk(config, windowed=args.windowed)
    if args.command == "hub":
        from kiosk.hub.server import serve

        return serve(config, listen=args.listen)
    if args.command == "tls":
        from kiosk.hub.admin.tls import make_command

        return make_command(config, args.name, args.address)
    if args.command == "lessons":
        from kiosk.content import lessons

        if args.lessons_command == "check":
            return lessons.check_command(config, args.paths)
        return lessons.list_command(config, as_json=args.json)
    if args.command == "print":
        from kiosk import printing

        printing.prepare()
        if args.print_command == "appointment":
            from kiosk.printing.appointment_command import print_appointment

            return print_appointment(config, args)
        from kiosk.printing.commands import print_test

        return print_test(config, printer_uri=args.printer)
    if args.command == "staff":
        from kiosk.staff_pin_command import set_pin_command

        return set_pin_command(config, sys.stdin)
    if args.command == "users":
        from kiosk.hub.admin.accounts import add_user_command

        return add_user_command(config, args.name, args.role, sys.stdin, site=args.site)
    if args.command == "kiosks":
        from kiosk.hub.admin.accounts import add_kiosk_command

        return add_kiosk_command(config, args.id, site=args.site)
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point. Returns the process exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("urllib3").setLevel(logging.WARNING)  # one line per HTTP connection is noise
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from kiosk.i18n import set_language

    set_language(config.kiosk.language)
    return _dispatch(args, config)
