"""UI scenarios run by driver.py: each taps through the kiosk with a Pilot and returns what it saw."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import fakes

from kiosk.config import Config
from kiosk.ui.services import HubHandle, PrinterHandle, Services


def build_services(args: dict[str, Any], config: Config) -> tuple[Services, dict[str, Any]]:
    """A real hub client (``hub_url``), a real printer (``real_printer``, or ``failing_printer`` at a URI that
    cannot print); fakes everywhere else (deterministic snapshots)."""
    from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons

    clock = fakes.FakeClock()
    extra: dict[str, Any] = {"clock": clock, "hub": fakes.FakeHub(), "printer": fakes.FakePrinter()}
    hub = HubHandle(extra["hub"])
    printer = PrinterHandle(printer=extra["printer"])
    closers = []
    if args.get("hub_url"):
        from kiosk.client.hub_client import HubClient
        from kiosk.client.outbox import Outbox

        client = HubClient(
            args["hub_url"],
            args["token"],
            outbox=Outbox(Path(args["out_dir"]) / "outbox.sqlite3"),
            timeout=2.0,
        )
        hub = HubHandle(client)
        closers.append(client.close)
    if args.get("real_printer") or args.get("failing_printer"):
        from kiosk.printing.printer import open_printer

        printer_config = config.printer
        if args.get("failing_printer"):  # a real printer at a URI that cannot print
            failing = {"uri": args["failing_printer"], "timeout_s": 2.0}
            printer_config = replace(printer_config, **failing)
        printer = PrinterHandle(lambda: open_printer(printer_config, preview_dir=Path(args["out_dir"])))
    services = Services(
        config=config,
        hub=hub,
        printer=printer,
        lessons_dir=DEFAULT_LESSONS_DIR,
        load_lessons=load_lessons,
        sessions=fakes.sessions,
        now=lambda: fakes.NOW,
        monotonic=clock,
        idle_timeout_s=120,
        idle_answer_s=60,
        poll_interval_s=args.get("poll_interval_s", 3.0),
        print_fallback_s=args.get("print_fallback_s", 5.0),
        called_home_s=600,
        closers=closers,
    )
    return services, extra


async def to_keys(pilot: Any) -> None:
    """On the first-name screen: « Écrire » when the instruction has its own page (small screens)."""
    await pilot.frames(2)
    if pilot.screen().ids.board.stage == "instruction":
        await pilot.tap("help:write")
        await pilot.until(lambda: pilot.screen().ids.board.stage == "keys", "keys shown")


async def screens(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """Every screen and state, for snapshots (``args["snapshots"]``) and the layout rules."""
    out, wanted = Path(args["out_dir"]), set(args.get("snapshots", ()))
    shots: dict[str, str] = {}
    layout: list[dict[str, Any]] = []
    texts: dict[str, list[str]] = {}
    app = pilot.app

    async def capture(state: str) -> None:
        await pilot.frames(3)
        layout.extend(pilot.layout(state))
        texts[state] = pilot.texts()
        if state in wanted or "*" in wanted:
            shots[state] = await pilot.screenshot(out / f"{state}.png")

    await pilot.until(lambda: app.hub_state == "ready", "hub ready")
    await capture("home")
    await pilot.tap("home:help")
    await pilot.until(lambda: pilot.screen().name == "help_topic", "topic screen")
    await capture("help_topic")
    await pilot.tap("topic:papiers")
    await pilot.until(lambda: pilot.screen().name == "help_needs", "needs screen")
    await pilot.tap("need:hearing")
    await pilot.until(lambda: pilot.screen().chosen == ["hearing"], "hearing chosen")
    await capture("help_needs")
    await pilot.tap("needs:continue")
    await pilot.until(lambda: pilot.screen().name == "help_name", "keyboard screen")
    await capture("help_name_page")
    await to_keys(pilot)
    await capture("help_name_empty")
    for key in ("z", "o", "é"):
        await pilot.tap(f"key:{key}")
    await pilot.until(lambda: pilot.screen().name_text == "Zoé", "typed Zoé")
    await capture("help_name")
    await pilot.tap("key:digits")
    await capture("help_name_digits")
    await pilot.tap("help:validate")
    ticket = app.screen("help_ticket")
    await pilot.until(lambda: ticket.state == "ticket" and ticket.print_state == "printed", "ticket printed")
    await capture("help_ticket")
    extra["hub"].status = "called"
    await pilot.until(lambda: ticket.state == "called", "called", timeout=10)
    await capture("help_ticket_called")
    extra["hub"].status = "waiting"
    extra["printer"].error = RuntimeError("paper out")
    app.go("help_ticket", topic=ticket_topic(), first_name="")
    await pilot.until(lambda: ticket.print_state == "failed", "print failed")
    await capture("help_ticket_print_failed")
    app.go_home()
    await pilot.tap("home:learn")
    learn = app.screen("learn")
    await pilot.until(lambda: learn.lessons, "lessons listed")
    await capture("learn")
    from lesson_touch import next_step as turn_to_next
    from lesson_touch import press  # turns to the button's page first, as a finger would

    # The first two lessons in every state (all step types: tests/ui/test_lessons_steps.py; the whole
    # curriculum loads in tests/lessons): walking all of them here took minutes per screen size.
    await press(pilot, "theme:debut")  # « Par où commencer ? »: the first-visit path, where they are
    await capture("learn_path")
    for index, item in enumerate(learn.lessons[:2]):
        await press(pilot, f"lesson:{item.id}")
        lesson = app.screen("lesson")
        for step in range(lesson.count):
            await pilot.until(lambda s=step, lsn=lesson: lsn.index == s, f"step {step}")
            if any(b.action == "option:dont_know" for b in pilot.buttons()):
                await press(pilot, "option:dont_know")
                lesson.scroll_to(None)
            await capture(f"lesson{index}_step{step}")
            await turn_to_next(pilot, lesson)
        await pilot.until(lambda lsn=lesson: lsn.finished, "lesson finished")
        await capture(f"lesson{index}_end")
        for _turn in range(6):  # « Suite » through the end card's pages, then « Les leçons »
            if pilot.screen().name == "learn":
                break
            await pilot.tap("lesson:next")
        await pilot.until(lambda: pilot.screen().name == "learn", "back to the list")
    app.go_home()
    await pilot.tap("home:agenda")
    await pilot.until(lambda: any("Salle 2" in t for t in pilot.texts()), "sessions listed")
    await capture("agenda")
    app.go("help_topic")
    extra["clock"].advance(services.idle_timeout_s + 1)
    await pilot.until(lambda: app.overlay is not None, "idle question")
    await capture("idle")
    return {"shots": shots, "layout": layout, "texts": texts}


def ticket_topic() -> Any:
    from kiosk.domain.topics import topic_by_id

    return topic_by_id("papiers")


SCENARIOS = {"screens": screens}

from lesson_scenarios import SCENARIOS as _LESSON_SCENARIOS  # noqa: E402  (issue 3: the lesson engine)

SCENARIOS.update(_LESSON_SCENARIOS)

from layout_audit import SCENARIOS as _AUDIT_SCENARIOS  # noqa: E402  (issue 12: layout per screen size)

SCENARIOS.update(_AUDIT_SCENARIOS)

from keyboard_audit import SCENARIOS as _KEYBOARD_SCENARIOS  # noqa: E402  (issue 12: keyboards' instructions)

SCENARIOS.update(_KEYBOARD_SCENARIOS)
