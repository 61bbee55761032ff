"""Kiosk scenarios of issue 5, run by kiosk_driver.py: what a resident and staff do, tapped for real."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import requests

TAPS: list = []
PRINT = b"\x1b@"  # every receipt starts with ESC @; status checks do not


def receipts(printer: Any) -> list[bytes]:
    return [job for job in list(printer.jobs) if PRINT in job]


async def into_view(pilot: Any, action: str) -> Any:
    """Scroll the button into view when it sits in a ScrollView, and wait until it rests there."""
    from kivy.uix.scrollview import ScrollView

    button = await pilot.until(lambda: pilot._maybe(action), f"button {action}")
    parent = button.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            last = None
            for _ in range(40):  # the layout may still be settling: scroll until the button is inside
                parent.scroll_to(button, padding=10, animate=False)
                await pilot.frames(2)
                _x, y = button.to_window(*button.center)
                _sx, bottom = parent.to_window(parent.x, parent.y)
                _sx, top = parent.to_window(parent.right, parent.top)
                inside = bottom + button.height / 2 < y < top - button.height / 2
                if inside and last is not None and abs(last - y) < 1:  # inside, and no longer moving
                    break
                last = y
            # A ScrollView still settling takes a touch to stop itself, not to pass it on: wait for rest.
            for _ in range(60):
                if abs(parent.effect_y.velocity) < 1e-3 and not parent._touch:
                    break
                await pilot.frames(1)
            TAPS.append((action, list(button.to_window(*button.center)), parent.scroll_y))
            break
        parent = parent.parent
    return button


async def tap(pilot: Any, action: str) -> None:
    """Scroll the button into view when it sits in a ScrollView, then tap it."""
    await into_view(pilot, action)
    await pilot.tap(action)


async def scroll_to_slip(pilot: Any) -> None:
    """Scroll so that the on-screen slip's lower half (its QR code) is in view."""
    from kivy.uix.image import Image
    from kivy.uix.scrollview import ScrollView
    from pilot import walk

    image = next(
        w for w in walk(pilot.app.root) if isinstance(w, Image) and w.texture is not None and w.height > 300
    )
    scroll = next(w for w in walk(pilot.app.root) if isinstance(w, ScrollView))
    for _ in range(10):
        scroll.scroll_to(image, padding=0, animate=False)
        await pilot.frames(2)
    # The QR code is just above the slip's last lines: put the slip's bottom edge at the view's bottom.
    content = scroll.children[0]
    _x, image_bottom = content.to_widget(*image.to_window(image.x, image.y))
    room = content.height - scroll.height
    if room > 0:
        scroll.scroll_y = max(0.0, min(1.0, (image_bottom - 10) / room))
    await pilot.frames(4)


async def type_name(pilot: Any, name: str) -> None:
    screen = pilot.screen()
    for char in name:
        if char.isupper() and not getattr(screen, "keyboard", None).shift:
            await pilot.tap("key:shift")
        await pilot.tap(f"key:{char.lower()}")


async def shot(pilot: Any, out: Path, name: str, shots: dict) -> None:
    await pilot.frames(4)
    shots[name] = await pilot.screenshot(out / f"{name}.png")


async def resident(pilot: Any, args: dict, services: Any, ctx: dict) -> dict:
    """Next dates printed; a full workshop gives a waitlist slip; the printer hangs mid-day: the slip
    (with its QR) is on screen within 5 s; the printer is back: « Réimprimer » prints it."""
    app, printer, out = pilot.app, ctx["printer"], ctx["out"]
    shots: dict[str, str] = {}
    seen: dict[str, Any] = {"shots": shots}
    await pilot.tap("home:agenda")
    agenda = app.screen("agenda")
    await pilot.until(lambda: agenda.sessions, "agenda loaded", 15)
    await shot(pilot, out, "agenda", shots)
    seen["agenda_texts"] = pilot.texts()
    await tap(pilot, "agenda:print")
    await pilot.until(lambda: agenda.slip.state == "printed", "next dates printed", 10)
    await pilot.until(lambda: receipts(printer), "bytes at the printer", 10)
    seen["next_dates"] = receipts(printer)[-1].hex()
    await shot(pilot, out, "agenda_printed", shots)

    # Thursday 10 December is full (demo): the waitlist.
    full = next(s for s in agenda.sessions if s.registrable and s.seats_left == 0)
    await tap(pilot, f"agenda:register:{full.id}")
    register = app.screen("register")
    await pilot.until(lambda: pilot.screen().name == "register", "registration screen")
    await type_name(pilot, "Zoé")
    await shot(pilot, out, "register_name", shots)
    await pilot.tap("register:next")
    await pilot.until(lambda: register.state == "phone", "phone step")
    await pilot.tap("register:phone-ok")  # nothing typed: a clear message, nothing lost
    seen["phone_problem"] = register.problem
    await shot(pilot, out, "register_phone", shots)
    await pilot.tap("register:no-phone")
    await pilot.until(lambda: register.state == "done", "registered", 10)
    await pilot.until(lambda: register.slip.state == "printed", "waitlist slip printed", 10)
    await pilot.until(lambda: len(receipts(printer)) >= 2, "waitlist bytes", 10)
    seen["waitlist"] = receipts(printer)[-1].hex()
    seen["waitlist_result"] = {"status": register.result.status, "position": register.result.position}
    await shot(pilot, out, "register_waitlist", shots)
    await tap(pilot, "register:done")
    await pilot.until(lambda: pilot.screen().name == "home", "home")
    seen["name_after_done"] = register.first_name

    # Mid-day the printer stops answering (the TCP stand-in accepts and hangs).
    printer.mode = "hang"
    await pilot.tap("home:agenda")
    await pilot.until(lambda: agenda.sessions, "agenda loaded again", 15)
    open_one = next(s for s in agenda.sessions if s.registrable and (s.seats_left or 0) > 0)
    await tap(pilot, f"agenda:register:{open_one.id}")
    await pilot.until(lambda: pilot.screen().name == "register" and register.state == "name", "name step")
    await type_name(pilot, "Marcel")
    await pilot.tap("register:next")
    for digit in "0612345678":
        await pilot.tap(f"phone:{digit}")
    await pilot.tap("register:phone-ok")
    await pilot.until(lambda: register.slip.state == "printing", "slip printing", 15)
    started = time.monotonic()  # the resident waits for the paper from here
    await pilot.until(lambda: register.slip.state == "failed" and register.slip.preview, "fallback", 10)
    seen["fallback_after_s"] = time.monotonic() - started
    seen["fallback_texts"] = pilot.texts()
    await shot(pilot, out, "slip_fallback", shots)
    await scroll_to_slip(pilot)
    await shot(pilot, out, "slip_fallback_qr", shots)
    printer.mode = "online"
    before = len(receipts(printer))
    await tap(pilot, "slip:reprint")
    await pilot.until(lambda: register.slip.state == "printed", "reprinted", 15)
    await pilot.until(lambda: len(receipts(printer)) > before, "reprint bytes", 10)
    seen["reprint"] = receipts(printer)[-1].hex()
    seen["taps"] = TAPS
    return seen


async def staff(pilot: Any, args: dict, services: Any, ctx: dict) -> dict:
    """Staff mode behind the PIN prints an appointment slip; a slip sent from the dashboard prints too;
    paper out makes the dashboard job fail visibly."""
    app, printer, out, url = pilot.app, ctx["printer"], ctx["out"], ctx["hub_url"]
    shots: dict[str, str] = {}
    seen: dict[str, Any] = {"shots": shots}
    await pilot.tap("home:agenda")
    await tap(pilot, "agenda:staff")
    pin = app.screen("staff_pin")
    await pilot.until(lambda: pilot.screen().name == "staff_pin", "PIN screen")
    for digit in "9999":
        await pilot.tap(f"pin:{digit}")
    await pilot.tap("pin:ok")
    await pilot.until(lambda: "faux" in pin.message, "wrong PIN said")
    seen["wrong_pin"] = pin.message
    await shot(pilot, out, "staff_pin", shots)
    for digit in "1234":
        await pilot.tap(f"pin:{digit}")
    await pilot.tap("pin:ok")
    await pilot.until(lambda: pilot.screen().name == "staff", "staff mode")
    form = app.screen("staff")
    from pilot import walk

    seen["ca_qr"] = [t for t in pilot.texts() if "connexion sécurisée" in t]
    for widget in walk(form):
        if hasattr(widget, "scroll_y"):
            widget.scroll_y = 0  # the QR code to the hub's /ca page is at the bottom
    await shot(pilot, out, "staff_ca_qr", shots)
    for widget in walk(form):
        if hasattr(widget, "scroll_y"):
            widget.scroll_y = 1
    await tap(pilot, "staff:name")
    await type_name(pilot, "Lucienne")
    await pilot.tap("staff:name-ok")
    await tap(pilot, "staff:day:plus")
    await tap(pilot, "staff:time:plus")
    await tap(pilot, "staff:bring:vitale")
    await shot(pilot, out, "staff_form", shots)
    seen["appointment"] = form.appointment().model_dump(mode="json")
    before = len(receipts(printer))
    await tap(pilot, "staff:print")
    await pilot.until(lambda: form.slip.state == "printed", "appointment printed", 10)
    await pilot.until(lambda: len(receipts(printer)) > before, "appointment bytes", 10)
    seen["kiosk_slip"] = receipts(printer)[-1].hex()
    await shot(pilot, out, "staff_printed", shots)
    await tap(pilot, "staff:quit")
    await pilot.until(lambda: pilot.screen().name == "home", "home after staff mode")

    # From a phone: the dashboard form queues a job; the kiosk pulls, prints and acknowledges it.
    phone = await asyncio.to_thread(_staff_session, url)
    before = len(receipts(printer))
    job = await asyncio.to_thread(_post_job, phone, url, "Robert")
    await pilot.until(lambda: len(receipts(printer)) > before, "dashboard job printed", 15)
    seen["dashboard_slip"] = receipts(printer)[-1].hex()
    seen["job_done"] = await _wait_job(phone, url, job, "done")
    printer.mode = "paper_out"
    failed = await asyncio.to_thread(_post_job, phone, url, "Simone")
    seen["job_failed"] = await _wait_job(phone, url, failed, "failed")
    seen["health"] = await asyncio.to_thread(lambda: phone.get(f"{url}/api/kiosks/health", timeout=5).json())
    seen["printing_page"] = await asyncio.to_thread(
        lambda: phone.get(f"{url}/staff/impressions", timeout=5).text
    )
    return seen


def _staff_session(url: str) -> requests.Session:
    import re

    session = requests.Session()
    session.trust_env = False
    form = session.get(f"{url}/login", timeout=5).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    session.post(
        f"{url}/login",
        data={"name": "anne", "password": "un-mot-de-passe-solide", "csrf_token": csrf},
        timeout=5,
    )
    page = session.get(f"{url}/staff/impressions", timeout=5).text
    session.headers["X-CSRF-Token"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return session


def _post_job(session: requests.Session, url: str, name: str) -> int:
    body = {
        "kiosk_id": "borne-test",
        "appointment": {
            "first_name": name,
            "start": "2026-12-03T10:15:00+01:00",
            "duration_min": 45,
            "place": "Médiathèque, bureau 2",
            "advisor": "Karim",
            "bring": ["piece", "courrier"],
        },
    }
    answer = session.post(f"{url}/api/print-jobs", json=body, timeout=5)
    answer.raise_for_status()
    return int(answer.json()["id"])


async def _wait_job(session: requests.Session, url: str, job_id: int, status: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        jobs = await asyncio.to_thread(lambda: session.get(f"{url}/api/print-jobs", timeout=5).json())
        job = next(j for j in jobs if j["id"] == job_id)
        if job["status"] == status:
            return job
        await asyncio.sleep(0.1)
    raise TimeoutError(f"job {job_id} never became {status}: {job}")


async def slip_under_finger(pilot: Any, args: dict, services: Any, ctx: dict) -> dict:
    """« Imprimer mes prochaines dates », then the resident scrolls down to a workshop while the printer
    is busy; the printer then fails and the slip appears on screen at the top: the workshop's button
    must stay the same widget at the same place, and a tap on it opens the registration."""
    import threading

    app, printer = pilot.app, ctx["printer"]
    busy = threading.Event()
    app.worker.submit(busy.wait, 30, lane="printer")  # the printer lane is busy until released
    printer.mode = "paper_out"
    await pilot.tap("home:agenda")
    agenda = app.screen("agenda")
    await pilot.until(lambda: agenda.sessions, "agenda loaded", 15)
    await tap(pilot, "agenda:print")
    await pilot.until(lambda: agenda.slip.state == "printing" and agenda.slip.preview, "printing", 10)
    action = [b.action for b in pilot.buttons() if b.action.startswith("agenda:register:")][-1]  # lowest
    button = await into_view(pilot, action)
    before = button.to_window(*button.center)
    seen: dict[str, Any] = {"state_before": agenda.slip.state}
    busy.set()
    await pilot.until(lambda: agenda.slip.state == "failed", "the slip on screen", 15)
    await pilot.frames(6)
    after = pilot.find(action)
    seen.update(
        same_button=after is button,
        moved_px=abs(after.to_window(*after.center)[1] - before[1]),
        slip_shown=agenda._slip_widget is not None and agenda.ids.list.children[-1] is agenda._slip_widget,
        slips=sum(t == "Le papier n'a pas pu sortir." for t in pilot.texts()),
    )
    seen["shots"] = {}
    await shot(pilot, ctx["out"], "slip_under_finger", seen["shots"])
    await pilot.tap(action)  # no scrolling: where the finger already was
    await pilot.until(lambda: pilot.screen().name == "register", "registration screen")
    seen["register_session"] = f"agenda:register:{app.screen('register').session.id}" == action
    return seen


SCENARIOS = {"resident": resident, "staff": staff, "slip_under_finger": slip_under_finger}
