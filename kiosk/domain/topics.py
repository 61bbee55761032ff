"""Help topics a resident can choose, their ticket prefixes and their CRA themes (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kiosk import i18n
from kiosk.i18n import _


@dataclass(frozen=True)
class Topic:
    """One help topic.

    Attributes:
        id: stable identifier used in the API.
        prefix: one letter that starts the ticket number (P07).
        label: French label shown to residents and advisors.
        pictogram: file name (without extension) under assets/pictograms/.
        cra_theme: La Coop de la médiation numérique's CRA theme (an API value, a key of
            kiosk.domain.cra.THEMES) that the activity report of this request gets.
        bring: what the resident should have in hand, printed on the ticket.
    """

    id: str
    prefix: str
    label: str
    pictogram: str
    cra_theme: str
    bring: str


def _topics() -> tuple[Topic, ...]:
    return _translated_topics(i18n.translation())


@lru_cache(maxsize=4)
def _translated_topics(_catalogue: object) -> tuple[Topic, ...]:
    """The topics with labels in one catalogue's language, built once (a statistics page or a kiosk
    request looked a topic up several times, each time translating all of them anew)."""
    return (
        Topic(
            "papiers",
            "P",
            _("Mes papiers en ligne"),
            "papiers",
            "aide_aux_demarches_administratives",
            _("Vos identifiants, vos papiers et vos courriers."),
        ),
        Topic(
            "emails",
            "E",
            _("Mes e-mails"),
            "emails",
            "email",
            _("Votre adresse e-mail et votre mot de passe."),
        ),
        Topic(
            "appareil",
            "T",
            _("Mon téléphone ou ma tablette"),
            "appareil",
            "prendre_en_main_du_materiel",
            _("Votre appareil chargé et son code."),
        ),
        Topic(
            "imprimer",
            "I",
            _("Imprimer ou scanner"),
            "imprimer",
            "bureautique",
            _("Le document, sur papier, clé USB ou téléphone."),
        ),
        Topic(
            "internet",
            "N",
            _("Internet"),
            "internet",
            "navigation_sur_internet",
            _("Votre question, écrite si possible."),
        ),
        Topic(
            "emploi",
            "C",
            _("Mon CV et l'emploi"),
            "emploi",
            "insertion_professionnelle",
            _("Votre CV, sur papier ou clé USB."),
        ),
        Topic(
            "autre",
            "A",
            _("Autre"),
            "autre",
            "diagnostic_numerique",
            _("Votre question, écrite si possible."),
        ),
    )


def all_topics() -> tuple[Topic, ...]:
    """Every topic, in the order the kiosk shows them (labels in the current language)."""
    return _topics()


@lru_cache(maxsize=4)
def _topics_by_id(catalogue: object) -> dict[str, Topic]:
    return {t.id: t for t in _translated_topics(catalogue)}


def topic_by_id(topic_id: str) -> Topic | None:
    """The topic with this id, or None (one dictionary read: an advisor's list looks up every row's)."""
    return _topics_by_id(i18n.translation()).get(topic_id)
