"""Help, step 2: optional accessibility needs (hearing, sight, reading, language, mobility, time) as big
toggle buttons with pictograms; « Continuer » goes on with or without any. The advisor sees them when
calling. The choice lives only in ``self.chosen`` and is wiped when the session ends. Main thread only.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.domain.help_requests import NEEDS, resident_need_labels
from kiosk.domain.topics import Topic
from kiosk.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import pictogram
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401

WIDE_MM = 300  # three columns from this screen width on
BIG_TEXT = 1.5  # from this « A+ » step the button text is at its largest: one tile a row below WIDE_MM


def needs_columns(screen_width_mm: float, text_scale: float) -> int:
    """Tiles a row: three on a wide screen, else two; one when the text is big and the screen narrow."""
    if screen_width_mm >= WIDE_MM:
        return 3
    return 1 if text_scale >= BIG_TEXT else 2


class HelpNeedsScreen(KioskScreen):
    """Six toggles in a grid; a chosen one turns blue. « Continuer » → the first-name screen."""

    chosen = ListProperty([])
    columns = NumericProperty(2)
    # Small screen or big text: the instruction is the page's first line (the bottom bar has no room for
    # two lines of it), and « Continuer » has the whole bar.
    text_on_top = BooleanProperty(False)
    instruction = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: Topic | None = None
        self._buttons: dict[str, BigButton] = {}
        self.instruction = _("Touchez ce qui vous concerne. C'est facultatif.")
        self._top_text = TextBlock(text=self.instruction)
        self._bar_text = self.ids.bar_text.__self__  # kept while it is out of the bar (ids are weak)
        self.bind(chosen=self._restyle)
        self.app.theme.bind(text_scale=self._fit, screen_width_mm=self._fit, compact=self._fit)

    def prepare(self, topic: Topic | None = None, needs: tuple[str, ...] | None = None, **_params) -> None:
        if topic is not None:
            self.topic = topic
        if needs is not None:  # back from the first-name screen: the choice comes back
            self.chosen = [n for n in NEEDS if n in needs]
        if not self._buttons:
            labels = resident_need_labels()
            for need in NEEDS:
                button = BigButton(
                    text=labels[need],
                    icon=pictogram(f"need-{need}"),
                    halign="left",
                    primary=True,
                    size_hint_y=None,
                    grow=True,  # a tile is as tall as its words need (two or three lines at « A+ »)
                    action=f"need:{need}",
                    debounce_group=f"need:{need}",
                )
                button.bind(on_activate=lambda _b, n=need: self.toggle(n))
                self._buttons[need] = button
                self.ids.grid.add_widget(button)
        self._fit()
        self._restyle()
        self.ids.scroll.scroll_y = 1

    def _fit(self, *_args) -> None:
        theme = self.app.theme
        self.columns = needs_columns(theme.screen_width_mm, theme.text_scale)
        big_text = theme.text_scale >= BIG_TEXT and theme.screen_width_mm < WIDE_MM
        self.text_on_top = theme.compact or big_text
        page, bar, bar_text = self.ids.page, self.ids.bar, self._bar_text
        if self.text_on_top and self._top_text.parent is None:
            bar.remove_widget(bar_text)
            page.add_widget(self._top_text, index=len(page.children))
        elif not self.text_on_top and self._top_text.parent is not None:
            page.remove_widget(self._top_text)
            bar.add_widget(bar_text, index=len(bar.children))
        tall = max(theme.primary_h, theme.mm(24))  # two lines of label fit
        for button in self._buttons.values():
            button.min_height = tall

    def toggle(self, need: str) -> None:
        self.chosen = [n for n in NEEDS if (n in self.chosen) != (n == need)]

    def _restyle(self, *_args) -> None:
        for need, button in self._buttons.items():
            chosen = need in self.chosen
            button.style = "key_on" if chosen else "tile"
            button.icon = pictogram(f"need-{need}-on" if chosen else f"need-{need}")

    def go_on(self) -> None:
        if self.topic is None:
            self.app.go("help_topic")
            return
        needs, self.chosen = tuple(self.chosen), []  # handed over: kept in one place only
        self.app.go("help_name", topic=self.topic, needs=needs)

    def back(self) -> None:
        self.app.go("help_topic")

    def wipe(self) -> None:
        self.chosen = []
        self.topic = None
