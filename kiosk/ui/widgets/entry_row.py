"""The row above a keyboard or keypad: « Retour », the field showing what is typed, and « Valider »
(workshop registration and staff screens; the first name and the lessons use kiosk.ui.widgets.keyboard_page).

Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.graphics import Color, Line, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.widgets.big_button import BigButton


class Field(Label):
    """A framed one-line field; shows ``placeholder`` in grey while empty."""

    def __init__(self, placeholder: str, **kwargs):
        theme = App.get_running_app().theme
        super().__init__(
            halign="left", valign="middle", line_height=1.1, shorten=True, shorten_from="left", **kwargs
        )
        self.placeholder = placeholder
        self._theme = theme
        with self.canvas.before:
            Color(*P.BACKGROUND)
            self._bg = Rectangle()
            Color(*P.TEXT)
            self._frame = Line(width=theme.border)
        self.bind(pos=self._redraw, size=self._redraw)
        self.show("")

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size
        self._frame.rectangle = (self.x, self.y, self.width, self.height)
        self.text_size = (self.width - self._theme.mm(4), None)

    def show(self, value: str) -> None:
        self.text = value or self.placeholder
        self.color = P.TEXT if value else P.TEXT_MUTED
        self.bold = bool(value)
        self.font_size = self._theme.font_key if value else self._theme.font_body


def entry_row(
    placeholder: str,
    *,
    on_back: Callable[[], None],
    on_ok: Callable[[], None],
    ok_text: str = "",
    ok_action: str = "entry:ok",
) -> tuple[BoxLayout, Field]:
    """(the row, its field)."""
    theme = App.get_running_app().theme
    row = BoxLayout(size_hint_y=None, height=theme.mm(16), spacing=theme.gap)
    back = BigButton(text=_("Retour"), action="nav:back", size_hint_x=None, width=theme.mm(30))
    back.bind(on_activate=lambda *_a: on_back())
    field = Field(placeholder)
    ok = BigButton(
        text=ok_text or _("Valider"),
        action=ok_action,
        style="primary",
        primary=True,
        size_hint_x=None,
        width=theme.mm(36),
    )
    ok.bind(on_activate=lambda *_a: on_ok())
    for widget in (back, field, ok):
        row.add_widget(widget)
    return row, field
