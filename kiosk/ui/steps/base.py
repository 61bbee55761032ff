"""What every step widget shares: the « ENTRAÎNEMENT » band, feedback cards, the hint ladder, « Je ne sais
pas », on_stuck jumps, and small builders for text and big buttons.

A step view is a vertical box in the lesson's scroll view; it rebuilds itself (``render``) after each tap,
which is cheap at this size and keeps the state in one place. It talks to the lesson screen (``host``)
through a few methods: ``step_wrong``, ``step_hint``, ``step_done``, ``jump``, ``scroll_to``,
``open_typing``. Thread-safety: widgets; main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.graphics import Color, Line, Rectangle, RoundedRectangle
from kivy.properties import ListProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.domain.lesson_steps import step_picture, step_practice
from kiosk.domain.step_logic import Verdict
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.theme import PRIMARY_MIN_MM
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock

PRACTICE_BAND = "ENTRAÎNEMENT — rien n'est envoyé"
PAIRED_ACTIONS = ("option:", "order:", "message:", "sort:")  # answers laid two to a row on a small screen
HELPER_ACTIONS = ("option:dont_know", "step:hint", "step:review")  # and these, two to a row apart


def _fit_row(row: BoxLayout) -> None:
    """A row of answers is as tall as its tallest; each answer fills the row's height."""
    buttons = [c for c in row.children if isinstance(c, BigButton)]
    row.height = max((b.height for b in buttons), default=0)


class Card(BoxLayout):
    """A vertical block on a coloured background that grows to its content."""

    background = ListProperty(P.BACKGROUND)
    outline = ListProperty([0, 0, 0, 0])

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        kwargs.setdefault("orientation", "vertical")
        kwargs.setdefault("padding", [theme.mm(3)] * 4)
        kwargs.setdefault("spacing", theme.gap)  # buttons inside stay 4 mm apart
        super().__init__(size_hint_y=None, **kwargs)
        with self.canvas.before:
            self._color = Color(*self.background)
            self._rect = RoundedRectangle(radius=[theme.radius])
            self._line_color = Color(*self.outline)
            self._line = Line(width=max(1.0, theme.border * 1.5))
        self.bind(pos=self._redraw, size=self._redraw, minimum_height=self.setter("height"))
        self.bind(background=self._redraw, outline=self._redraw)

    def _redraw(self, *_args) -> None:
        self._color.rgba = self.background
        self._line_color.rgba = self.outline
        self._rect.pos, self._rect.size = self.pos, self.size
        self._line.rectangle = (self.x, self.y, self.width, self.height)


class PracticeBand(TextBlock):
    """« ENTRAÎNEMENT — rien n'est envoyé » on a yellow band with dark edges: the exercise is fake."""

    def __init__(self, **kwargs):
        super().__init__(text=_(PRACTICE_BAND), role="button", bold=True, halign="center", **kwargs)
        self.keep_with_next = True  # a page never ends on the band (kiosk.domain.pager)
        with self.canvas.before:
            Color(*P.WARNING_BG)
            self._band = Rectangle()
            Color(*P.TEXT)
            self._edge = Line(width=max(1.0, self._theme.border))
        self.bind(pos=self._redraw_band, size=self._redraw_band)

    def _grow(self, *_args) -> None:
        self.height = self.texture_size[1] + self._theme.mm(3)

    def _redraw_band(self, *_args) -> None:
        self._band.pos, self._band.size = self.pos, self.size
        self._edge.rectangle = (self.x, self.y, self.width, self.height)


class StepView(BoxLayout):
    """Base of every step widget. Subclasses set ``practice`` and implement ``build``; practice steps
    call ``right``/``wrong`` and may override ``reveal`` (what « Je ne sais pas » shows)."""

    practice = False

    def __init__(self, step: Any, host: Any, **kwargs):
        super().__init__(orientation="vertical", size_hint_y=None, **kwargs)
        self.step = step
        self.host = host
        self.theme = App.get_running_app().theme
        self.spacing = self.theme.gap
        self.bind(minimum_height=self.setter("height"))
        self.verdict: Verdict | None = None
        self.shown_feedback: Card | None = None
        self.hints_shown = 0
        self.wrong_count = 0
        self.solved = False
        self.revealed = False
        self._page_room_fits: list[Callable[..., None]] = []
        self.render()

    # -- to override -------------------------------------------------------------------------------
    def build(self) -> None:
        """Add this step's widgets (called by ``render``)."""

    def reveal(self) -> None:
        """« Je ne sais pas »: show the answer (default: nothing more than the message)."""

    def hint_texts(self) -> list[str]:
        """The hint ladder, first rung first (default: the step's ``hints``)."""
        practice = step_practice(self.step)
        return list(practice.hints) if practice is not None else []

    def speech_text(self) -> str:
        """What 🔊 reads for this step (default: every visible text, top to bottom, then the description of
        its picture, ``alt``)."""
        from kiosk.ui.speaker import readable_text

        alt = " ".join(step_picture(self.step)[1].split())
        seen = readable_text(self)
        if not alt:
            return seen
        return f"{seen} {alt if alt[-1] in '.!?' else alt + '.'}".strip()

    # -- outcomes ----------------------------------------------------------------------------------
    def right(self, message: str) -> None:
        self.verdict = Verdict(True, message)
        if not self.solved:
            self.solved = True
            self.host.step_done()
        self.render(scroll_to_feedback=True)

    def wrong(self, message: str) -> None:
        """A wrong try: it costs nothing; one more hint of the ladder appears."""
        self.verdict = Verdict(False, message)
        self.wrong_count += 1
        self.host.step_wrong()
        if self.hints_shown < len(self.hint_texts()):
            self.hints_shown += 1
            self.host.step_hint()
        self.render(scroll_to_feedback=True)

    def more_hint(self) -> None:
        self.hints_shown += 1
        self.host.step_hint()
        self.render(scroll_to_feedback=True)

    def dont_know(self) -> None:
        self.revealed = True
        self.solved = True
        self.verdict = Verdict(False, _("Ce n'est pas grave. Voici la réponse."))
        self.host.step_done(dont_know=True)
        self.reveal()
        self.render(scroll_to_feedback=True)

    # -- drawing -----------------------------------------------------------------------------------
    def follow_page_room(self, fit: Callable[..., None]) -> None:
        """Call ``fit`` when the height a lesson page shows changes, until ``release`` (or the next
        ``render``). The lesson screen lives as long as the kiosk: a closure bound to it for good kept
        every step view that had a picture alive, with its widgets (3 more views a lesson, for ever)."""
        self.host.bind(page_room=fit)
        self._page_room_fits.append(fit)

    def release(self) -> None:
        """Let go of the lesson screen (the view is no longer shown)."""
        for fit in self._page_room_fits:
            self.host.unbind(page_room=fit)
        self._page_room_fits.clear()

    def render(self, scroll_to_feedback: bool = False) -> None:
        self.release()
        self.clear_widgets()
        if self.practice and not self.theme.compact:  # small screen: the top bar says it (TopBar.practice)
            self.add_widget(PracticeBand())
        self.build()
        anchor = None
        if self.practice and self.verdict is not None:
            anchor = self.feedback_card(self.verdict)
            self.add_widget(anchor)
        self.shown_feedback = anchor  # the verdict card on screen, if any (scrolled into view)
        if self.practice:
            self._hint_ladder()
            self._stuck()
        if self.theme.compact and self.theme.text_scale < 1.5:  # bigger text: one answer a row again
            self._pair_answers()
        if scroll_to_feedback and anchor is not None:
            self.host.scroll_to(anchor)

    def _pair_answers(self) -> None:
        """Small screen: answers side by side, two to a row, so a question and its answers share a page."""
        order = list(reversed(self.children))  # top to bottom
        rows: list = []
        run: list[BigButton] = []

        def flush() -> None:
            if len(run) < 2:
                rows.extend(run)
            else:
                for first in range(0, len(run), 2):
                    row = BoxLayout(orientation="horizontal", spacing=self.theme.gap, size_hint_y=None)
                    row.keep_with_previous = kind(run[0]) == "helper"
                    for button in run[first : first + 2]:
                        row.add_widget(button)
                        button.bind(height=lambda *_a, r=row: _fit_row(r))
                    if len(run) - first == 1:
                        row.add_widget(BoxLayout())  # a lone last answer keeps half the width
                    _fit_row(row)
                    rows.append(row)
            run.clear()

        def kind(child: Any) -> str:
            if not isinstance(child, BigButton):
                return ""
            if child.action in HELPER_ACTIONS:
                return "helper"
            return "answer" if child.action.startswith(PAIRED_ACTIONS) else ""

        self.clear_widgets()
        for child in order:
            this = kind(child)
            if run and kind(run[-1]) != this:
                flush()
            if this:
                run.append(child)
                continue
            rows.append(child)
        flush()
        for child in rows:
            self.add_widget(child)

    def feedback_card(self, verdict: Verdict, detail: str = "") -> Card:
        card = Card(
            background=P.TILE if verdict.ok else P.WARNING_BG, outline=P.PRIMARY if verdict.ok else P.TEXT
        )
        title = (
            _("Bravo !") if verdict.ok else (_("Voici la réponse.") if self.revealed else _("Pas encore."))
        )
        card.add_widget(self.text(title, role="button", bold=True))
        if verdict.message and verdict.message != title:
            card.add_widget(self.text(verdict.message))
        if detail:
            card.add_widget(self.text(detail))
        if not verdict.ok and not self.revealed:
            card.add_widget(self.text(_("Essayez encore. Cela ne coûte rien."), color=P.TEXT_MUTED))
        return card

    def _hint_ladder(self) -> None:
        hints = self.hint_texts()
        if self.solved or not hints:
            return
        for n, hint in enumerate(hints[: self.hints_shown], start=1):
            card = Card(background=P.TILE)
            card.add_widget(self.text(_("Indice {n}").format(n=n), role="button", bold=True))
            card.add_widget(self.text(hint))
            self.add_widget(card)
        if self.hints_shown < len(hints):
            self.add_widget(self.button(_("Un indice"), "step:hint", self.more_hint))

    def _stuck(self) -> None:
        practice = step_practice(self.step)
        stuck = practice.on_stuck if practice is not None else None
        if stuck is None or self.solved or self.wrong_count < stuck.after_attempts:
            return
        title = self.host.title_of(stuck.go)
        self.add_widget(
            self.button(
                _("Revoir : {title}").format(title=title), "step:review", lambda: self.host.jump(stuck.go)
            )
        )

    # -- builders ----------------------------------------------------------------------------------
    def text(self, text: str, role: str = "body", **kwargs: Any) -> TextBlock:
        block = TextBlock(text=text, role=role, **kwargs)
        # A title, or a sentence that announces what follows (« Un code pour reprendre la leçon : »),
        # stays on the page of what it names.
        block.keep_with_next = role in ("button", "heading") or text.rstrip().endswith(":")
        return block

    def button(
        self, text: str, action: str, callback: Any, *, style: str = "tile", halign: str = "center"
    ) -> BigButton:
        """A big full-width button (≥ 16 mm, grows with its text)."""
        button = BigButton(
            text=text,
            style=style,
            halign=halign,
            primary=True,
            size_hint_y=None,
            height=self.theme.primary_h,
            min_height=self._answer_h(),
            grow=True,
            action=action,
        )
        button.bind(on_activate=lambda *_a: callback())
        # « Je ne sais pas », « Un indice », « Revoir » mean nothing alone on a page (kiosk.domain.pager)
        button.keep_with_previous = action in HELPER_ACTIONS
        return button

    def _answer_h(self) -> float:
        """An answer's least height: 16 mm on a small screen (every millimetre counts), else 18 mm."""
        return self.theme.mm(PRIMARY_MIN_MM) if self.theme.compact else self.theme.primary_h

    def dont_know_button(self) -> BigButton:
        return self.button(_("Je ne sais pas"), "option:dont_know", self.dont_know)


class TickButton(BigButton):
    """A full-width answer with a drawn tick box on its left (the font has no ☐ ☑ glyphs)."""

    def __init__(self, ticked: bool, **kwargs):
        super().__init__(**kwargs)
        self.ticked = ticked
        theme = self.mm_theme
        side = theme.mm(8)
        self.padding = [side + theme.mm(5), theme.mm(2), theme.mm(2), theme.mm(2)]
        with self.canvas.after:
            Color(*(P.ON_PRIMARY if ticked else P.TEXT))
            self._box = Line(width=max(1.5, theme.border * 1.5))
            self._tick = Line(width=max(2.0, theme.border * 2.5)) if ticked else None
        self.bind(pos=self._draw_box, size=self._draw_box)

    def _draw_box(self, *_args) -> None:
        side = self.mm_theme.mm(8)
        x, y = self.x + self.mm_theme.mm(3), self.center_y - side / 2
        self._box.rectangle = (x, y, side, side)
        if self._tick is not None:
            self._tick.points = [
                x + side * 0.2,
                y + side * 0.5,
                x + side * 0.42,
                y + side * 0.22,
                x + side * 0.82,
                y + side * 0.8,
            ]
