"""The attract screen: shown after a while with nobody at the kiosk (and when the screen comes on in the
morning). Big, simple, inviting, no names; a tap anywhere only takes it away (``kiosk.ui.screen_keeper``
swallows that tap, so it never presses the button under it).

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.typography import french_spacing


class AttractOverlay(BoxLayout):
    """Covers the whole window: a welcome, what the kiosk offers, and « Touchez l'écran pour commencer »."""

    def __init__(self, **kwargs):
        super().__init__(orientation="vertical", **kwargs)
        theme = App.get_running_app().theme
        self.padding = [theme.margin * 3] * 4
        self.spacing = theme.gap
        with self.canvas.before:
            Color(*P.BAR)
            self._bg = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
        welcome = _("Bonjour !")
        offer = _("Apprendre, demander de l'aide, voir les ateliers.")
        start = _("Touchez l'écran pour commencer")
        self.labels = [
            self._label(welcome, theme.font_huge * 0.8, bold=True),
            self._label(offer, theme.font_heading),
            self._label(start, theme.font_heading, bold=True),
        ]
        self.add_widget(Widget())  # the three lines sit in the middle, each as tall as its text
        for label in self.labels:
            self.add_widget(label)
        self.add_widget(Widget())

    def _label(self, text: str, size: float, bold: bool = False) -> Label:
        label = Label(
            text=french_spacing(text),
            font_size=size,
            bold=bold,
            color=P.ON_PRIMARY,
            halign="center",
            valign="middle",
        )
        label.size_hint_y = None
        label.bind(
            width=lambda lab, w: setattr(lab, "text_size", (w, None)),
            texture_size=lambda lab, t: setattr(lab, "height", t[1]),
        )
        return label

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size

    def on_touch_down(self, touch):
        return True  # the keeper takes it away; nothing under it is touched

    def on_touch_move(self, touch):
        return True

    def on_touch_up(self, touch):
        return True
