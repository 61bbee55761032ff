"""The blocks the help ticket screen shows: the ticket, « C'est à vous ! », a plain message.

Functions return new widgets; main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.graphics import Color, RoundedRectangle
from kivy.properties import ListProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.widgets.text_block import TextBlock


class Panel(BoxLayout):
    """A vertical block with a coloured background that grows to its content."""

    background = ListProperty(P.BACKGROUND)

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        kwargs.setdefault("orientation", "vertical")
        kwargs.setdefault("padding", [theme.mm(4)] * 4)
        kwargs.setdefault("spacing", theme.mm(2))
        super().__init__(size_hint_y=None, **kwargs)
        with self.canvas.before:
            self._color = Color(*self.background)
            self._rect = RoundedRectangle(radius=[theme.radius])
        self.bind(
            pos=self._redraw, size=self._redraw, minimum_height=self.setter("height"), background=self._redraw
        )

    def _redraw(self, *_args) -> None:
        self._color.rgba = self.background
        self._rect.pos, self._rect.size = self.pos, self.size


def _text(text: str, role: str = "body", **kwargs: Any) -> TextBlock:
    return TextBlock(text=text, role=role, **kwargs)


def message(title: str, text: str, *, warning: bool = False) -> Panel:
    """A heading and a sentence, on a yellow panel when something went wrong."""
    panel = Panel(background=P.WARNING_BG if warning else P.BACKGROUND)
    panel.add_widget(_text(title, "heading"))
    if text:
        panel.add_widget(_text(text))
    return panel


def ticket(screen: Any, topic_label: str) -> BoxLayout:
    """Number and topic on the left; people ahead, wait range and printing on the right."""
    theme = App.get_running_app().theme
    row = BoxLayout(orientation="horizontal", spacing=theme.gap * 2, size_hint_y=None)
    left = Panel(background=P.TILE, pos_hint={"top": 1}, size_hint_x=0.45)
    left.add_widget(_text(_("Votre numéro"), halign="center"))
    left.add_widget(_text(screen.ticket, "huge", halign="center", color=P.PRIMARY))
    left.add_widget(_text(topic_label, halign="center"))
    right = Panel(background=P.BACKGROUND, padding=[0, theme.mm(2)], pos_hint={"top": 1}, size_hint_x=0.55)
    line, second, problem = screen.print_lines()
    if problem:  # first, where it is seen without scrolling
        warn = Panel(background=P.WARNING_BG)
        warn.add_widget(_text(second, "button", bold=True))
        warn.add_widget(_text(line))
        right.add_widget(warn)
    right.add_widget(_text(screen.wait_text(), bold=True))
    right.add_widget(_text(_("Restez près de l'écran : votre numéro sera appelé.")))
    if line and not problem:
        right.add_widget(_text(line, color=P.TEXT_MUTED))

    def fit(*_args) -> None:
        row.height = max(left.height, right.height)

    left.bind(height=fit)
    right.bind(height=fit)
    row.add_widget(left)
    row.add_widget(right)
    fit()
    return row


def called(number: str) -> Panel:
    """The green « C'est à vous ! » panel."""
    panel = Panel(background=P.SUCCESS)
    for text, role in (
        (_("C'est à vous !"), "heading"),
        (number, "huge"),
        (_("Allez voir le conseiller."), "body"),
    ):
        panel.add_widget(_text(text, role, halign="center", color=P.ON_PRIMARY))
    return panel
