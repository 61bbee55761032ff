"""Help, step 1: choose a topic among kiosk.domain.topics.all_topics() (big buttons with pictograms);
then the optional needs (help_needs).

Main thread only.
"""

from __future__ import annotations

from kivy.properties import NumericProperty

from kiosk.domain.topics import Topic, all_topics
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import pictogram
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

WIDE_MM = 400  # three columns from this screen width on


class HelpTopicScreen(KioskScreen):
    """Topic buttons in a grid (two or three columns); scrolls on small screens, never cuts."""

    columns = NumericProperty(2)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.chosen: Topic | None = None
        self._filled = False

    def prepare(self, **_params) -> None:
        theme = self.app.theme
        self.columns = 3 if theme.screen_width_mm >= WIDE_MM else 2
        if not self._filled:
            self._filled = True
            for topic in all_topics():
                button = BigButton(
                    text=topic.label,
                    icon=pictogram(topic.pictogram),
                    halign="left",
                    primary=True,
                    action=f"topic:{topic.id}",
                )
                button.bind(on_activate=lambda _b, t=topic: self.choose(t))
                self.ids.grid.add_widget(button)
        self.ids.scroll.scroll_y = 1

    def choose(self, topic: Topic) -> None:
        self.chosen = topic
        self.app.go("help_needs", topic=topic)

    def wipe(self) -> None:
        self.chosen = None
