"""Steps that explain: explain, tip, warning (text and picture), recap (« À retenir ») and handout
(« Ma fiche »: what will be printed, the resume code, then « Imprimer ma fiche »). Main thread only.
"""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk.domain.memo import qr_links, recap_bullets
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView

PICTURE_MAX_MM = 70


class TextStepView(StepView):
    """explain / tip / warning: one idea, with its picture beside the text (under it when narrow)."""

    def build(self) -> None:
        kind = self.step.type
        body = self.text(self.step.text)
        if kind in ("tip", "warning"):
            card = Card(background=P.WARNING_BG if kind == "warning" else P.TILE, outline=P.TEXT)
            label = _("Attention") if kind == "warning" else _("Astuce")
            card.add_widget(self.text(label, role="button", bold=True))
            card.add_widget(body)
            body = card
        path = self.host.image_path(self.step)
        if path is None:
            self.add_widget(body)
            return
        theme = self.theme
        # Side by side on a wide screen, unless the words are bigger than a page beside it (« A+ » on a
        # small screen): then words first and the picture under them, so pages can end between them.
        wide = self.host.width > theme.mm(150) and not (theme.compact and theme.text_scale >= 1.5)
        row = BoxLayout(orientation="horizontal" if wide else "vertical", spacing=theme.gap, size_hint_y=None)
        picture = Image(source=str(path), fit_mode="contain", size_hint=(0.45 if wide else 1, None))
        for child in (picture, body) if wide else (body, picture):  # narrow: the words first
            row.add_widget(child)

        def fit(*_args) -> None:
            nonlocal wide
            room = max(theme.mm(30), self.host.viewport_height() - theme.mm(6))
            if wide and body.height > self.host.viewport_height():  # words taller than a page: picture under
                wide = False
                row.orientation = "vertical"
                row.clear_widgets()
                picture.size_hint_x = 1
                for child in (body, picture):
                    row.add_widget(child)
            if wide:
                picture.height = min(theme.mm(PICTURE_MAX_MM), row.width * 0.45 * 0.75, room)
                row.height = max(body.height, picture.height)
                picture.pos_hint = body.pos_hint = {"top": 1}
            else:
                picture.height = min(theme.mm(PICTURE_MAX_MM) * 0.8, row.width * 0.6, room)
                row.height = picture.height + theme.gap + body.height

        body.bind(height=fit)
        row.bind(width=fit)
        self.follow_page_room(fit)
        fit()
        self.add_widget(row)


class RecapStepView(StepView):
    """« À retenir »: the sentences on a blue card, each with a bullet."""

    def build(self) -> None:
        card = Card(background=P.TILE, outline=P.PRIMARY)
        card.add_widget(self.text(_("À retenir"), role="button", bold=True))
        for bullet in self.step.bullets:
            card.add_widget(self.text("•  " + bullet))
        self.add_widget(card)


class HandoutStepView(StepView):
    """« Ma fiche »: a preview of the memo and the button that prints it (in the printer lane)."""

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        lesson = self.host.lesson
        card = Card(background=P.BACKGROUND, outline=P.TEXT)
        card.add_widget(self.text(_("Sur votre fiche :"), role="button", bold=True))
        bullets = recap_bullets(lesson)
        if bullets:
            card.add_widget(self.text(_("Ce que vous avez appris ({n} phrases).").format(n=len(bullets))))
        card.add_widget(self.text(_("Les étapes que vous avez faites.")))
        for label, _url in qr_links(lesson):
            card.add_widget(self.text(_("Un QR code : {label}").format(label=label)))
        card.add_widget(self.text(_("Un code pour reprendre la leçon :")))
        card.add_widget(self.text(self.host.resume_code(), role="heading"))
        self.add_widget(self.host.memo_button())  # the action first: the preview may need scrolling
        status = self.host.memo_status()
        if status:
            self.add_widget(self.text(status, role="button", bold=True))
        self.add_widget(card)
