"""Help, step 2: optional accessibility needs (hearing, sight, reading, language, mobility, time) as big
toggle buttons with pictograms; « Continuer » goes on with or without any. The advisor sees them when
calling. The choice lives only in ``self.chosen`` and is wiped when the session ends. Main thread only.
"""

from __future__ import annotations

from kivy.properties import ListProperty, NumericProperty

from kiosk.domain.help_requests import NEEDS, resident_need_labels
from kiosk.domain.topics import Topic
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import pictogram
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock  # noqa: F401  (registers the kv class)
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401

WIDE_MM = 300  # three columns from this screen width on


class HelpNeedsScreen(KioskScreen):
    """Six toggles in a grid; a chosen one turns blue. « Continuer » → the first-name screen."""

    chosen = ListProperty([])
    columns = NumericProperty(2)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: Topic | None = None
        self._buttons: dict[str, BigButton] = {}
        self.bind(chosen=self._restyle)

    def prepare(self, topic: Topic | None = None, needs: tuple[str, ...] | None = None, **_params) -> None:
        if topic is not None:
            self.topic = topic
        if needs is not None:  # back from the first-name screen: the choice comes back
            self.chosen = [n for n in NEEDS if n in needs]
        self.columns = 3 if self.app.theme.screen_width_mm >= WIDE_MM else 2
        if not self._buttons:
            labels = resident_need_labels()
            for need in NEEDS:
                button = BigButton(
                    text=labels[need],
                    icon=pictogram(f"need-{need}"),
                    halign="left",
                    primary=True,
                    action=f"need:{need}",
                    debounce_group=f"need:{need}",
                )
                button.bind(on_activate=lambda _b, n=need: self.toggle(n))
                self._buttons[need] = button
                self.ids.grid.add_widget(button)
        self._restyle()
        self.ids.scroll.scroll_y = 1

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
