"""Our own on-screen AZERTY keyboard with every French letter (no system keyboard, no text stored here).

The keyboard only emits events: ``on_key_text(text)`` and ``on_erase()``; the screen owns the typed text.
Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.i18n import _
from kiosk.ui.widgets.big_button import BigButton

LETTER_ROWS: tuple[tuple[str, ...], ...] = (
    tuple("azertyuiop"),
    tuple("qsdfghjklm"),
    ("shift", *"wxcvbn'-"),
    tuple("éèêëàâçîïô"),
    ("û", "ù", "œ", "digits", "space", "erase"),
)
# In "123" mode the first two rows become digits and the signs of an e-mail address.
DIGIT_ROWS: tuple[tuple[str, ...], ...] = (
    tuple("1234567890"),
    ("@", ".", "_", ",", ":", "/", "+", "#", "(", ")"),
)
WEIGHTS = {"shift": 1.6, "digits": 1.6, "space": 3.0, "erase": 2.6}
SPECIAL = frozenset(WEIGHTS)  # keys that type nothing
KEY_DEBOUNCE_S = 0.3  # the same key twice within this is one tap; different keys are never slowed


def key_label(key: str, *, shift: bool, digits: bool) -> str:
    """What a key shows (and types, for characters)."""
    if key == "shift":
        return _("Maj")
    if key == "digits":
        return _("abc") if digits else "123"
    if key == "space":
        return _("Espace")
    if key == "erase":
        return _("Effacer")
    return key.upper() if shift else key


class KeyButton(BigButton):
    """A keyboard key whose label never outgrows the key: at « A+ » its font follows the theme's
    ``font_<role>`` but shrinks until the label's line box fits the key's height (7-inch screens)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(size=self._sync_font, padding=self._sync_font, text=self._sync_font, bold=self._sync_font)

    def _room(self) -> tuple[float, float]:
        pad = list(self.padding)
        if len(pad) == 2:
            pad = [pad[0], pad[1], pad[0], pad[1]]
        elif len(pad) == 1:
            pad = pad * 4
        return self.width - pad[0] - pad[2], self.height - pad[1] - pad[3]

    def _sync_font(self, *_args) -> None:
        """The role's font, made smaller when the label on one line is wider or taller than the key
        (measured now at that font, not read from a texture drawn at another size or wrapped narrower)."""
        if self._theme is None:
            return
        full = getattr(self._theme, f"font_{self.font_role}")
        (room_w, room_h), label = self._room(), getattr(self, "_label", None)
        if label is None or room_w <= 1 or room_h <= 1 or not self.text:
            self.font_size = full
            return
        width, height = CoreLabel(font_size=full, bold=self.bold).get_extents(self.text)
        height *= label.line_height
        shrink = min(1.0, room_w / max(1, width), room_h / max(1, height))
        self.font_size = full if shrink >= 1.0 else max(1.0, full * shrink * 0.98)


class AzertyKeyboard(BoxLayout):
    """Rows of BigButton keys, every key at least 10 mm with gaps (the theme's sizes)."""

    shift = BooleanProperty(False)
    digits = BooleanProperty(False)

    __events__ = ("on_key_text", "on_erase")

    def __init__(self, **kwargs):
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        self._theme = App.get_running_app().theme
        self.spacing = self._theme.gap
        self._rows: list[BoxLayout] = []
        self.keys: dict[str, BigButton] = {}
        for _row in LETTER_ROWS:
            row = BoxLayout(orientation="horizontal", spacing=self._theme.gap)
            self._rows.append(row)
            self.add_widget(row)
        self._fill()
        self.bind(shift=self._relabel, digits=self._on_digits)

    def _layout(self) -> tuple[tuple[str, ...], ...]:
        return (*DIGIT_ROWS, *LETTER_ROWS[2:]) if self.digits else LETTER_ROWS

    def _fill(self) -> None:
        self.keys = {}
        for row, keys in zip(self._rows, self._layout(), strict=True):
            row.clear_widgets()
            for key in keys:
                button = KeyButton(
                    style="key",
                    font_role="key" if key not in SPECIAL else "button",
                    size_hint_x=WEIGHTS.get(key, 1.0),
                    debounce_group=f"key:{key}",
                    debounce_s=KEY_DEBOUNCE_S,
                    action=f"key:{key}",
                )
                button.padding = [self._theme.mm(1), self._theme.mm(0.5)]
                button.label.line_height = 1.0
                button.bind(on_activate=lambda _b, k=key: self._press(k))
                row.add_widget(button)
                self.keys[key] = button
        self._relabel()

    def _relabel(self, *_args) -> None:
        for key, button in self.keys.items():
            button.text = key_label(key, shift=self.shift, digits=self.digits)
            button.bold = key not in SPECIAL
            if key == "shift":
                button.style = "key_on" if self.shift else "key"

    def _on_digits(self, *_args) -> None:
        self._fill()

    def _press(self, key: str) -> None:
        if key == "shift":
            self.shift = not self.shift
        elif key == "digits":
            self.digits = not self.digits
        elif key == "erase":
            self.dispatch("on_erase")
        elif key == "space":
            self.dispatch("on_key_text", " ")
        else:
            self.dispatch("on_key_text", key_label(key, shift=self.shift, digits=self.digits))
            self.shift = False

    def on_key_text(self, text: str) -> None:
        """Default handler."""

    def on_erase(self) -> None:
        """Default handler."""
