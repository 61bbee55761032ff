"""Typing: a full-screen panel with the AZERTY keyboard (kiosk.ui.widgets.keyboard) over the lesson, and
the type_text step (tolerant of case, accents and spaces as the lesson allows; targeted messages such as
« Il manque le @ »). Nothing typed leaves the step; it is forgotten with the lesson. Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.graphics import Color, Line, Rectangle
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.utils import escape_markup

from kiosk.domain.step_logic import check_typed
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView
from kiosk.ui.steps.key_guide import KeyHighlight, key_to_press
from kiosk.ui.theme import GAP_MM, TARGET_MIN_MM
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.entry_row import FitLabel
from kiosk.ui.widgets.keyboard import AzertyKeyboard
from kiosk.ui.widgets.read_aloud import SpeakerButton
from kiosk.ui.widgets.top_bar import NavButton

MAX_TYPED = 80
PROMPT_MIN_MM = 3.2  # the instruction above the keys never gets smaller than this (🔊 reads it)


class TypingPanel(BoxLayout):
    """[Retour] [the text typed so far] [OK] over the keyboard. ``on_done(text)`` on OK; Retour keeps the
    text as it was before the panel opened.

    ``guide(typed)`` (« guidé » mode) returns what to press next, as kiosk.domain.step_logic.next_key:
    that key (or « OK », « Effacer ») is highlighted and the rest of the answer shows after the cursor.
    ``highlighted`` names the key lit (tests read it). Without a guide an empty field shows the prompt.
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
        super().__init__(orientation="vertical", **kwargs)
        theme = App.get_running_app().theme
        self.padding = [theme.mm(2)] * 4
        self.spacing = theme.gap
        self.value = value
        self.on_done = on_done
        self.guide = guide
        self.case_matters = case_matters
        self.highlighted = ""
        self._rest = ""
        self._light = KeyHighlight(theme)
        with self.canvas.before:
            Color(*P.BACKGROUND)
            self._bg = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
        # A 7" screen keeps its height for the keys: the instruction then sits above the typed text,
        # in the top row, its font fitted to the room left (🔊 reads it whole).
        self.compact = App.get_running_app().root.height <= theme.mm(110)
        self.prompt_text = prompt
        self.prompt = FitLabel(
            text=prompt,
            color=P.TEXT,
            bold=self.compact,
            font_size=theme.font_body,
            max_font=theme.font_body,
            min_font=theme.mm(PROMPT_MIN_MM),
        )
        self._grow_prompt = self.prompt.setter("max_font")
        theme.bind(font_body=self._grow_prompt)  # the A+ key: the instruction grows too
        if not self.compact:
            self.prompt.bind(width=lambda w, v: setattr(w, "text_size", (v, None)))
            self.prompt.bind(texture_size=lambda w, v: setattr(w, "height", v[1]))
            self.add_widget(self.prompt)
        else:
            self.padding = [theme.mm(1)] * 4
        row = BoxLayout(size_hint_y=None, height=theme.mm(16), spacing=theme.gap)
        self.row = row
        # Fixed-width controls: their words do not grow with « A+ » (never cut), like the top bar's.
        back = NavButton(
            text=_("Retour"), style="tile", action="typing:cancel", size_hint_x=None, width=theme.mm(30)
        )
        back.bind(on_activate=lambda *_a: self.on_done(None))
        self.field = Label(
            markup=True,
            color=P.TEXT,
            font_size=theme.font_key,
            halign="left",
            valign="middle",
            shorten=True,
            shorten_from="left",
        )
        self.field.bind(size=lambda w, v: setattr(w, "text_size", (v[0] - theme.mm(4), None)))
        with self.field.canvas.before:
            Color(*P.TEXT)
            self._frame = Line(width=theme.border)
        self.field.bind(pos=self._frame_field, size=self._frame_field)
        ok = NavButton(
            text=_("OK"),
            style="primary",
            primary=True,
            action="typing:ok",
            size_hint_x=None,
            width=theme.mm(30),
        )
        ok.bind(on_activate=lambda *_a: self.on_done(self.value))
        self.ok = ok
        speak = SpeakerButton(style="tile", action="typing:speak", size_hint_x=None, width=theme.mm(16))
        speak.bind(on_activate=lambda *_a: self.read_aloud())
        row.add_widget(back)
        if self.compact:
            middle = BoxLayout(orientation="vertical", spacing=theme.mm(1))
            middle.add_widget(self.prompt)
            middle.add_widget(self.field)
            # The typed text keeps at least 9 mm under the instruction.
            middle.bind(height=lambda m, h: setattr(self.prompt, "room", h - m.spacing - theme.mm(9)))
            row.add_widget(middle)
            self.bind(height=self._fit_row)
        else:
            row.add_widget(self.field)
        row.add_widget(speak)
        row.add_widget(ok)
        self.add_widget(row)
        holder = AnchorLayout(anchor_x="center", anchor_y="top")
        self.keyboard = AzertyKeyboard(bigger_key=True, size_hint=(None, None))
        holder.bind(size=lambda h, s: self._fit_keyboard(h))
        self.keyboard.bind(on_key_text=lambda _k, t: self._type(t), on_erase=lambda *_a: self._erase())
        self.keyboard.bind(shift=self._show, digits=self._show)  # after the keyboard relabels its keys
        holder.add_widget(self.keyboard)
        self.add_widget(holder)
        self._show()

    def _fit_keyboard(self, holder) -> None:
        theme = App.get_running_app().theme
        self.keyboard.width = min(holder.width, theme.mm(300))
        self.keyboard.height = min(holder.height, theme.mm(5 * 18 + 4 * 4))

    def _fit_row(self, *_args) -> None:
        """Compact: the top row takes every millimetre the keys (≥ 10 mm, five rows) leave."""
        theme = App.get_running_app().theme
        keys = theme.mm(5 * TARGET_MIN_MM + 4 * GAP_MM + 0.4)
        free = self.height - self.padding[1] - self.padding[3] - theme.gap - keys
        self.row.height = max(theme.mm(16), free)

    def speech_text(self) -> str:
        """What 🔊 says on the panel: the instruction, then how to finish."""
        return " ".join((self.prompt_text, _("Touchez OK quand vous avez fini.")))

    def read_aloud(self) -> None:
        from kiosk.ui.speaker import speaker_of

        speaker_of(App.get_running_app()).say(self.speech_text())

    def _frame_field(self, *_args) -> None:
        self._frame.rectangle = (self.field.x, self.field.y, self.field.width, self.field.height)

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size

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
            hint = self.prompt_text if not (self.value or self.compact) else ""
            self.field.text = (
                typed + "|" + (f"  [color={P.HEX['primary']}]{escape_markup(hint)}[/color]" if hint else "")
            )
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
        self.field.text = typed + "|" + ghost

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True  # nothing under the panel receives the touch

    def on_parent(self, _panel, parent) -> None:
        if parent is None:  # closed: the theme forgets this panel (the kiosk runs for years)
            App.get_running_app().theme.unbind(font_body=self._grow_prompt)


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
