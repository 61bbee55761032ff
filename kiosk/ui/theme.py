"""Sizes in real millimetres (from the configured screen width), type scale and the bundled font.

Thread-safety: a Theme is a Kivy EventDispatcher; update it from the main thread only.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, NumericProperty

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
FONT_DIR = ASSETS / "fonts"
FONT_REGULAR = str(FONT_DIR / "AtkinsonHyperlegible-Regular.ttf")
FONT_BOLD = str(FONT_DIR / "AtkinsonHyperlegible-Bold.ttf")
PICTOGRAMS = ASSETS / "pictograms"
# Kivy's Label uses the font named "Roboto" unless told otherwise: we register ours under that name.
DEFAULT_FONT_NAME = "Roboto"

# The touch and text rules of PRODUCT.md, in millimetres (font sizes are the em size).
PRIMARY_MIN_MM = 16.0  # primary buttons at least this tall
TARGET_MIN_MM = 10.0  # nothing tappable smaller than this, in either direction
GAP_MM = 4.0  # between targets
BODY_MM = 6.0  # body text
HEADING_MM = 9.0  # headings
LINE_HEIGHT = 1.5
# « A+ » steps: body text and headings grow up to 200 %; text inside fixed-size controls grows less
# (buttons 150 %, keyboard keys 130 %, the top bar and lesson navigation not at all) so no label is ever cut.
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
# Screens less tall than this (physical size, not pixels: the 7" display is 92 mm) get the small-screen
# layout: one-line top bar, thin bars, the lesson's step number in the bar and « Plus tard » in its band.
COMPACT_HEIGHT_MM = 120.0
BUTTON_SCALE_MAX, KEY_SCALE_MAX, NAV_SCALE_MAX = 1.5, 1.3, 1.0


def next_text_scale(current: float) -> float:
    """The « A+ » step after ``current`` (back to 100 % after 200 %)."""
    bigger = [s for s in TEXT_SCALES if s > current + 1e-6]
    return bigger[0] if bigger else TEXT_SCALES[0]


def kivy_default_font_setting() -> str:
    """Config ``kivy:default_font``: a name and four files (regular, italic, bold, bold italic)."""
    return repr([DEFAULT_FONT_NAME, FONT_REGULAR, FONT_REGULAR, FONT_BOLD, FONT_BOLD])


def register_fonts() -> None:
    """Make Atkinson Hyperlegible the default font of every Label. Main thread, before building widgets."""
    from kivy.core.text import LabelBase

    LabelBase.register(DEFAULT_FONT_NAME, FONT_REGULAR, FONT_REGULAR, FONT_BOLD, FONT_BOLD)
    LabelBase.register("Atkinson", FONT_REGULAR, FONT_REGULAR, FONT_BOLD, FONT_BOLD)


def pictogram(name: str) -> str:
    """The PNG path of a pictogram (assets/pictograms/<name>.png), or "" when it is missing."""
    path = PICTOGRAMS / f"{name}.png"
    return str(path) if path.exists() else ""


class Theme(EventDispatcher):
    """Pixel sizes derived from millimetres. kv binds to these properties (``app.theme.primary_h``).

    ``px_per_mm`` = window width in pixels / physical screen width in mm (config.kiosk.screen_width_mm).
    ``text_scale`` multiplies every font size (A+ up to 2.0); target sizes do not shrink with it.
    """

    screen_width_mm = NumericProperty(344.0)
    px_per_mm = NumericProperty(1.0)
    text_scale = NumericProperty(1.0)
    screen_height_mm = NumericProperty(0.0)
    compact = BooleanProperty(False)  # a small screen (COMPACT_HEIGHT_MM): see kiosk.ui.widgets.top_bar
    bar_pad = NumericProperty(0)  # padding above and below the buttons of the top bar and lesson band
    _height_px = 0.0

    margin = NumericProperty(0)
    gap = NumericProperty(0)
    primary_h = NumericProperty(0)
    nav_h = NumericProperty(0)
    target_min = NumericProperty(0)
    key_h = NumericProperty(0)
    icon = NumericProperty(0)
    tile_icon = NumericProperty(0)
    border = NumericProperty(0)
    radius = NumericProperty(0)

    font_body = NumericProperty(0)
    font_button = NumericProperty(0)
    font_heading = NumericProperty(0)
    font_key = NumericProperty(0)
    font_huge = NumericProperty(0)
    font_nav = NumericProperty(0)  # fixed-width controls: top bar, lesson navigation
    font_bar = NumericProperty(0)  # the top bar's title

    def __init__(
        self,
        screen_width_mm: float,
        window_width_px: float,
        text_scale: float = 1.0,
        window_height_px: float = 0.0,
        **kw,
    ):
        super().__init__(**kw)
        self._followers: dict[str, weakref.WeakKeyDictionary[Any, list[Callable[..., Any]]]] = {}
        self.screen_width_mm = float(screen_width_mm)
        self.text_scale = text_scale
        self._height_px = float(window_height_px)
        self.update(window_width_px, window_height_px or None)

    def mm(self, value: float) -> float:
        """Millimetres to pixels on this screen."""
        return value * self.px_per_mm

    def to_mm(self, pixels: float) -> float:
        """Pixels to millimetres on this screen."""
        return pixels / self.px_per_mm

    def update(self, window_width_px: float, window_height_px: float | None = None) -> None:
        """Recompute every size for a window this wide (and tall; call on resize)."""
        if window_height_px:
            self._height_px = float(window_height_px)
        self.px_per_mm = window_width_px / self.screen_width_mm
        self.screen_height_mm = self._height_px / self.px_per_mm
        self.compact = 0 < self.screen_height_mm < COMPACT_HEIGHT_MM
        mm, t = self.mm, self.text_scale
        self.margin = mm(3)
        self.gap = mm(GAP_MM)
        self.primary_h = mm(PRIMARY_MIN_MM + 2)
        self.nav_h = mm(PRIMARY_MIN_MM)  # « Accueil », 🔊 and « A+ » are primary targets too
        self.bar_pad = mm(1 if self.compact else 2)
        self.target_min = mm(TARGET_MIN_MM)
        self.key_h = mm(11)
        self.icon = mm(13)
        self.tile_icon = mm(32)
        self.border = max(1.0, mm(0.6))
        self.radius = mm(2)
        self.font_body = mm(BODY_MM) * t
        self.font_button = mm(6.5) * min(t, BUTTON_SCALE_MAX)
        self.font_heading = mm(HEADING_MM) * t
        self.font_key = mm(7) * min(t, KEY_SCALE_MAX)
        self.font_huge = mm(20) * t
        self.font_nav = mm(6.5) * min(t, NAV_SCALE_MAX)
        self.font_bar = mm(7.5 if self.compact else HEADING_MM) * min(t, NAV_SCALE_MAX)

    def follow(self, callback: Callable[..., Any], *names: str) -> None:
        """Call the bound method ``callback(theme, value)`` when any of the properties ``names`` changes,
        without keeping its widget alive, at a constant cost however many widgets came and went.

        Kivy's ``bind`` checks a new observer against every earlier one, dead ones included until the
        property next changes, and the theme lives as long as the kiosk: the buttons and texts of every
        lesson step played since « A+ » was last pressed made each new button slower to make (after 13
        lessons, 5,600 observers of ``font_body`` and the 13th lesson twice as slow to play as alone).
        Here each widget sits in a weak dictionary it leaves when it is collected."""
        owner, function = callback.__self__, callback.__func__  # type: ignore[attr-defined]
        for name in names:
            followers = self._followers.get(name)
            if followers is None:
                followers = self._followers[name] = weakref.WeakKeyDictionary()
                self.fbind(name, self._tell, name)
            followers.setdefault(owner, []).append(function)

    def unfollow(self, callback: Callable[..., Any], *names: str) -> None:
        """Stop ``follow``'s calls of ``callback`` for ``names``."""
        owner, function = callback.__self__, callback.__func__  # type: ignore[attr-defined]
        for name in names:
            functions = self._followers.get(name, {}).get(owner)
            if functions and function in functions:
                functions.remove(function)

    def followers(self, name: str) -> int:
        """How many live widgets follow ``name`` (tests: it must not grow with the widgets made)."""
        return len(self._followers.get(name, ()))

    def _tell(self, name: str, _theme: Any, value: Any) -> None:
        for owner, functions in list(self._followers[name].items()):
            for function in tuple(functions):
                function(owner, self, value)

    def font(self, role: str) -> float:
        """The font size of a text role: body, button, heading, key, huge, nav or bar."""
        sizes = {
            "body": self.font_body,
            "button": self.font_button,
            "heading": self.font_heading,
            "key": self.font_key,
            "huge": self.font_huge,
            "nav": self.font_nav,
            "bar": self.font_bar,
        }
        return float(sizes[role])

    def on_text_scale(self, *_args) -> None:
        if self.px_per_mm:
            self.update(self.px_per_mm * self.screen_width_mm)
