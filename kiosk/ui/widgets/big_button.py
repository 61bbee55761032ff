"""BigButton: one tap, activated on release, visible pressed state, debounced; optional pictogram.

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kivy.graphics import Color, Line, RoundedRectangle
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label

from kiosk.ui import palette as P
from kiosk.ui.running import app_monotonic, running_kiosk
from kiosk.ui.typography import french_spacing
from kiosk.ui.widgets.fitted_label import FittedLabel
from kiosk.ui.widgets.icon_texture import icon_texture

if TYPE_CHECKING:
    from kiosk.ui.theme import Theme

# style -> (background, background pressed, text, text pressed, border)
STYLES = {
    "primary": (P.PRIMARY, P.PRIMARY_PRESSED, P.ON_PRIMARY, P.ON_PRIMARY, P.PRIMARY),
    "tile": (P.TILE, P.TILE_PRESSED, P.TEXT, P.TEXT, P.TILE_BORDER),
    "nav": (P.BACKGROUND, P.TILE_PRESSED, P.PRIMARY, P.TEXT, P.BACKGROUND),  # pressed: 7:1 too
    "key": (P.TILE, P.PRIMARY, P.TEXT, P.ON_PRIMARY, P.TILE_BORDER),
    "key_on": (P.PRIMARY, P.PRIMARY_PRESSED, P.ON_PRIMARY, P.ON_PRIMARY, P.PRIMARY),
    "success": (P.SUCCESS, P.PRIMARY_PRESSED, P.ON_PRIMARY, P.ON_PRIMARY, P.SUCCESS),
    "danger": (P.ERROR_TEXT, P.TEXT, P.ON_PRIMARY, P.ON_PRIMARY, P.ERROR_TEXT),  # « Raccrocher »
}

# Last activation time per debounce group: a second tap within ``debounce_s`` is ignored, even when it
# lands on another button of the same group (the screen may have changed under the finger).
_last_activation: dict[str, float] = {}


def reset_debounce() -> None:
    """Forget past activations (tests)."""
    _last_activation.clear()


class BigButton(ButtonBehavior, BoxLayout):
    """A large touch target. Bind ``on_activate`` (not on_press/on_release).

    ``primary`` marks buttons that must be at least 16 mm tall (checked by the layout test).
    """

    text = StringProperty("")
    icon = StringProperty("")
    style = OptionProperty("tile", options=list(STYLES))
    primary = BooleanProperty(False)
    font_role = OptionProperty("button", options=["button", "key", "body", "heading"])
    font_size = NumericProperty(20)
    bold = BooleanProperty(True)
    halign = OptionProperty("center", options=["left", "center", "right"])
    icon_size = NumericProperty(0)
    debounce_s = NumericProperty(0.4)
    debounce_group = StringProperty("action")
    action = StringProperty("")  # a stable name for tests and logs
    grow = BooleanProperty(False)  # grow taller than ``height`` when the text needs it (never cut)
    min_height = NumericProperty(0)
    bg_color = ListProperty(P.TILE)
    fg_color = ListProperty(P.TEXT)
    border_color = ListProperty(P.TILE_BORDER)

    __events__ = ("on_activate",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._stroke_inset = 0.0
        kiosk = running_kiosk()
        self._theme: Theme | None = kiosk.theme if kiosk is not None else None  # None: default sizes
        if self._theme is not None:
            self._theme.follow(self._sync_font, "font_button", "font_key", "font_body", "font_heading")
            self.bind(font_role=self._sync_font)
            self._sync_font()
            if not self.padding or self.padding == [0, 0, 0, 0]:  # type: ignore[has-type]
                self.padding = [self._theme.mm(2)] * 4
            self.spacing = self._theme.mm(2)
        with self.canvas.before:
            self._bg_instr = Color(*self.bg_color)
            self._rect = RoundedRectangle(radius=[self._radius()])
            self._border_instr = Color(*self.border_color)
            self._line = Line(width=self._border_w())
        self._image = Image(fit_mode="contain", size_hint=(None, None))
        self._label = FittedLabel(
            markup=False, halign=self.halign, valign="middle", line_height=1.15, bold=self.bold
        )
        self._label.bind(size=self._wrap)
        self.add_widget(self._label)
        self.bind(
            pos=self._redraw,
            size=self._redraw,
            state=self._restyle,
            style=self._restyle,
            text=self._set_text,
            font_size=self._label.setter("font_size"),
            bold=self._label.setter("bold"),
            halign=self._label.setter("halign"),
            icon=self._set_icon,
            icon_size=self._set_icon,
        )
        self._label.bind(texture_size=self._grow)
        self.bind(min_height=self._grow)
        self._set_text()
        self._label.font_size = self.font_size
        self._set_icon()
        self._restyle()

    # -- look -------------------------------------------------------------------------------------
    def _radius(self) -> float:
        return self._theme.radius if self._theme else 6

    def _border_w(self) -> float:
        return self._theme.border if self._theme else 1.5

    def _sync_font(self, *_args) -> None:
        if self._theme is not None:
            self.font_size = self._theme.font(self.font_role)

    def _set_text(self, *_args) -> None:
        self._label.text = french_spacing(self.text)

    def needed_height(self) -> float:
        """The height that shows the whole text (never less than ``min_height``)."""
        pad = self.padding[1] + self.padding[3]
        return max(
            self.min_height, self._label.texture_size[1] + pad + (self._theme.mm(2) if self._theme else 4)
        )

    def _grow(self, *_args) -> None:
        if self.grow:
            self.height = self.needed_height()

    def _wrap(self, label: Label, size) -> None:
        label.text_size = (max(1, size[0]), None)

    def _set_icon(self, *_args) -> None:
        if self._image.parent is not None:
            self.remove_widget(self._image)
        if not self.icon:
            return
        side = self.icon_size or (self._theme.icon if self._theme else 48)
        texture = icon_texture(self.icon, side)  # the size shown, shared (icon_texture's doc)
        if texture is None:
            return  # unreadable (logged): the words alone, with all the room
        self._image.texture = texture
        self._image.size = (side, side)
        self._image.pos_hint = {"center_x": 0.5, "center_y": 0.5}
        self.add_widget(self._image, index=len(self.children))

    def _restyle(self, *_args) -> None:
        bg, bg_down, fg, fg_down, border = STYLES[self.style]
        down = self.state == "down"
        self.bg_color = bg_down if down else bg
        self.fg_color = fg_down if down else fg
        self.border_color = border
        self._bg_instr.rgba = self.bg_color
        self._border_instr.rgba = self.border_color
        self._label.color = self.fg_color

    def _redraw(self, *_args) -> None:
        r = self._radius()
        self._rect.pos, self._rect.size, self._rect.radius = self.pos, self.size, [r]
        w = self._line.width = self._stroke_inset = self._border_w()
        # Kivy strokes ``w`` on each side of the path: inset it so the border stays inside the box and
        # the visible gap between two buttons is the gap the layout leaves (4 mm).
        self._line.rounded_rectangle = (
            self.x + w,
            self.y + w,
            max(1, self.width - 2 * w),
            max(1, self.height - 2 * w),
            max(0, r - w),
        )

    def stroke_outset(self) -> float:
        """How far the drawn border reaches outside the widget's box, in pixels (0: it is inside)."""
        return max(0.0, self._line.width - self._stroke_inset)

    @property
    def mm_theme(self) -> Theme:
        """The kiosk's theme, for buttons that draw in millimetres (only the kiosk app makes those)."""
        assert self._theme is not None
        return self._theme

    @property
    def label(self) -> Label:
        """The inner Label (tests check its text fits)."""
        return self._label

    # -- behaviour --------------------------------------------------------------------------------
    def on_touch_down(self, touch):
        if touch.is_mouse_scrolling:
            return False
        return super().on_touch_down(touch)

    def on_release(self) -> None:
        now = app_monotonic()
        last = _last_activation.get(self.debounce_group, float("-inf"))
        if now - last < self.debounce_s:
            return
        _last_activation[self.debounce_group] = now
        self.dispatch("on_activate")

    def on_activate(self) -> None:
        """Default handler (kv or Python binds the real one)."""
