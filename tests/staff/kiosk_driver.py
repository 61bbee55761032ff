"""The kiosk of issue 5 in its own process (one Kivy App per process), served to a remote pilot
(tests/ui/remote.py): a real hub on loopback (in this process, demo agenda, fixed clock, a staff account), a
network printer stand-in, and the probes the tests in test_kiosk_flows.py read it through.

Usage: python kiosk_driver.py ARGS.json (ARGS["socket"]: the pytest side's Unix socket).
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "ui"), str(HERE.parent / "printing")]

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 15, 30, tzinfo=PARIS)  # a Thursday afternoon
PRINT = b"\x1b@"  # every receipt starts with ESC @; status checks do not


def probes(hub_url: str, printer: Any) -> dict[str, Any]:
    """What the tests read (and change) that no touch reaches: the hub's address, the printer stand-in,
    the agenda's sessions, a slip's state, the printer lane."""
    from remote_child import matches

    held = threading.Event()

    def receipts(pilot: Any, more_than: int = -1) -> list[str] | None:
        """The receipts printed so far (hex), once there are more than ``more_than``."""
        jobs = [job.hex() for job in list(printer.jobs) if PRINT in job]
        return jobs if len(jobs) > more_than else None

    def printer_mode(pilot: Any, mode: str) -> None:
        printer.mode = mode  # "online", "hang" (accepts and never answers), "paper_out"

    def sessions(pilot: Any) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "registrable": s.registrable, "seats_left": s.seats_left}
            for s in pilot.app.screen("agenda").sessions
        ]

    def slip(pilot: Any, screen: str, **expected: Any) -> dict[str, Any] | None:
        """The screen's slip as ``{"state", "preview"}`` (whether its picture is ready), when it matches."""
        of = pilot.app.screen(screen).slip
        return matches({"state": of.state, "preview": of.preview is not None}, **expected)

    drained: dict[str, Any] = {}

    def printer_drained(pilot: Any) -> bool:
        """Whether the printer lane ran every job given to it before the first call (a hung one included)."""
        if "future" not in drained:
            drained["future"] = pilot.app.worker.submit(lambda: None, lane="printer")
        return bool(drained["future"].done())

    def slip_rect(pilot: Any) -> dict[str, float]:
        return _slip_in_view(pilot)[2]

    def hold_printer_lane(pilot: Any) -> None:
        pilot.app.worker.submit(held.wait, 30, lane="printer")  # busy until released

    def slip_on_top(pilot: Any) -> bool:
        agenda = pilot.app.screen("agenda")
        return agenda._slip_widget is not None and agenda.ids.list.children[-1] is agenda._slip_widget

    def scroll_form(pilot: Any, y: float) -> None:
        """Scroll the staff form's lists (0: the bottom, where the QR code to the hub's /ca page is)."""
        from pilot import walk

        for widget in walk(pilot.app.screen("staff")):
            if hasattr(widget, "scroll_y"):
                widget.scroll_y = y

    return {
        "hub_url": lambda pilot: hub_url,
        "receipts": receipts,
        "printer_mode": printer_mode,
        "sessions": sessions,
        "slip": slip,
        "slip_on_top": slip_on_top,
        "hold_printer_lane": hold_printer_lane,
        "release_printer_lane": lambda pilot: held.set(),
        "shoot_slip": shoot_slip,
        "printer_drained": printer_drained,
        "slip_rect": slip_rect,
        "scroll_form": scroll_form,
        "registered_for": lambda pilot: pilot.app.screen("register").session.id,
        "register_speech": lambda pilot: pilot.app.screen("register").speech_text(),  # what 🔊 would say
        "registration": lambda pilot: {
            "status": pilot.app.screen("register").result.status,
            "position": pilot.app.screen("register").result.position,
        },
    }


def _slip_in_view(pilot: Any) -> tuple[Any, Any, dict[str, float]]:
    """(the slip's picture, the scroll view holding it, the picture's window rectangle)."""
    from kivy.uix.image import Image
    from kivy.uix.scrollview import ScrollView
    from pilot import walk

    images = (w for w in walk(pilot.app.root) if isinstance(w, Image) and w.texture is not None)
    image = next(w for w in images if w.height > 300)
    scroll = next(w for w in walk(pilot.app.root) if isinstance(w, ScrollView))
    x, y = image.to_window(image.x, image.y)
    rect = {"x": round(x), "y": round(y), "width": round(image.width), "height": round(image.height)}
    return image, scroll, rect


async def scroll_to_slip(pilot: Any) -> dict[str, float]:
    """Scroll so that the on-screen slip's lower half (its QR code) is in view, and keep at it until two
    looks a few frames apart agree: the slip is rebuilt when its state or message changes, and a busy
    machine may draw that between the scroll and the screenshot. Returns the slip's window rectangle."""
    last = None
    for _ in range(40):
        image, scroll, _rect = _slip_in_view(pilot)
        scroll.scroll_to(image, padding=0, animate=False)
        await pilot.frames(2)
        # The QR code is just above the slip's last lines: put the slip's bottom edge at the view's bottom.
        content = scroll.children[0]
        _x, image_bottom = content.to_widget(*image.to_window(image.x, image.y))
        room = content.height - scroll.height
        if room > 0:
            scroll.scroll_y = max(0.0, min(1.0, (image_bottom - 10) / room))
        await pilot.frames(4)
        now = _slip_in_view(pilot)
        if last is not None and now[0] is last[0] and now[2] == last[2]:
            return now[2]
        last = now
    raise AssertionError("the slip on screen never stayed put")


async def shoot_slip(pilot: Any, path: str) -> dict[str, Any]:
    """Scroll to the slip (`scroll_to_slip`) and take a screenshot at ``path``; again while the slip was
    rebuilt or moved between the scroll and the picture (on CI it was scrolled back to the top there, and
    the picture showed no QR code). Returns {"path", "slip": its window rectangle}."""
    for _ in range(10):
        where = await scroll_to_slip(pilot)
        image = _slip_in_view(pilot)[0]
        shot = await pilot.screenshot(Path(path))
        after = _slip_in_view(pilot)
        if after[0] is image and after[2] == where:
            return {"path": shot, "slip": where}
    raise AssertionError("the slip moved during every screenshot")


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
        printer=PrinterConfig(uri="preview", timeout_s=6.0),  # the fallback (5 s) shows first
    )
    configure_kivy(config, kiosk_mode=False, size=tuple(args.get("size", (800, 480))), debug=False)

    from driver import drive
    from remote_child import serve
    from staff_phone import STAFF
    from tcp_printer import TcpPrinter

    from kiosk.client.hub_client import HubClient
    from kiosk.client.outbox import Outbox
    from kiosk.content.agenda_source import upcoming_sessions
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
        hub_app.state.hub.store, STAFF["name"], "staff", hash_password(STAFF["password"]), NOW
    )
    with ServerThread(hub_app) as server, TcpPrinter("online") as printer:
        client = HubClient(server.url, token, outbox=Outbox(out / "outbox.sqlite3"), timeout=3.0)
        printer_config = replace(config.printer, uri=printer.uri)
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
        served = probes(server.url, printer)
        return drive(app, services, out, lambda pilot: serve(pilot, args["socket"], out, served))


if __name__ == "__main__":
    sys.exit(main())
