"""The lesson's « Suivant » / « Suite » button, with one dot per page of the step under its word (the
page shown is filled). Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, InstructionGroup, Line
from kivy.properties import NumericProperty

from kiosk.ui import palette as P
from kiosk.ui.widgets.top_bar import NavButton

MAX_DOTS = 8  # more pages than this: the dots would be too small; the word « Suite » still says it


class PagedNextButton(NavButton):
    """A NavButton drawing ``pages`` dots (``page`` filled) along its bottom edge when ``pages`` > 1."""

    pages = NumericProperty(1)
    page = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._dots = InstructionGroup()
        self.canvas.after.add(self._dots)
        self.bind(pos=self._draw_dots, size=self._draw_dots, pages=self._draw_dots, page=self._draw_dots)

    def _draw_dots(self, *_args) -> None:
        self._dots.clear()
        count = int(self.pages)
        if count < 2 or count > MAX_DOTS or self._theme is None:
            return
        mm = self._theme.mm
        side, step = mm(2.2), mm(4)
        x = self.center_x - (step * (count - 1) + side) / 2
        y = self.y + mm(1.2)
        for index in range(count):
            self._dots.add(Color(*P.ON_PRIMARY))
            if index == int(self.page):
                self._dots.add(Ellipse(pos=(x + index * step, y), size=(side, side)))
            else:
                self._dots.add(Line(ellipse=(x + index * step, y, side, side), width=max(1.0, mm(0.3))))
