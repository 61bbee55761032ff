"""UI scenario "help_console": needs, away, reprint, cancel and the cut-off, tapped against a real hub."""

from __future__ import annotations

import asyncio
import base64
import sqlite3
from pathlib import Path
from typing import Any

import advisor


def _hub_call(args: dict[str, Any], path: str, body: dict[str, Any]) -> dict:
    session, csrf = advisor.login(args["hub_url"], args["advisor"])
    with session:
        answer = session.post(
            f"{args['hub_url']}{path}", headers={"X-CSRF-Token": csrf}, json=body, timeout=10
        )
        answer.raise_for_status()
        return answer.json()


def _advisor_get(args: dict[str, Any], path: str) -> Any:
    session, _csrf = advisor.login(args["hub_url"], args["advisor"])
    with session:
        answer = session.get(f"{args['hub_url']}{path}", timeout=10)
        answer.raise_for_status()
        return answer.json()


def _printed(services: Any) -> str:
    """The bytes the file printer holds now (each print replaces them), as base64."""
    path = Path(services.config.printer.uri.removeprefix("file:"))
    return base64.b64encode(path.read_bytes()).decode("ascii")


def _close_today(db: str) -> None:
    """The main site closes at 00:00: from now on, the day is over (cut-off whatever the time)."""
    with sqlite3.connect(db, timeout=10) as conn:
        conn.execute("UPDATE sites SET closing_time = '00:00' WHERE id = 'main'")


async def help_console(pilot: Any, args: dict[str, Any], services: Any, extra: dict[str, Any]) -> dict:
    from scenarios import without_name

    app, out, seen = pilot.app, Path(args["out_dir"]), {}
    await pilot.until(lambda: app.hub_state == "ready", "hub ready")
    # Needs: two toggles, then no name.
    await pilot.tap("home:help")
    await pilot.until(lambda: pilot.screen().name == "help_topic", "topics")
    await pilot.tap("topic:emails")
    needs = app.screen("help_needs")
    await pilot.until(lambda: pilot.screen().name == "help_needs", "needs")
    await pilot.frames(3)
    await pilot.screenshot(out / "needs0.png")
    await pilot.tap("need:hearing")
    await pilot.frames(3)
    await pilot.screenshot(out / "needs1.png")
    seen["dbg"] = [b.action for b in pilot.buttons()]
    await pilot.tap("need:sight")
    for _ in range(2):  # off, then on again (each tap after the debounce time)
        extra["clock"].advance(1)
        await pilot.tap("need:hearing")
    await pilot.until(lambda: needs.chosen == ["hearing", "sight"], "two needs")
    await pilot.frames(3)
    seen["needs_texts"] = pilot.texts()
    await pilot.screenshot(out / "needs.png")
    await pilot.tap("needs:continue")
    await pilot.until(lambda: pilot.screen().name == "help_name", "name")
    await without_name(pilot)
    ticket = app.screen("help_ticket")
    await pilot.until(lambda: ticket.state == "ticket" and ticket.print_state == "printed", "ticket", 15)
    seen["request"] = await asyncio.to_thread(_advisor_get, args, f"/api/help-requests/{ticket.request_id}")
    seen["needs_after"] = needs.chosen
    seen["printed"] = [_printed(services)]
    # The advisor leaves until 23:59: the ticket says so, the place is kept, a reprint says when to come.
    await asyncio.to_thread(_hub_call, args, "/api/queue/pause", {"until": "23:59"})
    await pilot.until(lambda: ticket.away_message != "", "away shown", 15)
    await pilot.frames(3)
    seen["away_texts"] = pilot.texts()
    await pilot.screenshot(out / "away.png")
    await pilot.tap("ticket:reprint")
    await pilot.until(lambda: ticket.print_state == "printed", "reprinted", 15)
    seen["printed"].append(_printed(services))
    await asyncio.to_thread(_hub_call, args, "/api/queue/resume", {})
    # « Annuler ma demande », then « Non » keeps it; « Oui » cancels it at the hub.
    await pilot.tap("ticket:cancel")
    await pilot.until(lambda: ticket.state == "confirm_cancel", "cancel question")
    await pilot.frames(3)
    seen["confirm_texts"] = pilot.texts()
    await pilot.screenshot(out / "confirm_cancel.png")
    await pilot.tap("ticket:keep")
    await pilot.until(lambda: ticket.state == "ticket", "kept")
    await pilot.tap("ticket:cancel")
    await pilot.until(lambda: ticket.state == "confirm_cancel", "cancel question again")
    await pilot.tap("ticket:cancel_yes")
    await pilot.until(lambda: ticket.state == "cancelled", "cancelled", 15)
    seen["cancelled_status"] = (
        await asyncio.to_thread(_advisor_get, args, f"/api/help-requests/{ticket.request_id}")
    )["status"]
    # Closing time: no ticket; the next drop-in dates print.
    await asyncio.to_thread(_close_today, args["db"])
    app.go_home()
    await pilot.tap("home:help")
    await pilot.until(lambda: pilot.screen().name == "help_topic", "topics again")
    await pilot.tap("topic:papiers")
    await pilot.tap("needs:continue")
    await pilot.until(lambda: pilot.screen().name == "help_name", "name again")
    await without_name(pilot)
    await pilot.until(lambda: ticket.state == "cutoff", "cut-off", 15)
    await pilot.screenshot(out / "cutoff0.png")
    await pilot.tap("cutoff:print")
    await pilot.until(lambda: ticket.print_state == "printed", "dates printed", 15)
    seen["printed"].append(_printed(services))
    await pilot.frames(3)
    seen["cutoff_texts"] = pilot.texts()
    await pilot.screenshot(out / "cutoff.png")
    still_open = await asyncio.to_thread(_advisor_get, args, "/api/help-requests?status=open")
    seen["open_requests"] = len(still_open)  # type: ignore[assignment]
    return seen
