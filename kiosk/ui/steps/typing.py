"""Typing: a full-screen panel with the AZERTY keyboard (kiosk.ui.widgets.keyboard_page) over the lesson, and
the type_text step (tolerant of case, accents and spaces as the lesson allows; targeted messages such as
« Il manque le @ »). Nothing typed leaves the step; it is forgotten with the lesson. Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.graphics import Color, Line
from kivy.utils import escape_markup

from kiosk.domain.step_logic import check_typed
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView
from kiosk.ui.steps.key_guide import KeyHighlight, key_to_press
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.keyboard_page import KeyboardPage

MAX_TYPED = 80


class TypingPanel(KeyboardPage):
    """The keyboard over the lesson (kiosk.ui.widgets.keyboard_page: the instruction first on its own page
    when it does not fit above the keys). ``on_done(text)`` on OK; « Retour » from the instruction keeps
    the text as it was before the panel opened (``on_done(None)``).

    ``guide(typed)`` (« guidé » mode) returns what to press next, as kiosk.domain.step_logic.next_key:
    that key (or « OK », « Effacer ») is highlighted and the rest of the answer shows after the cursor.
    ``highlighted`` names the key lit (tests read it).
    """

    def __init__(
        self,
        prompt: str,
        value: str,
        on_done: Callable[[str | None], None],
        guide: Callable[[str], tuple[str, str] | None] | None = None,
        case_matters: bool = False,
        **kwargs,
    ):
        super().__init__(instruction=prompt, **kwargs)
        self.value = value
        self.on_done = on_done
        self.guide = guide
        self.case_matters = case_matters
        self.highlighted = ""
        self._light = KeyHighlight(App.get_running_app().theme)
        self.prompt_text = prompt
        self.bind(on_leave=lambda *_a: self.on_done(None), on_ok=lambda *_a: self.on_done(self.value))
        self.bind(on_speak=lambda *_a: self.read_aloud())
        self.keyboard.bind(on_key_text=lambda _k, t: self._type(t), on_erase=lambda *_a: self._erase())
        self.keyboard.bind(shift=self._show, digits=self._show)  # after the keyboard relabels its keys
        self._show()

    def speech_text(self) -> str:
        """What 🔊 says on the panel: the instruction, then how to go on."""
        then = _("Touchez OK quand vous avez fini.") if self.stage == "keys" else _("Touchez Écrire.")
        return " ".join((*self.prompt_text.split(), then))

    def read_aloud(self) -> None:
        from kiosk.ui.speaker import speaker_of

        speaker_of(App.get_running_app()).say(self.speech_text())

    def _type(self, text: str) -> None:
        if len(self.value) < MAX_TYPED:
            self.value += text
        self._show()

    def _erase(self) -> None:
        self.value = self.value[:-1]
        self._show()

    def _show(self, *_args) -> None:
        typed = f"[b]{escape_markup(self.value)}[/b]" if self.value else ""
        step = self.guide(self.value) if self.guide is not None else None
        if step is None:
            self.highlighted = ""
            self._light.move_to(None)
            self.field.shown, self.field.blank = typed + "|", not self.value
            return
        action, rest = step
        if action in ("ok", "erase"):
            self.highlighted = action
        else:
            kb = self.keyboard
            self.highlighted = key_to_press(action, kb.keys, kb.shift, self.case_matters)
        button = self.ok if self.highlighted == "ok" else self.keyboard.keys.get(self.highlighted)
        self._light.move_to(button)
        ghost = f"[color={P.HEX['primary']}]{escape_markup(rest)}[/color]" if rest else ""
        self.field.shown, self.field.blank = typed + "|" + ghost, False

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True  # nothing under the panel receives the touch

    def on_parent(self, _panel, parent) -> None:
        if parent is None:  # closed: the theme forgets this panel (the kiosk runs for years)
            self.forget_theme()


class TextField(BigButton):
    """A tappable « champ » showing what was typed (or a grey invitation): opens the typing panel."""

    def __init__(self, value: str, placeholder: str, **kwargs):
        kwargs.setdefault("style", "nav")
        kwargs.setdefault("halign", "left")
        kwargs.setdefault("bold", bool(value))
        kwargs.setdefault("grow", True)  # « A+ »: the field grows with its words, never cuts them
        kwargs.setdefault("min_height", kwargs.get("height", 0))
        super().__init__(text=value or placeholder, **kwargs)
        theme = self.mm_theme
        if not value:
            self.fg_color = P.TEXT_MUTED
            self._label.color = P.TEXT_MUTED
        with self.canvas.after:
            Color(*P.TEXT)
            self._frame = Line(width=max(1.0, theme.border * 1.5))
        self.bind(pos=self._frame_it, size=self._frame_it)

    def _frame_it(self, *_args) -> None:
        self._frame.rectangle = (self.x, self.y, self.width, self.height)


class TypeTextView(StepView):
    """The prompt, the field (tap to type), « Vérifier » and « Je ne sais pas »."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.typed = ""
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        self.add_widget(self.text(self.step.prompt, role="button", bold=True))
        field = TextField(
            self.typed,
            _("Touchez ici pour écrire"),
            action="type:field",
            size_hint_y=None,
            height=self.theme.primary_h,
            primary=True,
        )
        field.bind(on_activate=lambda *_a: self.open_keyboard())
        self.add_widget(field)
        if self.revealed:
            card = Card(background=P.TILE)
            card.add_widget(self.text(_("Il fallait écrire :"), role="button", bold=True))
            card.add_widget(self.text(self.step.answers[0]))
            self.add_widget(card)
        if not self.solved:
            self.add_widget(self.button(_("Vérifier"), "type:check", self.check, style="primary"))
            self.add_widget(self.dont_know_button())

    def open_keyboard(self) -> None:
        if self.solved:
            return
        self.host.open_typing(self.step.prompt, self.typed, self.typed_done)

    def typed_done(self, value: str | None) -> None:
        if value is None:
            return
        self.typed = value
        self.check()

    def check(self) -> None:
        verdict = check_typed(self.step, self.typed)
        if verdict.ok:
            self.right(verdict.message)
        elif not self.typed.strip():
            self.verdict = verdict
            self.render(scroll_to_feedback=True)
        else:
            self.wrong(verdict.message)
