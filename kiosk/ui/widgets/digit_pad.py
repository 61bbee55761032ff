"""A digits-only keypad (phone numbers, staff PIN): 1–9, 0 and « Effacer », keys of at least 14 mm.

Emits ``on_digit(digit)`` and ``on_erase()``; the screen owns what is typed. Main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.uix.boxlayout import BoxLayout

from kiosk.i18n import _
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.keyboard import KeyButton

ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("0", "erase"))
WEIGHTS = {"erase": 2.0}


class DigitPad(BoxLayout):
    """Four rows: 1 2 3 / 4 5 6 / 7 8 9 / 0 « Effacer » (twice as wide). ``prefix`` names the buttons'
    actions (``pad:7``, ``pad:erase``)."""

    __events__ = ("on_digit", "on_erase")

    def __init__(self, prefix: str = "pad", **kwargs):
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        self.prefix = prefix
        self.keys: dict[str, BigButton] = {}
        theme = App.get_running_app().theme
        self.spacing = theme.gap
        for keys in ROWS:
            row = BoxLayout(spacing=theme.gap)
            for key in keys:
                button = KeyButton(
                    text=_("Effacer") if key == "erase" else key,
                    style="key",
                    font_role="button" if key == "erase" else "key",
                    size_hint_x=WEIGHTS.get(key, 1.0),
                    action=f"{prefix}:{key}",
                    debounce_group=f"{prefix}:{key}",
                    debounce_s=0.25,
                )
                button.padding = [theme.mm(1), theme.mm(0.5)]  # as the AZERTY keys: the label fits the key
                button.label.line_height = 1.0
                button.bind(on_activate=lambda _b, k=key: self._press(k))
                self.keys[key] = button
                row.add_widget(button)
            self.add_widget(row)

    def _press(self, key: str) -> None:
        if key == "erase":
            self.dispatch("on_erase")
        else:
            self.dispatch("on_digit", key)

    def on_digit(self, digit: str) -> None:
        """Default handler."""

    def on_erase(self) -> None:
        """Default handler."""
