"""The 🔊 « Écouter » button (a speaker pictogram drawn with Kivy graphics: the font has no emoji) and the
« A+ » text-size button. Thread-safety: widgets; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Line, Mesh, Rectangle
from kivy.properties import ListProperty

from kiosk.ui import palette as P
from kiosk.ui.theme import next_text_scale
from kiosk.ui.widgets.big_button import BigButton


class SpeakerButton(BigButton):
    """A square button showing a loudspeaker with two sound waves; dispatches ``on_activate``."""

    ink = ListProperty(P.PRIMARY)

    def __init__(self, **kwargs):
        kwargs.setdefault("style", "nav")
        kwargs.setdefault("action", "speak")
        super().__init__(**kwargs)
        self.speak_skip = True
        with self.canvas.after:
            self._ink = Color(*self.ink)
            self._box = Rectangle()
            self._cone = Mesh(mode="triangle_fan")
            self._wave1 = Line(width=1)
            self._wave2 = Line(width=1)
        self.bind(pos=self._draw, size=self._draw, state=self._draw)

    def _draw(self, *_args) -> None:
        side = min(self.width, self.height) * 0.62
        cx, cy = self.center_x - side * 0.12, self.center_y
        unit = side / 10
        self._ink.rgba = self.ink
        # The magnet box, then the cone opening to the right.
        self._box.pos = (cx - 4.2 * unit, cy - 1.6 * unit)
        self._box.size = (2.2 * unit, 3.2 * unit)
        x0, x1 = cx - 2.2 * unit, cx + 0.8 * unit
        points = [(x0, cy - 1.6 * unit), (x1, cy - 4 * unit), (x1, cy + 4 * unit), (x0, cy + 1.6 * unit)]
        self._cone.vertices = [c for (x, y) in points for c in (x, y, 0, 0)]
        self._cone.indices = list(range(len(points)))
        width = max(1.5, unit * 0.55)
        self._wave1.width = self._wave2.width = width
        self._wave1.circle = (x1, cy, 2.4 * unit, 50, 130)
        self._wave2.circle = (x1, cy, 4.2 * unit, 45, 135)


class TextSizeButton(BigButton):
    """« A+ »: each tap enlarges all text one step (125 %, 150 %, 175 %, 200 %), then back to 100 %."""

    def __init__(self, **kwargs):
        kwargs.setdefault("style", "nav")
        kwargs.setdefault("action", "text:bigger")
        kwargs.setdefault("font_role", "button")
        super().__init__(**kwargs)
        self.speak_skip = True
        self._app_theme = App.get_running_app().theme
        self._app_theme.follow(self._label_for_scale, "text_scale")
        self.bind(on_activate=self._bigger)
        self._label_for_scale()

    def _sync_font(self, *_args) -> None:
        if self._theme is not None:
            self.font_size = self._theme.font_nav

    def _label_for_scale(self, *_args) -> None:
        scale = self._app_theme.text_scale
        self.text = "A+" if scale < 2.0 - 1e-6 else "A−"

    def _bigger(self, *_args) -> None:
        self._app_theme.text_scale = next_text_scale(self._app_theme.text_scale)
