"""The child side of the remote pilot (tests/ui/remote.py): the running kiosk app answers small JSON commands,
one per line on a Unix socket, by driving its own ``Pilot`` inside the app's asyncio loop.

A request is ``{"cmd": name, "args": [...], "kwargs": {...}}``; the answer ``{"ok": true, "value": ...}``
or ``{"ok": false, "error": traceback, "screen": name, "texts": [...], "shot": path}``. Commands run one
at a time, in the order they arrive, on the Kivy thread (the asyncio loop Kivy's ``async_run`` shares).
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pilot import Pilot, walk

# A probe reads (or, called through ``do``, changes) what no touch reaches: ``probe(pilot, **kwargs)`` returns
# something JSON can carry; through ``until`` its value counts once truthy.
Probe = Callable[..., Any]


class Commands:
    """What the pytest side may ask for; each method's name is a command. Thread: the Kivy thread only."""

    def __init__(self, pilot: Pilot, out: Path, probes: dict[str, Probe], clock: Any = None) -> None:
        self.pilot, self.out, self.probes, self.clock = pilot, out, probes, clock

    async def tap(self, action: str, fresh: bool = True, scroll: bool = False) -> None:
        """Tap the button whose action is ``action`` (scrolled into view first with ``scroll``)."""
        if scroll:
            await self.pilot.into_view(action)
        await self.pilot.tap(action, fresh=fresh)

    def _keyboard_page(self) -> Any:
        from kiosk.ui.widgets.keyboard_page import KeyboardPage

        return next((w for w in walk(self.pilot.app.root) if isinstance(w, KeyboardPage)), None)

    async def keyboard_stage(self) -> str | None:
        """« instruction » while a keyboard page shows its instruction on its own page (small screens),
        « keys » once its keys show, None without a keyboard page."""
        await self.pilot.frames(2)
        page = self._keyboard_page()
        return None if page is None else str(page.stage)

    async def type(self, text: str) -> None:
        """Type ``text`` on the on-screen keyboard, with « Maj » before each capital it needs, or digits on
        a keypad; « Écrire » first when the instruction has its own page."""
        from kiosk.ui.widgets.digit_pad import DigitPad
        from kiosk.ui.widgets.keyboard import AzertyKeyboard

        if await self.keyboard_stage() == "instruction":
            page = self._keyboard_page()
            await self.pilot.tap(page.actions["write"])
            await self.pilot.until(lambda: page.stage == "keys", "the keys after « Écrire »")
        pad = next((w for w in walk(self.pilot.screen()) if isinstance(w, DigitPad)), None)
        if pad is not None:
            for digit in text:
                await self.pilot.tap(f"{pad.prefix}:{digit}")
            return
        keyboard = next((w for w in walk(self.pilot.screen()) if isinstance(w, AzertyKeyboard)), None)
        if keyboard is None:
            raise LookupError(f"no on-screen keyboard on {self.pilot.screen().name}")
        for char in text:
            if char.isupper() and not keyboard.shift:
                await self.pilot.tap("key:shift")
            await self.pilot.tap(f"key:{char.lower()}")

    async def locate(self, action: str, scroll: bool = False) -> dict[str, Any]:
        """The button's widget uid (the same widget keeps it) and its centre in window pixels."""
        if scroll:
            button = await self.pilot.into_view(action)
        else:
            button = await self.pilot.until(lambda: self.pilot._maybe(action), f"button {action}")
        return {"uid": button.uid, "center": list(button.to_window(*button.center))}

    async def go(self, name: str) -> None:
        """Open the screen ``name`` as the app does (no touch; "home" is the app's go_home)."""
        if name == "home":
            self.pilot.app.go_home()
        else:
            self.pilot.app.go(name)
        await self.pilot.frames(2)

    async def frames(self, count: int = 3) -> None:
        await self.pilot.frames(count)

    async def screen(self) -> str:
        return self.pilot.screen().name

    async def texts(self) -> list[str]:
        return self.pilot.texts()

    async def buttons(self) -> list[str]:
        """The actions of every button in the window (hidden and disabled ones too), in widget order."""
        return [b.action for b in self.pilot.buttons()]

    async def wait_screen(self, name: str, timeout: float = 10.0) -> None:
        await self.pilot.until(lambda: self.pilot.screen().name == name, f"screen {name}", timeout)

    async def wait_text(self, part: str, timeout: float = 10.0, gone: bool = False) -> list[str]:
        """Wait until a visible text contains ``part`` (none does, with ``gone``); the visible texts then."""

        def seen() -> bool:
            return any(part in text for text in self.pilot.texts()) != gone

        await self.pilot.until(seen, f"no text with {part!r}" if gone else f"a text with {part!r}", timeout)
        return self.pilot.texts()

    async def read(self, screen: str, *names: str) -> Any:
        """Attributes of the screen named ``screen``: one name gives its value, several a dict."""
        values = _attrs(self.pilot, screen, names)
        return values[names[0]] if len(names) == 1 else values

    async def layout(self, state: str) -> list[dict[str, Any]]:
        """Every visible button and label (the overlay's alone when one shows) as rows tagged ``state``
        (tests/ui/pilot.py's layout), for tests/ui/test_layout.py's rules."""
        await self.pilot.frames(3)
        return self.pilot.layout(state)

    async def set(self, screen: str, **values: Any) -> None:
        """Set attributes of the screen named ``screen`` (a shorter repeat delay, say)."""
        target = self.pilot.app.screen(screen)
        for name, value in values.items():
            setattr(target, name, value)

    async def wait_for(self, screen: str, timeout: float = 10.0, **expected: Any) -> dict[str, Any]:
        """Wait until the screen's attributes equal ``expected``; on time-out, say what they were."""
        last: dict[str, Any] = {}

        def met() -> bool:
            last.update(_attrs(self.pilot, screen, expected))
            return last == expected

        try:
            await self.pilot.until(met, f"{screen} with {expected}", timeout)
        except TimeoutError as exc:
            raise TimeoutError(f"{exc} (last: {last})") from None
        return last

    async def probe(self, name: str, **kwargs: Any) -> Any:
        return _plain(await self._call(name, kwargs))

    async def do(self, name: str, **kwargs: Any) -> Any:
        return _plain(await self._call(name, kwargs))

    async def until(self, name: str, timeout: float = 10.0, **kwargs: Any) -> Any:
        """Wait until probe ``name`` gives something truthy; that value."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self._call(name, kwargs)
            if value:
                return _plain(value)
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for probe {name}({kwargs}) (last: {value!r})")
            await asyncio.sleep(1 / 60)

    async def advance(self, seconds: float) -> None:
        """Move the services' fake monotonic clock (idle time-outs, debounce) by ``seconds``."""
        if self.clock is None:
            raise RuntimeError("this kiosk runs on the real clock")
        self.clock.advance(seconds)

    async def screenshot(self, name: str) -> str:
        return await self.pilot.screenshot(self.out / f"{name}.png")

    async def dispatch(self, event: str, *args: Any) -> bool:
        """Dispatch a Window event (``on_keyboard``, ``on_request_close``…); whether a handler took it."""
        from kivy.core.window import Window

        return bool(Window.dispatch(event, *args))

    async def _call(self, name: str, kwargs: dict[str, Any]) -> Any:
        if name not in self.probes:
            raise LookupError(f"no probe {name!r}; have {sorted(self.probes)}")
        value = self.probes[name](self.pilot, **kwargs)
        return await value if asyncio.iscoroutine(value) else value


def matches(seen: dict[str, Any], **expected: Any) -> dict[str, Any] | None:
    """``seen`` when its values equal ``expected`` (a probe waited on with ``until``), else None."""
    return seen if all(seen[k] == v for k, v in expected.items()) else None


def _attrs(pilot: Pilot, screen: str, names: Iterable[str]) -> dict[str, Any]:
    target = pilot.app.screen(screen)
    return {name: _plain(getattr(target, name)) for name in names}


def _plain(value: Any) -> Any:
    """Kivy's list and dict properties as JSON-ready lists and dicts."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


async def serve(
    pilot: Pilot, socket_name: str, out: Path, probes: dict[str, Probe], clock: Any = None
) -> dict[str, Any]:
    """Connect to the pytest side at ``socket_name`` and answer its commands until it goes away (the
    fixture then ends the process). A failed command answers with the traceback, the screen, its texts
    and a screenshot. Runs as driver.drive's scenario (its results: nothing, the test asserted as it went)."""
    # SDL turns SIGTERM into a quit request, which kiosk mode refuses: the fixture's SIGTERM ends the process.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    commands = Commands(pilot, out, probes, clock)
    reader, writer = await asyncio.open_unix_connection(socket_name)
    try:
        while line := await reader.readline():
            request = json.loads(line)
            answer: dict[str, Any]
            try:
                method = getattr(Commands, request["cmd"], None)
                if method is None or request["cmd"].startswith("_"):
                    raise LookupError(f"no command {request['cmd']!r}")
                value = await method(commands, *request.get("args", ()), **request.get("kwargs", {}))
                answer = {"ok": True, "value": value}
            except Exception as exc:  # reported to the test, which raises it there
                answer = {"ok": False, "error": "".join(traceback.format_exception(exc))}
                answer.update(await _where(pilot, out))
            writer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
            await writer.drain()
    finally:
        writer.close()
    return {}


async def _where(pilot: Pilot, out: Path) -> dict[str, Any]:
    """Where the app stood when a command failed (best effort: the app itself may be what broke)."""
    where: dict[str, Any] = {}
    try:
        where["screen"] = pilot.screen().name
        where["texts"] = pilot.texts()[:30]
        where["shot"] = await pilot.screenshot(out / "failure.png")
    except Exception as exc:  # noqa: BLE001  (what was gathered before is still worth reporting)
        where["where_error"] = repr(exc)
    return where
