"""The bar on top of every screen but home: « Retour » and/or « Accueil » and the screen's title.

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.typography import french_spacing
from kiosk.ui.widgets.big_button import BigButton

NAV_WIDTH_MM = 36


class TopBar(BoxLayout):
    """Dispatches ``on_back`` and ``on_home``. Grows (never cuts) when the title needs two lines."""

    title = StringProperty("")
    show_back = BooleanProperty(False)
    show_home = BooleanProperty(True)

    __events__ = ("on_back", "on_home")

    def __init__(self, **kwargs):
        super().__init__(orientation="horizontal", size_hint_y=None, **kwargs)
        theme = App.get_running_app().theme
        self._theme = theme
        # 4 mm under the buttons: content scrolled up to the bar stays a full gap away from them.
        self.padding = [theme.margin, theme.mm(2), theme.margin, theme.gap]
        self.spacing = theme.gap
        with self.canvas.before:
            Color(*P.BAR)
            self._bg = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
        self.back = BigButton(
            text=_("Retour"),
            style="nav",
            size_hint=(None, None),
            width=theme.mm(NAV_WIDTH_MM),
            height=theme.nav_h,
            pos_hint={"center_y": 0.5},
            action="nav:back",
        )
        self.home = BigButton(
            text=_("Accueil"),
            style="nav",
            size_hint=(None, None),
            width=theme.mm(NAV_WIDTH_MM),
            height=theme.nav_h,
            pos_hint={"center_y": 0.5},
            action="nav:home",
        )
        self.back.bind(on_activate=lambda *_a: self.dispatch("on_back"))
        self.home.bind(on_activate=lambda *_a: self.dispatch("on_home"))
        self.heading = Label(
            font_size=theme.font_heading,
            bold=True,
            color=P.ON_PRIMARY,
            halign="left",
            valign="middle",
            line_height=1.1,
        )
        self.heading.bind(width=self._wrap, texture_size=self._fit)
        self.bind(
            title=lambda _w, t: setattr(self.heading, "text", french_spacing(t)),
            show_back=self._arrange,
            show_home=self._arrange,
        )
        self._arrange()

    def _wrap(self, label: Label, width: float) -> None:
        label.text_size = (width, None)

    def _fit(self, *_args) -> None:
        pad = self.padding[1] + self.padding[3]
        self.height = max(self._theme.nav_h + pad, self.heading.texture_size[1] + pad)

    def _arrange(self, *_args) -> None:
        self.clear_widgets()
        if self.show_back:
            self.add_widget(self.back)
        self.add_widget(self.heading)
        if self.show_home:
            self.add_widget(self.home)
        self._fit()

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size

    def on_back(self) -> None:
        """Default handler."""

    def on_home(self) -> None:
        """Default handler."""
