"""A keyboard screen that keeps its instruction at body size: where the instruction, the row and the keys
do not all fit (a 7-inch screen, large text), the instruction comes first on its own page with 🔊, « A+ »
and a big « Écrire »; « Écrire » shows the keys under [Retour] [what is typed] [🔊] [A+] [OK], and
« Retour » there goes back to the instruction. Where they fit, one page: instruction, row, keys.

Used by the first-name screen, the lesson's typing panel and the workshop registration (its name on the
AZERTY keys, its phone number on a DigitPad: ``keys=``); they own the typed text and fill ``field``.
Buttons given to ``add_extra`` (« Sans prénom », « Pas de téléphone ») stand beside « Écrire » on the
instruction's page, and above the row when there is one page. Main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Line, Rectangle
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.theme import GAP_MM, TARGET_MIN_MM
from kiosk.ui.typography import french_spacing
from kiosk.ui.widgets.fitted_label import FittedLabel
from kiosk.ui.widgets.keyboard import AzertyKeyboard
from kiosk.ui.widgets.read_aloud import SpeakerButton, TextSizeButton
from kiosk.ui.widgets.top_bar import NavButton

KEYS_MIN_MM = 5 * TARGET_MIN_MM + 4 * GAP_MM + 0.4  # five rows of 10 mm keys, their gaps, rounding
KEYS_MAX_MM = (5 * 18 + 4 * 4, 300)  # the keyboard's height and width on a big screen
ROW_MAX_MM = 24  # the row above the keys takes what the keys leave, up to this
ACTIONS = {"back": "typing:cancel", "ok": "typing:ok", "speak": "typing:speak", "write": "typing:write"}


class Instruction(FittedLabel):
    """What to write, never smaller than body size (« A+ » included), wrapped, never cut; on its own page as
    large as a heading when it fits. The layout audit measures it."""

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        kwargs.setdefault("halign", "left")
        kwargs.setdefault("valign", "middle")
        super().__init__(color=P.TEXT, bold=True, line_height=1.1, font_size=theme.font_body, **kwargs)
        self.bind(width=lambda w, v: setattr(w, "text_size", (v - 2 * w.padding[0], None)))

    def needed_height(self, width: float, font_size: float) -> float:
        """The height of the whole text at ``font_size`` wrapped in ``width`` pixels (0 before the layout
        gives a width); the label keeps that font."""
        if width <= 1:
            return 0.0
        self.font_size = font_size
        self.text_size = (width - 2 * self.padding[0], None)
        self.texture_update()
        return float(self.texture_size[1])

    def fit(self, width: float, room: float, largest: float, smallest: float) -> None:
        """The largest font from ``largest`` down to ``smallest`` that shows the whole text in ``room``."""
        size = largest
        while self.needed_height(width, size) > room and size > smallest:
            size = max(smallest, size * 0.94)


class TypedField(Label):
    """The framed one-line field: ``shown`` (markup: what is typed, the cursor, a guide's rest; the owner
    sets it) and, while ``blank``, the ``hint`` (the instruction) in grey at body size when it fits on one
    line beside the cursor — the reminder of what to write (the layout audit measures it)."""

    shown = StringProperty("")
    hint = StringProperty("")
    blank = BooleanProperty(True)
    hint_font = NumericProperty(0)  # the reminder's font in pixels, 0 when not shown

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        self._theme = theme
        super().__init__(
            markup=True,
            color=P.TEXT,
            font_size=theme.font_key,
            halign="left",
            valign="middle",
            shorten=True,
            shorten_from="left",
            **kwargs,
        )
        with self.canvas.before:
            Color(*P.BACKGROUND)
            self._bg = Rectangle()
            Color(*P.TEXT)
            self._frame = Line(width=theme.border)
        self.bind(
            pos=self._redraw, size=self._redraw, shown=self._compose, hint=self._compose, blank=self._compose
        )
        theme.follow(self._compose, "font_body")
        self._margin = theme.mm(4)

    def show_typed(self, text: str) -> None:
        """``text`` as typed (plain text, in bold) before the cursor; the reminder while it is empty."""
        shown = escape_markup(text)
        self.shown, self.blank = (f"[b]{shown}[/b]|" if shown else "|"), not shown

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size
        self._frame.rectangle = (self.x, self.y, self.width, self.height)
        self.text_size = (max(1, self.width - self._margin), None)
        self._compose()

    def _compose(self, *_args) -> None:
        body, hint = self._theme.font_body, " ".join(self.hint.split())
        room = self.width - self._margin - self._theme.mm(2)
        width, height = CoreLabel(font_size=body, bold=True).get_extents(hint + "|") if hint else (0, 0)
        fits = self.blank and hint and width <= room and height <= self.height
        self.hint_font = body if fits else 0
        grey = f"[size={int(body)}][b][color={P.HEX['text_muted']}]{escape_markup(hint)}[/color][/b][/size]"
        self.text = self.shown + (grey if fits else "")


class KeyboardPage(BoxLayout):
    """``stage`` is « instruction » (the instruction's own page) or « keys ». ``paged``: the instruction does
    not fit above the keys at body size, so it has its own page. ``keys``: the keys widget (default: an
    AzertyKeyboard), ``keys_min_mm`` the height it needs at least, ``keys_max_mm`` its (height, width) at
    most. Events: ``on_ok``, ``on_speak`` (🔊, on both stages) and ``on_leave`` (« Retour » with nothing to
    go back to). ``actions`` names the buttons (tests, logs); ``add_extra(button)`` adds a button beside
    « Écrire » on the instruction page, and above the row when there is one page."""

    instruction = StringProperty("")
    reminder = StringProperty("")  # the empty field's grey reminder when it fits (default: the instruction)
    stage = OptionProperty("keys", options=["instruction", "keys"])
    paged = BooleanProperty(False)
    ok_text = StringProperty("")
    write_text = StringProperty("")
    actions = DictProperty(ACTIONS)

    __events__ = ("on_ok", "on_speak", "on_leave")

    def __init__(self, keys: Widget | None = None, **kwargs):
        self.keys_min_mm = kwargs.pop("keys_min_mm", KEYS_MIN_MM)
        self.keys_max_mm = kwargs.pop("keys_max_mm", KEYS_MAX_MM)
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        theme = self._theme = App.get_running_app().theme
        self.padding = [theme.mm(1 if theme.compact else 2)] * 4
        self.spacing = theme.gap
        with self.canvas.before:
            Color(*P.BACKGROUND)
            self._bg = Rectangle()
        self._opened = False
        self._rows: tuple[BoxLayout, ...] = ()
        self.text_label = Instruction(text=french_spacing(self.instruction), padding=[theme.mm(2), 0])
        self.field = TypedField(hint=self.reminder or self.instruction)
        self.keyboard = keys if keys is not None else AzertyKeyboard()
        self.keyboard.size_hint = (None, None)
        self._holder = AnchorLayout(anchor_x="center", anchor_y="top")
        self._holder.add_widget(self.keyboard)
        self._holder.bind(size=self._fit_keyboard)
        width = theme.mm
        self.back = NavButton(text=_("Retour"), style="tile", size_hint_x=None, width=width(30))
        self.speak = SpeakerButton(style="tile", size_hint_x=None, width=width(16))
        self.bigger = TextSizeButton(style="tile", size_hint_x=None, width=width(16))
        self.ok = NavButton(style="primary", primary=True, size_hint_x=None, width=width(30))
        self.write = NavButton(style="primary", primary=True)
        self.extras: list[Widget] = []
        self.back.bind(on_activate=lambda *_a: self.go_back())
        self.speak.bind(on_activate=lambda *_a: self.dispatch("on_speak"))
        self.ok.bind(on_activate=lambda *_a: self.dispatch("on_ok"))
        self.write.bind(on_activate=lambda *_a: setattr(self, "stage", "keys"))
        self._arrange_soon = Clock.create_trigger(self._arrange, -1)
        self.bind(
            pos=self._redraw,
            size=self._redraw,
            instruction=self._on_instruction,
            reminder=self._on_instruction,
            stage=self._arrange_soon,
            paged=self._arrange_soon,
            ok_text=self._labels,
            write_text=self._labels,
            actions=self._labels,
        )
        theme.follow(self._grow_text, "font_body")  # « A+ »: the instruction grows, and may need its own page
        self._labels()
        self._arrange()

    # -- the owner's calls -----------------------------------------------------------------------
    def add_extra(self, button: Widget) -> None:
        """A button beside « Écrire » on the instruction page (the first name: « Sans prénom »)."""
        self.extras.append(button)
        button.size_hint_x = None
        button.width = self.write.width
        self.write.bind(width=self._extras_width)
        self._arrange_soon()

    def restart(self) -> None:
        """Show the first stage again (the screen opens anew)."""
        self._opened = False
        self._decide()

    def go_back(self) -> None:
        """« Retour »: from the keys to the instruction page when it has one, else leave."""
        if self.stage == "keys" and self.paged:
            self.stage = "instruction"
        else:
            self.dispatch("on_leave")

    def forget_theme(self) -> None:
        """Stop following « A+ » (a panel that closes; the kiosk runs for years)."""
        self._theme.unfollow(self._grow_text, "font_body")
        self._theme.unfollow(self.field._compose, "font_body")

    # -- layout ---------------------------------------------------------------------------------
    def _labels(self, *_args) -> None:
        self.ok.text = self.ok_text or _("OK")
        self.write.text = self.write_text or _("Écrire")
        for name in ("back", "speak", "ok", "write"):
            getattr(self, name).action = self.actions.get(name, ACTIONS[name])

    def _on_instruction(self, *_args) -> None:
        self.text_label.text = french_spacing(self.instruction)  # « case : » never splits at « : »
        self.field.hint = self.reminder or self.instruction
        self._decide()

    def _grow_text(self, *_args) -> None:
        self._decide()

    def _inner(self) -> tuple[float, float]:
        pad = self.padding
        return self.width - pad[0] - pad[2], self.height - pad[1] - pad[3]

    def _decide(self, *_args) -> None:
        """Whether the instruction needs its own page; on first sight, which stage opens."""
        width, height = self._inner()
        if width <= 1 or height <= 1:
            return
        theme = self._theme
        free = height - theme.nav_h - 2 * theme.gap - theme.mm(self.keys_min_mm)
        if self.extras:  # their row above the field's
            free -= theme.nav_h + theme.gap
        self.paged = self.text_label.needed_height(width, theme.font_body) > free
        if not self._opened or not self.paged:
            self.stage = "instruction" if self.paged else "keys"  # typing goes on when A+ adds a page
            self._opened = True
        self._arrange_soon()

    def _arrange(self, *_args) -> None:
        for box in (self, *self._rows):
            box.clear_widgets()
        theme = self._theme
        label = self.text_label
        if self.stage == "instruction":
            row = BoxLayout(size_hint_y=None, height=theme.primary_h, spacing=theme.gap)
            for widget in (self.back, self.speak, self.bigger, self.write):
                row.add_widget(widget)
            label.size_hint_y = 1
            self.add_widget(label)
            self._rows = (row,)
            if self.extras:  # above « Écrire », as wide as it
                self._extras_width(self.write, self.write.width)
                self._rows = (row, self._extras_row())
            self.add_widget(row)
            self._fit_page()
            return
        row = BoxLayout(size_hint_y=None, height=theme.nav_h, spacing=theme.gap)
        for widget in (self.back, self.field, self.speak, self.bigger, self.ok):
            row.add_widget(widget)
        self._rows = (row,)
        if not self.paged:
            label.size_hint_y = None
            label.height = label.needed_height(max(1.0, self._inner()[0]), theme.font_body)
            self.add_widget(label)
            if self.extras:  # at the right, above the row
                self._extras_width(self.write, theme.mm(60))
                self._rows = (row, self._extras_row())
        self.add_widget(row)
        self.add_widget(self._holder)
        self._fit_row()

    def _extras_row(self) -> BoxLayout:
        """The extra buttons in a row of their own, at the right, added to the page (as tall as the
        navigation: the way out of typing, not the page's main action)."""
        theme = self._theme
        extras = BoxLayout(size_hint_y=None, height=theme.nav_h, spacing=theme.gap)
        extras.add_widget(Widget())
        for widget in self.extras:
            extras.add_widget(widget)
        self.add_widget(extras)
        return extras

    def _extras_width(self, write, width: float) -> None:
        for widget in self.extras:
            widget.width = width

    def _fit_page(self) -> None:
        """The instruction's own page: as large as a heading when it fits, never under body size."""
        theme = self._theme
        width, height = self._inner()
        rows = sum(row.height for row in self._rows) + len(self._rows) * theme.gap
        self.text_label.fit(width, height - rows, theme.font_heading, theme.font_body)

    def _fit_row(self) -> None:
        """Without the instruction above, the row takes what the keys leave (up to ROW_MAX_MM)."""
        theme, row = self._theme, self._rows[0]
        if self.stage != "keys" or not self.paged:
            row.height = theme.nav_h
            return
        spare = self._inner()[1] - theme.gap - theme.mm(self.keys_min_mm)
        row.height = max(theme.nav_h, min(theme.mm(ROW_MAX_MM), spare))

    def _fit_keyboard(self, holder, _size) -> None:
        mm = self._theme.mm
        self.keyboard.width = min(holder.width, mm(self.keys_max_mm[1]))
        self.keyboard.height = min(holder.height, mm(self.keys_max_mm[0]))

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size
        self._decide()

    def on_ok(self) -> None:
        """Default handler."""

    def on_speak(self) -> None:
        """Default handler."""

    def on_leave(self) -> None:
        """Default handler."""
