"""guided_sim: a small simulated app drawn from the lesson's screens and elements — a mailbox, a browser or
a phone's settings, with a generic look (no real service's logo). In « guidé » mode the next element to
tap sits on a yellow card with « Touchez ici » (in « autonome » mode only after two wrong taps). Wrong taps
change nothing and cost nothing; they say the element's own ``feedback`` when the lesson gives one. Main
thread only.
"""

from __future__ import annotations

from kivy.graphics import Color, Line, Rectangle
from kivy.uix.boxlayout import BoxLayout

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
        guide = self.guided
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
        self.frame = frame
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
            box = BoxLayout(orientation="vertical", size_hint_y=None, spacing=theme.mm(1))
            box.bind(minimum_height=box.setter("height"))
            box.add_widget(self.text(element.label, bold=True))
            value = self.run.value(element.id)
            widget = TextField(
                value,
                _("Touchez ici pour écrire"),
                action=action,
                size_hint_y=None,
                height=theme.primary_h,
                primary=True,
            )
            widget.bind(on_activate=lambda *_a, e=element.id: self.tap(e))
            box.add_widget(widget)
            return box
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
        if self.run.tap(element_id):
            if self.run.typing is not None:
                self.open_field()
                return
            if any(e.id == element_id and e.kind == "toggle" for s in self.step.screens for e in s.elements):
                self.toggled ^= {element_id}
            if self.run.finished:
                self.right(self.step.success)
            else:
                self.verdict = None
                self.render()
                self.host.scroll_to(None)
        else:
            # The element's own feedback (lesson data) or « Ce n'est pas ici. »; 🔊 reads the card.
            self.wrong(self.run.miss(element_id))

    @property
    def guided(self) -> bool:
        """« guidé » mode, or « autonome » after two wrong tries: the next target is shown."""
        return self.run.guided

    def open_field(self) -> None:
        """The keyboard over the lesson, for the field being typed (guided: the next key is lit)."""
        element = self.run.element(self.run.typing or "")
        prompt = element.prompt or (
            _("Écrivez : {answer}").format(answer=element.answers[0]) if element.answers else element.label
        )
        if self.guided and (element.answers or self.run.value(element.id)):
            prompt = prompt.rstrip(".") + ". " + _("Touchez la touche jaune.")
        self.host.open_typing(
            prompt,
            self.run.value(element.id),
            self.field_done,
            guide=self.run.guide if self.guided else None,
            case_matters=not element.tolerance.case,
        )

    def field_done(self, value: str | None) -> None:
        """OK (the text typed) or Retour (None) on the keyboard of a field."""
        if value is None or self.solved:
            self.run.typing = None
            return
        element = self.run.element(self.run.typing or "")
        verdict = self.run.type_into(value)
        if verdict.ok:
            if self.run.finished:
                self.right(self.step.success)
            else:
                self.verdict = None
                self.render()
            return
        self.run.typing = None  # the field stays the target: a tap opens it again, with what was typed
        if not value.strip():
            self.verdict = verdict
            self.render(scroll_to_feedback=True)
            return
        message = verdict.message
        if self.guided and element.answers:
            message += " " + _("Écrivez : {answer}").format(answer=element.answers[0])
        self.wrong(message)

    def reveal(self) -> None:
        while not self.run.finished:
            target = self.run.target or ""
            if self.run.tap(target) and self.run.typing is not None:
                element = self.run.element(target)
                self.run.type_into(
                    element.answers[0] if element.answers else (element.detail or element.label)
                )


SLUG_MAX = 30  # the address bar of a simulated site: « https://<slug>.exemple »


def _slug(title: str) -> str:
    from kiosk.domain.step_logic import strip_accents

    kept = "".join(c if c.isalnum() else "-" for c in strip_accents(title).lower())
    slug = "-".join(part for part in kept.split("-") if part)
    if len(slug) > SLUG_MAX:  # cut after a whole word (« …-pour-carte », never « …-carte-d-identit »)
        head = slug[: SLUG_MAX + 1]
        slug = head.rsplit("-", 1)[0] if "-" in head else slug[:SLUG_MAX]
        while len(slug) > 2 and slug[-2] == "-":  # nor an elided « d' » or « l' » at the end
            slug = slug[:-2]
    return slug or "site"
