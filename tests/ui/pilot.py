"""A Pilot for the kiosk app in a driver subprocess: synthetic touches through the Window's input path,
waits on conditions with deadlines (never a fixed sleep for synchronisation), screenshots, layout dumps."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.input.motionevent import MotionEvent
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from kiosk.ui.widgets.big_button import BigButton, reset_debounce

_ids = itertools.count(1000)


class SyntheticTouch(MotionEvent):
    """One finger, dispatched through EventLoop like a real provider's event (the whole input path)."""

    def __init__(self, x: float, y: float) -> None:
        win = EventLoop.window
        super().__init__(
            "synthetic",
            next(_ids),
            {"x": x / (win.width - 1.0), "y": y / (win.height - 1.0)},
            is_touch=True,
            type_id="touch",
        )
        self.profile = ["pos"]

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)


def walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in list(widget.children):
        yield from walk(child)


class Pilot:
    """Drives a running KioskApp from an asyncio task."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def until(self, condition: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
        """Wait (frame by frame) until ``condition()`` is truthy; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for: {what}")
            await asyncio.sleep(1 / 60)

    async def frames(self, count: int = 3) -> None:
        """Let ``count`` frames be drawn (layout settles, canvas updates)."""
        start = Clock.frames_displayed
        await self.until(lambda: Clock.frames_displayed >= start + count, f"{count} frames")

    def buttons(self) -> list[BigButton]:
        return [w for w in walk(self.app.root) if isinstance(w, BigButton)]

    def find(self, action: str) -> BigButton:
        found = [b for b in self.buttons() if b.action == action and not b.disabled and b.opacity > 0]
        if not found:
            raise LookupError(f"no visible button {action!r}; have {[b.action for b in self.buttons()]}")
        return found[-1]  # the overlay is added last: it wins

    async def tap(self, action: str, *, fresh: bool = True) -> None:
        """Touch down and up at the centre of the button. ``fresh`` forgets debounce from earlier taps."""
        button = await self.until(lambda: self._maybe(action), f"button {action}")
        if fresh:
            reset_debounce()
        x, y = button.to_window(*button.center)
        touch = SyntheticTouch(x, y)
        EventLoop._dispatch_input("begin", touch)
        await self.frames(1)
        EventLoop._dispatch_input("end", touch)
        await self.frames(1)

    async def into_view(self, action: str) -> BigButton:
        """Scroll the button into view when it sits in a ScrollView, and wait until it rests there."""
        button = await self.until(lambda: self._maybe(action), f"button {action}")
        scroll = next((p for p in _parents(button) if isinstance(p, ScrollView)), None)
        if scroll is None:
            return button
        last = None
        for _ in range(40):  # the layout may still be settling: scroll until the button is inside
            scroll.scroll_to(button, padding=10, animate=False)
            await self.frames(2)
            _x, y = button.to_window(*button.center)
            _sx, bottom = scroll.to_window(scroll.x, scroll.y)
            _sx, top = scroll.to_window(scroll.right, scroll.top)
            inside = bottom + button.height / 2 < y < top - button.height / 2
            if inside and last is not None and abs(last - y) < 1:  # inside, and no longer moving
                break
            last = y
        # A ScrollView still settling takes a touch to stop itself, not to pass it on: wait for rest.
        for _ in range(60):
            if abs(scroll.effect_y.velocity) < 1e-3 and not scroll._touch:
                break
            await self.frames(1)
        return button

    def _maybe(self, action: str) -> BigButton | None:
        try:
            return self.find(action)
        except LookupError:
            return None

    def screen(self) -> Any:
        return self.app.current_screen()

    def texts(self) -> list[str]:
        return [w.text for w in walk(self.app.root) if isinstance(w, Label) and w.text and w.opacity > 0]

    async def screenshot(self, path: Path) -> str:
        await self.frames(3)
        made = Window.screenshot(name=str(path.with_suffix("")) + "%(counter)s.png")
        Path(made).replace(path)
        return str(path)

    def layout(self, state: str) -> list[dict[str, Any]]:
        """Every visible button and label of the current state, in window pixels."""
        rows = []
        for widget in walk(self.app.overlay or self.app.root):
            if not isinstance(widget, BigButton | Label) or widget.opacity == 0 or widget.width <= 0:
                continue
            if isinstance(widget, Label) and not widget.text:
                continue
            x0, y0 = widget.to_window(widget.x, widget.y)
            x1, y1 = widget.to_window(widget.right, widget.top)
            scroll = next((p for p in _parents(widget) if isinstance(p, ScrollView)), None)
            row = {
                "state": state,
                "kind": "button" if isinstance(widget, BigButton) else "label",
                "action": getattr(widget, "action", ""),
                "text": widget.text,
                "primary": bool(getattr(widget, "primary", False)),
                "in_scroll": scroll is not None,
                "box": [x0, y0, x1, y1],
                "window": list(Window.size),
            }
            if isinstance(widget, Label):
                row["texture"] = list(widget.texture_size)
                row["wraps"] = widget.text_size[0] is not None
                row["shorten"] = bool(widget.shorten)
            if scroll is not None:
                sx0, sy0 = scroll.to_window(scroll.x, scroll.y)
                sx1, sy1 = scroll.to_window(scroll.right, scroll.top)
                row["scroll_box"] = [sx0, sy0, sx1, sy1]
            rows.append(row)
        return rows


def _parents(widget: Any) -> Iterator[Any]:
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        yield parent
        parent = parent.parent
