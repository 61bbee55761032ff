"""Fake messages drawn from data (never screenshots): spot_the_clues (tap each suspicious part of an SMS or
e-mail) and safe_or_scam (tap a message, then « Fiable » or « Suspect »: tap-tap sorting, no drag).
Main thread only.
"""

from __future__ import annotations

from kiosk.domain.step_logic import segments
from kiosk.i18n import _, ngettext
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView

PART_LABELS = {"sender": "De : ", "subject": "Objet : ", "body": ""}


def message_heading(message) -> str:
    return _("Un SMS") if message.kind == "sms" else _("Un e-mail")


class SpotTheCluesView(StepView):
    """The message cut into tappable pieces; each clue found turns dark blue and shows why."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.found: list[str] = []
        self.pieces = segments(step.message, list(step.clues))
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        step = self.step
        if step.text:
            self.add_widget(self.text(step.text))
        self.add_widget(self.text(_("Touchez chaque partie suspecte du message."), role="button", bold=True))
        card = Card(background=P.TILE, outline=P.TEXT)
        card.add_widget(self.text(message_heading(step.message), color=P.TEXT_MUTED))
        for n, piece in enumerate(self.pieces):
            found = piece.clue is not None and piece.clue in self.found
            prefix = (
                _(PART_LABELS[piece.part])
                if piece.part != "body" and piece.text == getattr(step.message, piece.part)
                else ""
            )
            button = self.button(
                prefix + piece.text.strip(),
                f"piece:{piece.clue or n}",
                lambda p=piece: self.tap_piece(p),
                style="key_on" if found else "nav",
                halign="left",
            )
            card.add_widget(button)
        self.add_widget(card)
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
        for clue in step.clues:
            if clue.id in self.found:
                explain = Card(background=P.WARNING_BG)
                explain.add_widget(self.text("« " + clue.target.strip() + " »", bold=True))
                explain.add_widget(self.text(clue.explain))
                self.add_widget(explain)
        if not self.solved:
            self.add_widget(self.dont_know_button())

    def tap_piece(self, piece) -> None:
        if piece.clue is None:
            if not self.solved:
                self.wrong(_("Ce passage n'est pas suspect. Cherchez ailleurs."))
            return
        if piece.clue in self.found:
            return
        self.found.append(piece.clue)
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

    def reveal(self) -> None:
        self.found = [c.id for c in self.step.clues]


class SafeOrScamView(StepView):
    """Messages as a list; the one chosen is shown whole above « Fiable » and « Suspect »."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.selected = 0
        self.sorted: dict[int, str] = {}
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
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
