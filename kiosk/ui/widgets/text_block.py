"""TextBlock: a paragraph that wraps to its width and grows to its text (never cut), line height 1.5.

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.properties import OptionProperty

from kiosk.ui import palette as P
from kiosk.ui.theme import LINE_HEIGHT
from kiosk.ui.typography import french_spacing
from kiosk.ui.widgets.fitted_label import FittedLabel


class TextBlock(FittedLabel):
    """Body text by default; ``role="heading"`` for headings, ``"huge"`` for ticket numbers."""

    role = OptionProperty("body", options=["body", "button", "heading", "huge"])
    text: str  # Label's StringProperty

    def __init__(self, **kwargs):
        kwargs.setdefault("color", P.TEXT)
        kwargs.setdefault("line_height", LINE_HEIGHT)
        kwargs.setdefault("size_hint_y", None)
        super().__init__(**kwargs)
        self._theme = App.get_running_app().theme
        self._theme.follow(self._sync, "font_body", "font_heading", "font_huge", "font_button")
        self.bind(role=self._sync, width=self._wrap_and_fit, texture_size=self._grow, text=self._typeset)
        self._sync()
        self._typeset()

    def _typeset(self, *_args) -> None:
        if self.role == "huge":
            self._sync()
        fixed = french_spacing(self.text)
        if fixed != self.text:
            self.text = fixed

    def _sync(self, *_args) -> None:
        self.font_size = self._theme.font(self.role)
        if self.role == "huge" and self.width > 1 and self.text:
            # A ticket number never wraps: shrink it to the width (Atkinson Bold glyphs are ~0.6 em wide).
            self.font_size = min(self.font_size, self.width / (0.68 * len(self.text)))
        if self.role in ("heading", "huge"):
            self.bold = True
            self.line_height = 1.15

    def _wrap_and_fit(self, *_args) -> None:
        if self.role == "huge":
            self._sync()
        self._wrap()

    def _wrap(self, *_args) -> None:
        # A ticket number is never broken across lines.
        self.text_size = (None, None) if self.role == "huge" else (self.width, None)

    def _grow(self, *_args) -> None:
        self.height = self.texture_size[1]
