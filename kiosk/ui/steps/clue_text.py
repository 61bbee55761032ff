"""ClueText: a paragraph of a fake message whose suspicious parts are Kivy markup refs
(``[ref=clue-id]…[/ref]``) inside the flowing text. A tap (on release) reports the clue it lands on,
with a few millimetres of reach around each span for older fingers, or None for innocent text. Found clues
are painted yellow behind their words; ``underlined`` clues (after the hint ladder) get a line under them.
Main thread only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kivy.app import App
from kivy.graphics import Color, InstructionGroup, Rectangle
from kivy.utils import escape_markup

from kiosk.ui import palette as P
from kiosk.ui.running import app_monotonic
from kiosk.ui.widgets.text_block import TextBlock

REACH_MM = 3.0  # a tap this close to a clue's words still finds it
DEBOUNCE_S = 0.4
_last_tap: dict[str, float] = {"at": float("-inf")}


def reset_debounce() -> None:
    """Forget the last tap (tests: their clock may stand still)."""
    _last_tap["at"] = float("-inf")


def clue_markup(pieces: list[tuple[str, str | None]], found: set[str], underlined: set[str]) -> str:
    """Markup for (text, clue id or None) pieces: clues become refs, bold once found, underlined on demand."""
    out = []
    for text, clue in pieces:
        safe = escape_markup(text)
        if clue is None:
            out.append(safe)
            continue
        if clue in found:
            safe = f"[b]{safe}[/b]"
        elif clue in underlined:
            safe = f"[u]{safe}[/u]"
        out.append(f"[ref={clue}]{safe}[/ref]")
    return "".join(out)


_TAG = re.compile(r"\[/?(?:ref|b|u|color)(?:=[^\]]*)?\]")


def plain(markup: str) -> str:
    """The words of Kivy markup (what is read aloud): tags removed, escapes undone."""
    return _TAG.sub("", markup).replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


class ClueText(TextBlock):
    """Flowing message text; ``on_tap(clue id or None)`` after a tap on it."""

    def __init__(self, on_tap: Callable[[str | None], None], found: set[str], **kwargs):
        kwargs.setdefault("halign", "left")
        super().__init__(markup=True, **kwargs)
        self.on_tap = on_tap
        self.found = found
        self._paint = InstructionGroup()
        self.canvas.before.add(self._paint)
        self.bind(refs=self._repaint, pos=self._repaint, size=self._repaint, texture_size=self._repaint)

    # -- geometry ------------------------------------------------------------------------------------
    def _origin(self) -> tuple[float, float]:
        """Where the texture's top left corner is, in this widget's parent coordinates."""
        tw, th = self.texture_size
        return self.center_x - tw / 2.0, self.center_y + th / 2.0

    def ref_boxes(self, ref: str) -> list[tuple[float, float, float, float]]:
        """The boxes (x, y, width, height) of a clue's words, in this widget's parent coordinates."""
        ox, oy = self._origin()
        return [(ox + x1, oy - y2, x2 - x1, y2 - y1) for x1, y1, x2, y2 in self.refs.get(ref, [])]

    def ref_at(self, x: float, y: float) -> str | None:
        """The clue under (x, y) (parent coordinates), or the nearest within ``REACH_MM``, else None."""
        reach = App.get_running_app().theme.mm(REACH_MM)
        best, best_d = None, reach
        for ref in self.refs:
            for bx, by, bw, bh in self.ref_boxes(ref):
                dx = max(bx - x, 0.0, x - (bx + bw))
                dy = max(by - y, 0.0, y - (by + bh))
                d = (dx * dx + dy * dy) ** 0.5
                if d <= best_d:
                    best, best_d = ref, d
        return best

    def _repaint(self, *_args) -> None:
        self._paint.clear()
        pad = App.get_running_app().theme.mm(0.6)
        self._paint.add(Color(*P.WARNING_BG))
        for ref in self.found:
            for bx, by, bw, bh in self.ref_boxes(ref):
                self._paint.add(Rectangle(pos=(bx - pad, by), size=(bw + 2 * pad, bh)))

    # -- touch ---------------------------------------------------------------------------------------
    def on_touch_down(self, touch):
        if touch.is_mouse_scrolling or not self.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        touch.grab(self)
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        if not self.collide_point(*touch.pos):
            return True
        now = app_monotonic()
        if now - _last_tap["at"] < DEBOUNCE_S:
            return True
        _last_tap["at"] = now
        self.on_tap(self.ref_at(*touch.pos))
        return True
