"""guided_sim: a small simulated app drawn from the lesson's screens and elements — a mailbox, a browser or
a phone's settings, with a generic look (no real service's logo). In « guidé » mode the next element to
tap sits on a yellow card with « Touchez ici » (in « autonome » mode only after two wrong taps). Wrong taps
change nothing and cost nothing. Main thread only.
"""

from __future__ import annotations

from kivy.graphics import Color, Line, Rectangle

from kiosk.domain.step_logic import SimRun
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView, TickButton
from kiosk.ui.steps.typing import TextField
from kiosk.ui.widgets.text_block import TextBlock

APP_NAMES = {"mailbox": "Messagerie", "browser": "Navigateur", "phone": "Réglages du téléphone"}


class ChromeBar(TextBlock):
    """The app's top band: its name (mailbox, phone) or a fake address bar (browser)."""

    def __init__(self, text: str, browser: bool, **kwargs):
        colour = P.TEXT if browser else P.ON_PRIMARY
        super().__init__(text=text, role="body", bold=True, color=colour, halign="left", **kwargs)
        self.browser = browser
        self.padding = [self._theme.mm(3), 0]
        with self.canvas.before:
            Color(*(P.TILE if browser else P.PRIMARY))
            self._band = Rectangle()
            Color(*(P.TEXT if browser else P.PRIMARY))
            self._edge = Line(width=max(1.0, self._theme.border))
        self.bind(pos=self._paint, size=self._paint)

    def _grow(self, *_args) -> None:
        self.height = self.texture_size[1] + self._theme.mm(4)

    def _paint(self, *_args) -> None:
        self._band.pos, self._band.size = self.pos, self.size
        self._edge.rectangle = (self.x, self.y, self.width, self.height)


class GuidedSimView(StepView):
    """The task, then the fake app's current screen; each expected tap moves the exercise on."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.run = SimRun(step)
        self.toggled: set[str] = set()
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        step = self.step
        self.add_widget(self.text(step.task, role="button", bold=True))
        if step.text:
            self.add_widget(self.text(step.text))
        screen = next(s for s in step.screens if s.id == self.run.screen)
        frame = Card(background=P.BACKGROUND, outline=P.TEXT, padding=[self.theme.mm(2)] * 4)
        if step.app == "browser":
            frame.add_widget(ChromeBar("https://" + _slug(screen.title) + ".exemple", True))
            frame.add_widget(self.text(screen.title, role="button", bold=True))
        else:
            frame.add_widget(ChromeBar(_(APP_NAMES[step.app]) + " — " + screen.title, False))
        guide = step.mode == "guide" or self.run.wrong >= 2
        for element in screen.elements:
            widget = self._element(element)
            if guide and element.id == self.run.target and not self.solved:
                spot = Card(background=P.WARNING_BG, outline=P.TEXT)
                spot.add_widget(self.text(_("Touchez ici :"), bold=True))
                spot.add_widget(widget)
                frame.add_widget(spot)
            else:
                frame.add_widget(widget)
        self.add_widget(frame)
        if not self.solved:
            self.add_widget(
                self.text(
                    _("Étape {n} sur {total} de l'exercice").format(
                        n=self.run.position + 1, total=len(step.expect)
                    ),
                    color=P.TEXT_MUTED,
                )
            )
            self.add_widget(self.dont_know_button())

    def _element(self, element):
        theme = self.theme
        action = f"sim:{element.id}"
        if element.kind == "text":
            return self.text(element.label + (("\n" + element.detail) if element.detail else ""))
        if element.kind == "toggle":
            on = element.id in self.toggled
            widget = TickButton(
                on,
                text=element.label,
                style="key_on" if on else "tile",
                halign="left",
                size_hint_y=None,
                height=theme.primary_h,
                min_height=theme.primary_h,
                grow=True,
                primary=True,
                action=action,
            )
            widget.bind(on_activate=lambda *_a, e=element.id: self.tap(e))
            return widget
        if element.kind == "field":
            widget = TextField(
                element.detail,
                element.label,
                action=action,
                size_hint_y=None,
                height=theme.primary_h,
                primary=True,
            )
            widget.bind(on_activate=lambda *_a, e=element.id: self.tap(e))
            return widget
        text = element.label + (("\n" + element.detail) if element.detail and element.kind == "item" else "")
        style = {"button": "primary", "link": "nav", "item": "tile"}[element.kind]
        return self.button(
            text,
            action,
            lambda e=element.id: self.tap(e),
            style=style,
            halign="center" if element.kind == "button" else "left",
        )

    def tap(self, element_id: str) -> None:
        if self.solved:
            return
        target = self.run.target
        if self.run.tap(element_id):
            if any(e.id == element_id and e.kind == "toggle" for s in self.step.screens for e in s.elements):
                self.toggled ^= {element_id}
            if self.run.finished:
                self.right(self.step.success)
            else:
                self.verdict = None
                self.render()
                self.host.scroll_to(None)
        else:
            hint = _("Ce n'est pas ici. Cherchez « {label} ».").format(label=self.run.label_of(target or ""))
            self.wrong(hint if self.step.mode == "guide" or self.run.wrong >= 2 else _("Ce n'est pas ici."))

    def reveal(self) -> None:
        while not self.run.finished:
            self.run.tap(self.run.target or "")


def _slug(title: str) -> str:
    from kiosk.domain.step_logic import strip_accents

    kept = "".join(c if c.isalnum() else "-" for c in strip_accents(title).lower())
    return "-".join(part for part in kept.split("-") if part)[:30] or "site"
