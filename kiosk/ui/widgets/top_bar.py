"""The bar on top of every screen but home: « Retour » and/or « Accueil » on the left, the screen's title,
the 🔊 button that reads the screen aloud and the « A+ » button that enlarges the text on the right (far
from « Accueil », which ends the session). On a small screen (``theme.compact``) the bar is one line: a
long title ends with « … » at a word boundary (🔊 still reads it whole).

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.theme import BODY_MM
from kiosk.ui.typography import french_spacing
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.fitted_label import FittedLabel
from kiosk.ui.widgets.read_aloud import SpeakerButton, TextSizeButton

NAV_WIDTH_MM = 36
PRACTICE_TITLE = "ENTRAÎNEMENT — rien n'est envoyé"  # the same words as the practice band of a step
NAV_WIDTH_COMPACT_MM = 31  # « Accueil » and « Retour » still fit at 6.5 mm
TOOL_WIDTH_MM = 17  # 🔊 and A+: square-ish, ≥ 16 mm
MIN_TITLE_MM = 48  # narrower than this beside the buttons: the title gets its own line under them


def ellipsis_to_width(text: str, width: float, font_size: float, bold: bool = False) -> str:
    """``text`` cut after its last whole word that fits ``width`` pixels, with « … » (whole if it fits)."""
    from kivy.core.text import Label as CoreLabel

    measure = CoreLabel(font_size=font_size, bold=bold)
    if width <= 1 or measure.get_extents(text)[0] <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ·:,") + "…"
        if measure.get_extents(candidate)[0] <= width:
            return candidate
    return words[0] if words else text


class BarTitle(FittedLabel):
    """The bar's title; ``full_text`` is the whole title (🔊 reads it) when the bar shows it shortened."""

    full_text = StringProperty("")


class NavButton(BigButton):
    """A button of fixed width (top bar, lesson navigation): its text does not grow with « A+ »."""

    def _sync_font(self, *_args) -> None:
        if self._theme is not None:  # « body »: a two-line label at body size (6 mm), still fixed
            self.font_size = self._theme.mm(BODY_MM) if self.font_role == "body" else self._theme.font_nav


class TopBar(BoxLayout):
    """Dispatches ``on_back`` and ``on_home``; 🔊 reads the screen it is on (``screen.speech_text()`` when
    the screen has one, else every visible text). Grows (never cuts) when the title needs two lines."""

    title = StringProperty("")
    # Small screen, lesson: the page under the bar keeps its own margin, so the bar's padding is thin.
    tight_below = BooleanProperty(False)
    # Small screen, practice step: the bar turns yellow and says « ENTRAÎNEMENT — rien n'est envoyé » (the
    # yellow band of the step moves here: visible on every page, and the page keeps its room).
    practice = BooleanProperty(False)
    show_back = BooleanProperty(False)
    show_home = BooleanProperty(True)
    show_tools = BooleanProperty(True)

    __events__ = ("on_back", "on_home")

    def __init__(self, **kwargs):
        super().__init__(orientation="vertical", size_hint_y=None, **kwargs)
        theme = App.get_running_app().theme
        self._theme = theme
        # Large screens: 4 mm under the buttons (content scrolled up to the bar stays a gap away). Small
        # screens: thin padding; the page under the bar starts with its own 3 mm margin.
        self.padding = [theme.margin, theme.bar_pad, theme.margin, theme.gap]
        self.spacing = theme.mm(1)
        with self.canvas.before:
            self._bg_color = Color(*P.BAR)
            self._bg = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
        self.row = BoxLayout(
            orientation="horizontal", spacing=theme.gap, size_hint_y=None, height=theme.nav_h
        )
        self.add_widget(self.row)

        def nav(text: str, action: str) -> BigButton:
            button = NavButton(
                text=text,
                style="nav",
                size_hint=(None, None),
                width=theme.mm(NAV_WIDTH_COMPACT_MM if theme.compact else NAV_WIDTH_MM),
                height=theme.nav_h,
                pos_hint={"center_y": 0.5},
                action=action,
            )
            button.speak_skip = True
            return button

        self.back = nav(_("Retour"), "nav:back")
        self.home = nav(_("Accueil"), "nav:home")
        tool = {"size_hint": (None, None), "width": theme.mm(TOOL_WIDTH_MM), "height": theme.nav_h}
        self.speak = SpeakerButton(pos_hint={"center_y": 0.5}, **tool)
        self.bigger = TextSizeButton(pos_hint={"center_y": 0.5}, **tool)
        self.back.bind(on_activate=lambda *_a: self.dispatch("on_back"))
        self.home.bind(on_activate=lambda *_a: self.dispatch("on_home"))
        self.speak.bind(on_activate=lambda *_a: self.read_aloud())
        one_line = {"max_lines": 1} if theme.compact else {}
        self.heading = BarTitle(
            font_size=theme.font_bar,
            bold=True,
            color=P.ON_PRIMARY,
            halign="left",
            valign="middle",
            line_height=1.1,
            **one_line,
        )
        theme.follow(self._set_title, "font_bar")
        self.heading.bind(width=self._wrap, texture_size=self._fit)
        self.bind(
            title=self._set_title,
            practice=self._set_title,
            tight_below=self._pad,
            show_back=self._arrange,
            show_home=self._arrange,
            show_tools=self._arrange,
            width=self._arrange,
        )
        self._stacked: bool | None = None
        self._shape: tuple | None = None
        self._arrange()

    def _pad(self, *_args) -> None:
        theme = self._theme
        below = theme.bar_pad if (theme.compact and self.tight_below) else theme.gap
        self.padding = [theme.margin, theme.bar_pad, theme.margin, below]
        self._fit()

    def _set_title(self, *_args) -> None:
        practice = self.practice and self._theme.compact
        self._bg_color.rgba = P.WARNING_BG if practice else P.BAR
        self.heading.color = P.TEXT if practice else P.ON_PRIMARY
        self.heading.max_lines = 2 if practice else (1 if self._theme.compact else 0)
        self.heading.font_size = self._theme.mm(BODY_MM) if practice else self._theme.font_bar
        text = _(PRACTICE_TITLE) if practice else self.title
        self.heading.full_text = french_spacing(text)
        self._wrap(self.heading, self.heading.width)

    def _wrap(self, label: BarTitle, width: float) -> None:
        full = label.full_text
        if self._theme.compact and self.practice:
            label.text = full  # two lines at body size: it fits the bar
            label.text_size = (width, self._theme.nav_h)
        elif self._theme.compact:
            label.text = ellipsis_to_width(full, width, label.font_size, bold=True)
            label.text_size = (width, self._theme.nav_h)
        else:
            label.text = full
            label.text_size = (width, None)

    def _fit(self, *_args) -> None:
        pad = self.padding[1] + self.padding[3]
        text_h = self.heading.texture_size[1]
        if self._theme.compact:
            self.row.height = self._theme.nav_h
            self.height = self.row.height + pad
        elif self._stacked:
            self.heading.height = text_h
            self.height = self._theme.nav_h + self.spacing + text_h + pad
        else:
            self.row.height = max(self._theme.nav_h, text_h)
            self.height = self.row.height + pad

    def _title_room(self) -> float:
        theme = self._theme
        nav = NAV_WIDTH_COMPACT_MM if theme.compact else NAV_WIDTH_MM
        used = 2 * theme.margin + theme.mm(nav) * (int(self.show_back) + int(self.show_home))
        used += theme.mm(TOOL_WIDTH_MM) * 2 * int(self.show_tools)
        parts = int(self.show_back) + int(self.show_home) + 2 * int(self.show_tools)
        return self.width - used - theme.gap * parts

    def _arrange(self, *_args) -> None:
        compact = self._theme.compact
        stacked = not compact and self.width > 10 and self._title_room() < self._theme.mm(MIN_TITLE_MM)
        shape = (stacked, self.show_back, self.show_home, self.show_tools)
        if shape == self._shape:
            return
        self._shape, self._stacked = shape, stacked
        self.row.clear_widgets()
        if self.heading.parent is not None:
            self.heading.parent.remove_widget(self.heading)
        if self.show_back:
            self.row.add_widget(self.back)
        if self.show_home:
            self.row.add_widget(self.home)
        if stacked:
            self.row.add_widget(Label())  # spacer
            self.heading.size_hint_y = None
        else:
            self.heading.size_hint_y = 1
            self.row.add_widget(self.heading)
        if self.show_tools:
            self.row.add_widget(self.speak)
            self.row.add_widget(self.bigger)
        if stacked:
            self.add_widget(self.heading)
        self._fit()

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size

    def screen(self) -> Screen | None:
        """The screen this bar is on."""
        widget = self.parent
        while widget is not None and not isinstance(widget, Screen):
            widget = widget.parent
        return widget

    def read_aloud(self) -> None:
        """Read the current screen's main text with the offline voice (in the background)."""
        from kiosk.ui.screens.base import KioskScreen
        from kiosk.ui.speaker import readable_text, speaker_of

        screen = self.screen()
        if isinstance(screen, KioskScreen):
            text = screen.speech_text()
        else:
            text = readable_text(screen if screen is not None else self)
        speaker_of(App.get_running_app()).say(text)

    def on_back(self) -> None:
        """Default handler."""

    def on_home(self) -> None:
        """Default handler."""
