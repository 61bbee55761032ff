"""Runs the issue-5 kiosk scenario in its own process (one Kivy App per process): a real hub on loopback
(in this process, demo agenda, fixed clock), a real network printer stand-in, synthetic touches.

Usage: python kiosk_driver.py ARGS.json → writes results.json and screenshots into ARGS["out_dir"].
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "ui"), str(HERE.parent / "printing")]

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 15, 30, tzinfo=PARIS)  # a Thursday afternoon


def main() -> int:
    args = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(args["out_dir"])
    out.mkdir(parents=True, exist_ok=True)

    from kiosk.config import Config, HubConfig, KioskConfig, PrinterConfig
    from kiosk.ui.app import configure_kivy

    config = Config(
        kiosk=KioskConfig(
            id="borne-test",
            screen_width_mm=args.get("screen_width_mm", 154.0),
            hub_url=args.get("kiosk_hub_url", ""),  # only what the screens show; the client is made below
        ),
        hub=HubConfig(data_dir=str(out / "data")),
        printer=PrinterConfig(uri="preview", timeout_s=2.0),
    )
    configure_kivy(config, kiosk_mode=False, size=tuple(args.get("size", (800, 480))), debug=False)

    import flows
    from driver import drive
    from tcp_printer import TcpPrinter

    from kiosk.client.hub_client import HubClient
    from kiosk.client.outbox import Outbox
    from kiosk.hub.app import create_app as create_hub
    from kiosk.hub.auth import sql as accounts_sql
    from kiosk.hub.server import ServerThread
    from kiosk.passwords import hash_password, new_token, token_digest
    from kiosk.printing.printer import open_printer
    from kiosk.ui.app import create_app
    from kiosk.ui.services import HubHandle, PrinterHandle, Services

    hub_app = create_hub(config, clock=lambda: NOW)
    token = new_token()
    accounts_sql.save_kiosk(hub_app.state.hub.store, "borne-test", token_digest(token), NOW)
    accounts_sql.save_user(
        hub_app.state.hub.store, "anne", "staff", hash_password("un-mot-de-passe-solide"), NOW
    )
    with ServerThread(hub_app) as server, TcpPrinter("online") as printer:
        client = HubClient(server.url, token, outbox=Outbox(out / "outbox.sqlite3"), timeout=3.0)
        printer_config = config.printer.model_copy(update={"uri": printer.uri})
        from kiosk.content.agenda_source import upcoming_sessions

        services = Services(
            config=config,
            hub=HubHandle(client),
            printer=PrinterHandle(printer=open_printer(printer_config, preview_dir=out / "previews")),
            lessons_dir=out,
            load_lessons=lambda _p: None,
            sessions=lambda now: upcoming_sessions(config, now),
            now=lambda: NOW,
            print_fallback_s=float(args.get("print_fallback_s", 5.0)),
            closers=[client.close],
        )
        services.health_interval_s = 3.0
        services.print_jobs_interval_s = 0.3
        app = create_app(services, kiosk_mode=False)
        context = {"hub_url": server.url, "hub_app": hub_app, "printer": printer, "out": out}

        async def failed(pilot, results: dict) -> None:
            results["error_screen"] = getattr(pilot.screen(), "name", "?")
            results["error_texts"] = pilot.texts()[:40]
            results["taps"] = flows.TAPS
            await pilot.screenshot(out / "failure.png")

        scenario = flows.SCENARIOS[args["scenario"]]
        return drive(app, services, out, lambda pilot: scenario(pilot, args, services, context), failed)


if __name__ == "__main__":
    sys.exit(main())
