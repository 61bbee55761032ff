"""Home: the site name in a bar with 🔊 and « A+ » (no « Accueil »: this is it), and three giant tiles
(Apprendre, Demander de l'aide, Prochaines séances).

Shows no personal data, so inactivity never asks anything here. The tiles stand side by side and fill the
screen; when « A+ » makes their longest word wider than a tile, they stack (pictogram on the left) above
the hint, all three in view on a 7-inch screen, and the page scrolls rather than cut a word. Main thread only.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty

from kiosk.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import PRIMARY_MIN_MM
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock  # noqa: F401  (registers the kv class)
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401

MIN_ICON_MM = 8  # a pictogram smaller than this is more noise than help: the tile shows only its words
LONGEST_WORD_EM = 6.2  # « Prochaines » in Atkinson Hyperlegible Bold, with the tile's padding
MIN_TILES_MM = 40  # side by side, the tiles are never shorter than this


class HomeScreen(KioskScreen):
    """The start of every session."""

    guarded = False
    status = StringProperty("")
    cols = NumericProperty(3)
    tiles_h = NumericProperty(100)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.app.bind(hub_state=self._status)
        self.app.theme.bind(font_button=self.arrange)
        self._status()
        self._arrange_soon = Clock.create_trigger(self._arrange)
        self._pictograms: dict[BigButton, str] = {}  # each tile's pictogram, shown when there is room

    def _status(self, *_args) -> None:
        self.status = _("Démarrage…") if self.app.hub_state == "starting" else ""

    def arrange(self, *_args) -> None:
        """Lay the tiles out for the current window and text size (at the next frame, once)."""
        self._arrange_soon()

    def _arrange(self, *_args) -> None:
        theme, ids = self.app.theme, self.ids
        tiles = list(reversed(ids.tiles.children))
        inner = ids.content.width - ids.content.padding[0] - ids.content.padding[2]
        side_by_side = (inner - 2 * theme.gap) / 3 >= theme.font_button * LONGEST_WORD_EM
        self.cols = 3 if side_by_side else 1
        # Stacked (big text on a small screen): the tiles come first, all in view; the hint under them.
        hint, content = ids.hint, ids.content
        where = len(content.children) - 1 if side_by_side else 1
        if content.children.index(hint) != where:
            content.remove_widget(hint)
            content.add_widget(hint, index=where)
        # Stacked, the bar's own 4 mm under its buttons is the gap above the first tile.
        top = theme.margin if side_by_side else 0
        content.padding = [theme.margin, top, theme.margin, theme.margin if side_by_side else theme.mm(2)]
        for tile in tiles:
            tile.orientation = "vertical" if side_by_side else "horizontal"
            tile.halign = "center" if side_by_side else "left"
            tile.size_hint_y = 1 if side_by_side else None
        if side_by_side:
            # Padding, the hint, and the two gaps around the tiles (the status line under them is 0 tall
            # unless the hub is starting).
            used = content.padding[1] + content.padding[3] + hint.height + 2 * theme.gap
            if self.status:
                used += theme.font_body * 1.5
            self.tiles_h = round(max(theme.mm(MIN_TILES_MM), ids.scroll.height - used))  # whole pixels: crisp
        else:
            for tile in tiles:
                pad = tile.padding[1] + tile.padding[3]
                tile.height = max(theme.mm(PRIMARY_MIN_MM + 0.5), tile.label.texture_size[1] + pad)
            self.tiles_h = sum(t.height for t in tiles) + theme.gap * (len(tiles) - 1)

    def fit_icon(self, tile: BigButton) -> None:
        """Give ``tile``'s pictogram the room its words leave (none when too little is left)."""
        theme = self.app.theme
        if tile not in self._pictograms:
            self._pictograms[tile] = tile.icon
            tile.label.bind(texture_size=lambda *_a: self.fit_icon(tile))
            tile.label.bind(texture_size=self.arrange)
        if tile.orientation == "vertical":
            pad = tile.padding[1] + tile.padding[3] + 2 * tile.spacing
            side = min(theme.tile_icon, tile.height * 0.45, tile.height - tile.label.texture_size[1] - pad)
        else:
            side = min(theme.icon, tile.height - tile.padding[1] - tile.padding[3])
        if side < theme.mm(MIN_ICON_MM):
            tile.icon = ""
        else:
            tile.icon_size = side
            tile.icon = self._pictograms[tile]

    def open_learn(self) -> None:
        self.app.go("learn")

    def open_help(self) -> None:
        self.app.go("help_topic")

    def open_agenda(self) -> None:
        self.app.go("agenda")
