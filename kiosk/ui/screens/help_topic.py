"""Help, step 1: choose a topic among kiosk.domain.topics.all_topics() (big buttons with pictograms);
then the optional needs (help_needs). When the screen is too small to show every topic at once (the 7"
display), the last tile is « Autres sujets »: it shows the rest, with « Sujets précédents ».

Main thread only.
"""

from __future__ import annotations

from kivy.properties import NumericProperty

from kiosk.domain.pager import tile_pages
from kiosk.domain.topics import Topic, all_topics
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import pictogram
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

WIDE_MM = 400  # three columns from this screen width on
ROW_MIN_MM, ROW_MAX_MM = 16.0, 24.0  # a tile holds a pictogram and two lines of words
TILE_PAD_MM = 1.5


class HelpTopicScreen(KioskScreen):
    """Topic buttons in a grid (two or three columns), every one visible: on a small screen they are
    split over pages rather than scrolled."""

    columns = NumericProperty(2)
    row_h = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.chosen: Topic | None = None
        self._filled = False
        self._buttons: list[BigButton] = []
        self.page = 0

    def prepare(self, **_params) -> None:
        if not self._filled:
            self._filled = True
            self._buttons = []
            for topic in all_topics():
                button = BigButton(
                    text=topic.label,
                    icon=pictogram(topic.pictogram),
                    halign="left",
                    primary=True,
                    action=f"topic:{topic.id}",
                    padding=[self.app.theme.mm(2), self.app.theme.mm(TILE_PAD_MM)],
                )
                button.bind(on_activate=lambda _b, t=topic: self.choose(t))
                self._buttons.append(button)
            self._more = BigButton(text="", halign="center", primary=True, action="topic:more")
            self.app.theme.bind(text_scale=lambda *_a: self.show_page(0))
            self._more.bind(on_activate=lambda *_a: self.show_page(self.page + 1))
            self.ids.scroll.bind(height=lambda *_a: self.show_page(0))
        self.show_page(0)

    def show_page(self, number: int) -> None:
        """Lay out page ``number`` of the topics (wrapping round to the first)."""
        from kiosk.i18n import _

        theme, grid, scroll = self.app.theme, self.ids.grid, self.ids.scroll
        wide = theme.screen_width_mm >= WIDE_MM
        # Big text on a small screen: one topic a row, its words across the whole width.
        self.columns = 3 if wide else (1 if theme.compact and theme.text_scale >= 1.5 else 2)
        room = scroll.height - 2 * theme.margin
        lines = 2 if self.columns == 1 or theme.text_scale < 1.5 else 3  # the longest topic's lines
        words = lines * theme.font_button * 1.2 + 2 * theme.mm(TILE_PAD_MM) + theme.mm(1.5)
        row_min = max(theme.mm(ROW_MIN_MM), words)
        rows = max(1, int((room + theme.gap) // (row_min + theme.gap)))
        pages = tile_pages(len(self._buttons), rows * int(self.columns))
        self.page = number % len(pages)
        used = -(-(len(pages[self.page]) + (len(pages) > 1)) // int(self.columns))
        fill = (room - theme.gap * (used - 1)) / max(1, used)
        self.row_h = max(row_min, min(max(theme.mm(ROW_MAX_MM), row_min), fill))
        grid.clear_widgets()
        for index in pages[self.page]:
            grid.add_widget(self._buttons[index])
        if len(pages) > 1:
            last = self.page + 1 == len(pages)
            self._more.text = _("Sujets précédents") if last else _("Autres sujets")
            grid.add_widget(self._more)
        scroll.scroll_y = 1

    def choose(self, topic: Topic) -> None:
        self.chosen = topic
        self.app.go("help_needs", topic=topic)

    def wipe(self) -> None:
        self.chosen = None
