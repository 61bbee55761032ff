"""Fake messages drawn from data (never screenshots): spot_the_clues (one flowing SMS bubble or e-mail in
which each suspicious part is a tappable span) and safe_or_scam (tap a message, then « Fiable » or
« Suspect »: tap-tap sorting, no drag).
Main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.graphics import Color, Rectangle, RoundedRectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from kiosk.domain.step_logic import segments
from kiosk.i18n import _, ngettext
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView
from kiosk.ui.steps.clue_text import ClueText, clue_markup, plain


def sender_name(message) -> str:
    """« Médiathèque <contact@exemple.fr> » → « Médiathèque »; a bare address or number (too long for half
    a row) → « Un e-mail » / « Un SMS »: the card below shows it whole."""
    name = message.sender.split("<", 1)[0].strip()
    if not name or "@" in name or name.lstrip("+").replace(" ", "").isdigit():
        return message_heading(message)
    return name


def message_heading(message) -> str:
    return _("Un SMS") if message.kind == "sms" else _("Un e-mail")


class Bubble(BoxLayout):
    """An SMS bubble: a light rounded box around the message text, most of the width, on the left."""

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        super().__init__(orientation="vertical", size_hint=(0.88, None), padding=[theme.mm(3)] * 4, **kwargs)
        with self.canvas.before:
            Color(*P.TILE)
            self._shape = RoundedRectangle(radius=[theme.mm(4)])
        self.bind(pos=self._draw, size=self._draw, minimum_height=self.setter("height"))

    def _draw(self, *_args) -> None:
        self._shape.pos, self._shape.size = self.pos, self.size


class SpotTheCluesView(StepView):
    """The message as one flowing SMS or e-mail; its suspicious parts are tappable spans inside the text.
    Each clue found turns yellow and explains itself; a tap on innocent text gets a kind word and one more
    rung of the hint ladder, whose last rung underlines the clues still hidden."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.found: list[str] = []
        self.pieces = segments(step.message, list(step.clues))
        self.texts: list[ClueText] = []
        self.newest: Any = None
        super().__init__(step, host, **kwargs)

    def speech_text(self) -> str:
        """Every visible text, the message's words without their markup."""
        return plain(super().speech_text())

    def hint_texts(self) -> list[str]:
        return [*self.step.hints, _("Regardez les mots soulignés dans le message.")]

    def _part(self, part: str) -> list[tuple[str, str | None]]:
        message = self.step.message
        return [(p.text, p.clue) for p in self.pieces if p.part == part] or [
            ({"sender": message.sender, "subject": message.subject, "body": message.body}[part], None)
        ]

    def _clue_text(self, markup: str, **kwargs) -> ClueText:
        widget = ClueText(self.tap_clue, set(self.found), text=markup, **kwargs)
        self.texts.append(widget)
        return widget

    def build(self) -> None:
        step, message = self.step, self.step.message
        underlined = {c.id for c in step.clues} if self.hints_shown >= len(self.hint_texts()) else set()
        found = set(self.found)
        self.texts = []
        if step.text:
            self.add_widget(self.text(step.text))
        self.add_widget(self.text(_("Touchez chaque partie suspecte du message."), role="button", bold=True))
        card = Card(background=P.BACKGROUND, outline=P.TEXT)
        card.add_widget(self.text(message_heading(message), color=P.TEXT_MUTED))
        sender = clue_markup(self._part("sender"), found, underlined)
        when = message.time or _("Aujourd'hui")
        if message.kind == "sms":
            card.add_widget(self._clue_text(sender, bold=True, halign="center"))
            card.add_widget(self.text(when, color=P.TEXT_MUTED, halign="center"))
            bubble = Bubble()
            bubble.add_widget(self._clue_text(clue_markup(self._part("body"), found, underlined)))
            card.add_widget(bubble)
        else:
            header = "[b]" + escape_markup(_("De : ")) + "[/b]" + sender
            if message.subject:
                subject = clue_markup(self._part("subject"), found, underlined)
                header += "\n[b]" + escape_markup(_("Objet : ")) + "[/b]" + subject
            card.add_widget(self._clue_text(header))
            card.add_widget(self.text(when, color=P.TEXT_MUTED))
            card.add_widget(Rule())
            card.add_widget(self._clue_text(clue_markup(self._part("body"), found, underlined)))
        self.add_widget(card)
        self.card = card
        total = len(step.clues)
        self.add_widget(
            self.text(
                ngettext(
                    "{n} indice trouvé sur {total}.", "{n} indices trouvés sur {total}.", len(self.found)
                ).format(n=len(self.found), total=total),
                role="button",
                bold=True,
            )
        )
        by_id = {c.id: c for c in step.clues}
        self.newest = None
        for clue_id in reversed(self.found):  # the newest first, right under the message
            clue = by_id[clue_id]
            explain = Card(background=P.WARNING_BG, outline=P.TEXT)
            explain.add_widget(self.text("« " + clue.target.strip() + " »", bold=True))
            explain.add_widget(self.text(clue.explain))
            self.add_widget(explain)
            self.newest = self.newest or explain
        if not self.solved:
            self.add_widget(self.dont_know_button())

    def tap_clue(self, clue: str | None) -> None:
        """A tap on the message: ``clue`` is the clue's id, or None on innocent text."""
        if clue is None:
            if not self.solved:
                self.wrong(_("Ce passage n'est pas suspect. Cherchez ailleurs."))
            return
        if clue in self.found:
            return
        self.found.append(clue)
        if not self.solved and len(self.found) >= self.step.min_found:
            total = len(self.step.clues)
            self.right(
                ngettext(
                    "Vous avez trouvé {n} indice sur {total}.",
                    "Vous avez trouvé {n} indices sur {total}.",
                    len(self.found),
                ).format(n=len(self.found), total=total)
            )
        else:
            self.verdict = None
            self.render()
            self.host.scroll_to(self.newest)

    def ref_point(self, clue: str) -> tuple[float, float]:
        """Window coordinates of the middle of a clue's first span (tests tap there)."""
        for widget in self.texts:
            boxes = widget.ref_boxes(clue)
            if boxes:
                x, y, w, h = boxes[0]
                return widget.parent.to_window(x + w / 2, y + h / 2)
        raise LookupError(clue)

    def plain_point(self) -> tuple[float, float]:
        """Window coordinates of message text out of every clue's reach (tests tap there)."""
        step = self.theme.mm(1)
        for widget in reversed(self.texts):  # the body first
            ox, oy = widget._origin()
            tw, th = widget.texture_size
            for fy in (0.5, 0.25, 0.75):
                for n in range(1, int(tw / step)):
                    x, y = ox + n * step, oy - th * fy
                    if widget.ref_at(x, y) is None:
                        return widget.parent.to_window(x, y)
        raise LookupError("no innocent text")

    def reveal(self) -> None:
        self.found = [c.id for c in self.step.clues]


class Rule(Widget):
    """A thin line between an e-mail's header and its text."""

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        super().__init__(size_hint_y=None, height=max(1.0, theme.border), **kwargs)
        with self.canvas:
            Color(*P.TEXT_MUTED)
            self._line = Rectangle()
        self.bind(pos=self._draw, size=self._draw)

    def _draw(self, *_args) -> None:
        self._line.pos, self._line.size = self.pos, self.size


class SafeOrScamView(StepView):
    """Messages as a list; the one chosen is shown whole above « Fiable » and « Suspect »."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.selected = 0
        self.sorted: dict[int, str] = {}
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        compact = self.theme.compact
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        if not (compact and self.step.text):  # a small screen says it once
            self.add_widget(
                self.text(
                    _("Touchez un message. Puis dites s'il est fiable ou suspect."), role="button", bold=True
                )
            )
        for n, item in enumerate(self.step.items):
            message = item.message
            done = self.sorted.get(n)
            state = ""
            if done:
                state = "  — " + (_("Fiable") if done == "fiable" else _("Suspect"))
            first = message.subject or message.body
            if compact:  # two to a row: the sender's name only, the card below shows the whole message
                label = f"{n + 1}. {sender_name(message)}{state}"
            else:
                label = f"{n + 1}. {message.sender} : {first[:40]}{'…' if len(first) > 40 else ''}{state}"
            self.add_widget(
                self.button(
                    label,
                    f"message:{message.id}",
                    lambda i=n: self.select(i),
                    style="key_on" if n == self.selected else "tile",
                    halign="left",
                )
            )
        item = self.step.items[self.selected]
        card = Card(background=P.BACKGROUND, outline=P.TEXT)
        card.add_widget(self.text(message_heading(item.message), color=P.TEXT_MUTED))
        card.add_widget(self.text(_("De : ") + item.message.sender, bold=True))
        if item.message.subject:
            card.add_widget(self.text(_("Objet : ") + item.message.subject, bold=True))
        card.add_widget(self.text(item.message.body))
        self.add_widget(card)
        if self.selected in self.sorted:
            explain = Card(background=P.TILE)
            explain.add_widget(self.text(item.explain))
            self.add_widget(explain)
        elif not self.solved:
            self.add_widget(
                self.button(_("Fiable"), "sort:fiable", lambda: self.answer("fiable"), style="primary")
            )
            self.add_widget(
                self.button(_("Suspect"), "sort:suspect", lambda: self.answer("suspect"), style="primary")
            )
        if not self.solved:
            self.add_widget(self.dont_know_button())

    def select(self, index: int) -> None:
        self.selected = index
        self.verdict = None
        self.render()

    def answer(self, bin_name: str) -> None:
        item = self.step.items[self.selected]
        if bin_name != item.answer:
            self.wrong(_("Regardez encore ce message : qui l'envoie, que demande-t-il ?"))
            return
        self.sorted[self.selected] = bin_name
        left = [n for n in range(len(self.step.items)) if n not in self.sorted]
        if not left:
            self.right(_("Tous les messages sont bien rangés."))
            return
        self.verdict = None  # the message stays selected: its explanation shows; the next one is a tap away
        self.render()

    def reveal(self) -> None:
        self.sorted = {n: item.answer for n, item in enumerate(self.step.items)}
