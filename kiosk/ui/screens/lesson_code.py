"""« J'ai un code »: a keypad with only the resume code's 32 signs (no 0/O/1/I to confuse), then the lesson
opens at the step the code names. Nothing is stored: the code itself says where to go. Main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.domain.progress import ALPHABET, CODE_LENGTH, CodeError, find_resume
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.keyboard import KeyButton
from kiosk.ui.widgets.read_aloud import SpeakerButton, TextSizeButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import NavButton  # noqa: F401  (registers the kv class)


def shown_code(typed: str) -> str:
    """« K7M-4 » with placeholders: « K7M-4__ »."""
    padded = typed + "_" * (CODE_LENGTH - len(typed))
    return padded[:3] + "-" + padded[3:]


class LessonCodeScreen(KioskScreen):
    """Typed code → lesson and step; a wrong code says so in red and loses nothing typed."""

    typed = StringProperty("")
    error = BooleanProperty(False)
    shown = StringProperty(shown_code(""))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lessons: list[Any] = []
        self.message = ""
        self.bind(typed=self._show)
        theme = self.app.theme
        self._error_box = BoxLayout(orientation="vertical", spacing=theme.gap)
        self._error_text = TextBlock(text="", role="button", bold=True, color=P.ERROR_TEXT)
        again = BigButton(
            text=_("Réessayer"),
            style="primary",
            primary=True,
            size_hint_y=None,
            height=theme.primary_h,
            action="code:retry",
        )
        again.bind(on_activate=lambda *_a: self.retry())
        # 🔊 and « A+ » stay within reach while the keypad gives way to the message.
        actions = BoxLayout(size_hint_y=None, height=theme.primary_h, spacing=theme.gap)
        actions.add_widget(again)
        speak_again = SpeakerButton(style="tile", size_hint_x=None, width=theme.primary_h)
        speak_again.bind(on_activate=lambda *_a: self.read_aloud())
        actions.add_widget(speak_again)
        actions.add_widget(TextSizeButton(style="tile", size_hint_x=None, width=theme.primary_h))
        self._error_box.add_widget(self._error_text)
        self._error_box.add_widget(actions)
        self._error_box.add_widget(BoxLayout())  # the rest stays empty
        columns = self.ids.signs.cols
        in_grid = len(ALPHABET) - len(ALPHABET) % columns
        for n, char in enumerate(ALPHABET):
            key = KeyButton(
                text=char, style="key", font_role="key", action=f"code:{char}", debounce_group=f"code:{char}"
            )
            key.debounce_s = 0.3
            key.bind(on_activate=lambda *_a, c=char: self.press(c))
            (self.ids.signs if n < in_grid else self.ids.last_row).add_widget(key)
        erase = KeyButton(text=_("Effacer"), style="tile", font_role="button", action="code:erase")
        erase.bind(on_activate=lambda *_a: self.erase())
        self.ids.last_row.add_widget(erase)
        keys_left = len(ALPHABET) - in_grid

        def align(_row: Any, width: float) -> None:
            """« Effacer » as wide as the cells it takes, so the last row's keys stand under the grid's."""
            cell = (width - (columns - 1) * theme.gap) / columns
            erase.size_hint_x = max(1.0, (width - keys_left * (cell + theme.gap)) / max(1.0, cell))

        self.ids.last_row.bind(width=align)

    def prepare(self, lessons: Any = None, **_params) -> None:
        if lessons is not None:
            self.lessons = list(lessons)
        self.retry()
        self.typed = ""
        self._show()

    def _show(self, *_args) -> None:
        self.shown = shown_code(self.typed)

    def press(self, char: str) -> None:
        if len(self.typed) < CODE_LENGTH:
            self.typed += char
        self._show()

    def erase(self) -> None:
        self.retry()
        self.typed = self.typed[:-1]
        self._show()

    def validate(self) -> None:
        try:
            lesson, step = find_resume(self.typed, self.lessons)
        except CodeError as exc:
            self._explain(str(exc))
            return
        self.app.go("lesson", item=lesson, start=step)

    def _explain(self, message: str) -> None:
        """The keypad gives way to the message and « Réessayer » (the code typed stays in the field)."""
        self.error = True
        self.message = message
        box = self.ids.keypad.parent
        if self._error_box.parent is None:
            box.remove_widget(self.ids.keypad)
            box.add_widget(self._error_box)
        self._error_text.text = message

    def retry(self) -> None:
        if self._error_box.parent is not None:
            box = self._error_box.parent
            box.remove_widget(self._error_box)
            box.add_widget(self.ids.keypad)
        self.error = False

    def speech_text(self) -> str:
        """What 🔊 says: how to type the code, or what was wrong with it."""
        if self.error:
            return " ".join((self.message, _("Touchez « Réessayer ».")))
        return _("Tapez le code de votre fiche, puis touchez « Valider ».")

    def read_aloud(self) -> None:
        from kiosk.ui.speaker import speaker_of

        speaker_of(self.app).say(self.speech_text())

    def wipe(self) -> None:
        self.retry()
        self.typed = ""
        self._show()
