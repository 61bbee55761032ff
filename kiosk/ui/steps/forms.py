"""form_fill: a fake online form (a site header, fields, « Valider ») that answers with the validation
messages real sites show, in red under each wrong field. Nothing is sent. Main thread only.
"""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout

from kiosk.domain.step_logic import field_error
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView, TickButton
from kiosk.ui.steps.typing import TextField
from kiosk.ui.widgets.text_block import TextBlock

TYPED_KINDS = frozenset({"text", "email", "date", "phone", "postcode"})
PLACEHOLDERS = {
    "email": "nom@exemple.fr",
    "date": "JJ/MM/AAAA",
    "phone": "06 12 34 56 78",
    "postcode": "57100",
}
EXAMPLES = {**PLACEHOLDERS, "date": "14/07/1950"}  # on the keyboard's instruction: a date, not its format


class SiteHeader(TextBlock):
    """The fake site's name on a dark band, like a web page's header (no real logo)."""

    def __init__(self, site: str, **kwargs):
        super().__init__(text=site, role="button", bold=True, color=P.ON_PRIMARY, **kwargs)
        with self.canvas.before:
            Color(*P.PRIMARY)
            self._band = Rectangle()
        self.bind(pos=self._paint, size=self._paint)

    def _grow(self, *_args) -> None:
        self.height = self.texture_size[1] + self._theme.mm(4)

    def _paint(self, *_args) -> None:
        self._band.pos, self._band.size = self.pos, self.size


class FormFillView(StepView):
    """Fields top to bottom; a tap on a text field opens the keyboard; « Valider » checks them all."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.values: dict[str, str] = {f.id: "" for f in step.fields}
        self.errors: dict[str, str] = {}
        self.submitted = False
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        self.add_widget(SiteHeader(self.step.site, halign="left"))
        form = Card(background=P.BACKGROUND, outline=P.TEXT)
        for form_field in self.step.fields:
            self._field(form, form_field)
        self.add_widget(form)
        if not self.solved:
            self.add_widget(self.button(self.step.submit, "form:submit", self.submit, style="primary"))
            self.add_widget(self.dont_know_button())

    def _field(self, form: BoxLayout, form_field) -> None:
        theme, value = self.theme, self.values[form_field.id]
        # A required field gets its « * » unless the lesson already wrote it (« Nom * », never « Nom * * »).
        star = " *" if form_field.required and not form_field.label.rstrip().endswith("*") else ""
        if form_field.kind == "checkbox":
            tick = TickButton(
                value == "1",
                text=form_field.label + star,
                style="key_on" if value == "1" else "tile",
                halign="left",
                size_hint_y=None,
                height=theme.primary_h,
                min_height=theme.primary_h,
                grow=True,
                primary=True,
                action=f"field:{form_field.id}",
            )
            tick.bind(on_activate=lambda *_a, f=form_field: self.toggle(f.id))
            form.add_widget(tick)
        else:
            label = self.text(form_field.label + star, bold=True)
            label.keep_with_next = True  # a field's name stays on the page of its field
            form.add_widget(label)
            if form_field.kind == "select":
                for n, option in enumerate(form_field.options):
                    chosen = option == value
                    form.add_widget(
                        self.button(
                            option,
                            f"field:{form_field.id}:{n}",
                            lambda f=form_field, o=option: self.set_value(f.id, o),
                            style="key_on" if chosen else "tile",
                            halign="left",
                        )
                    )
            else:
                field = TextField(
                    value,
                    PLACEHOLDERS.get(form_field.kind, _("Touchez ici pour écrire")),
                    action=f"field:{form_field.id}",
                    size_hint_y=None,
                    height=theme.primary_h,
                    primary=True,
                )
                field.bind(on_activate=lambda *_a, f=form_field: self.type_into(f))
                form.add_widget(field)
        error = self.errors.get(form_field.id)
        if error:
            form.add_widget(self.text(error, color=P.ERROR_TEXT, bold=True))

    def type_into(self, form_field) -> None:
        if self.solved:
            return

        def done(value: str | None) -> None:
            if value is not None:
                self.set_value(form_field.id, value)

        name = form_field.label.rstrip(" *")
        said = [_("Remplissez la case : {name}").format(name=name)]
        if form_field.kind in PLACEHOLDERS:
            said.append(_("Exemple : {example}").format(example=EXAMPLES[form_field.kind]))
        self.host.open_typing("\n".join(said), self.values[form_field.id], done, reminder=name)

    def set_value(self, field_id: str, value: str) -> None:
        if self.solved:
            return
        self.values[field_id] = value
        if self.submitted:  # like real sites: the message updates once the field is corrected
            self._check()
        self.render()

    def toggle(self, field_id: str) -> None:
        self.set_value(field_id, "" if self.values[field_id] == "1" else "1")

    def _check(self) -> None:
        self.errors = {}
        for form_field in self.step.fields:
            problem = field_error(form_field, self.values[form_field.id])
            if problem:
                self.errors[form_field.id] = problem

    def submit(self) -> None:
        self.submitted = True
        self._check()
        if not self.errors:
            self.right(self.step.success)
        else:
            count = len(self.errors)
            self.wrong(
                _("Le site refuse le formulaire. Lisez les messages en rouge.")
                if count > 1
                else _("Le site refuse le formulaire. Lisez le message en rouge.")
            )

    def reveal(self) -> None:
        for form_field in self.step.fields:
            if form_field.expected is not None:
                self.values[form_field.id] = form_field.expected
            elif form_field.kind == "checkbox":
                self.values[form_field.id] = "1"
            elif form_field.kind == "select" and not self.values[form_field.id]:
                self.values[form_field.id] = form_field.options[0]
        self.errors = {}
