"""The themes that group lessons on « Apprendre » (« Mon téléphone », « Mes démarches »…), in the order
shown, each with its pictogram. Data, not code; labels are French first, through gettext."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.i18n import _

ThemeId = Literal[
    "premiers-pas", "telephone", "internet", "mails", "securite", "demarches", "documents", "entreprise"
]


@dataclass(frozen=True)
class Theme:
    """One group of lessons: ``id`` as written in lesson.yaml (``theme:``), its label and pictogram."""

    id: str
    label: str
    pictogram: str


def all_themes() -> tuple[Theme, ...]:
    """Every theme, in the order « Apprendre » lists them."""
    return (
        Theme("premiers-pas", _("Mes premiers pas"), "apprendre"),
        Theme("telephone", _("Mon téléphone et ma tablette"), "appareil"),
        Theme("internet", _("Internet"), "internet"),
        Theme("mails", _("Mes e-mails"), "emails"),
        Theme("securite", _("Ma sécurité"), "aide"),
        Theme("demarches", _("Mes démarches"), "papiers"),
        Theme("documents", _("Mes documents et l'emploi"), "emploi"),
        Theme("entreprise", _("Mon entreprise"), "agenda"),
    )


def theme_by_id(theme_id: str | None) -> Theme | None:
    """The theme with this id, or None."""
    return next((t for t in all_themes() if t.id == theme_id), None)
