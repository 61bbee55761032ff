"""La Coop de la médiation numérique's CRA vocabulary (themes, equipment, autonomy, redirection, place
types), the activity-export columns, and the draft an advisor confirms when a help request ends.

Values are the Coop's public API values (``navigation_sur_internet``); labels are the Coop's French
labels, so an export reads like the Coop's own « Activités » spreadsheet. Pure data and functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Thématiques (apps/web/src/features/activites/use-cases/cra/fields/thematique.ts).
THEMES: dict[str, str] = {
    "diagnostic_numerique": "Diagnostic numérique",
    "prendre_en_main_du_materiel": "Prendre en main du matériel",
    "maintenance_de_materiel": "Maintenance de matériel",
    "gere_ses_contenus_numeriques": "Gérer ses contenus numériques",
    "navigation_sur_internet": "Navigation sur internet",
    "email": "E-mail",
    "bureautique": "Bureautique",
    "reseaux_sociaux": "Réseaux sociaux communication",
    "sante": "Santé",
    "banque_et_achats_en_ligne": "Banque et achats en ligne",
    "entrepreneuriat": "Accompagner un professionnel",
    "insertion_professionnelle": "Insertion professionnelle",
    "securite_numerique": "Prévention en sécurité numérique",
    "parentalite": "Parentalité",
    "scolarite_et_numerique": "Scolarité et numérique",
    "creer_avec_le_numerique": "Créer avec le numérique",
    "culture_numerique": "Culture numérique",
    "intelligence_artificielle": "Intelligence artificielle (IA)",
    "aide_aux_demarches_administratives": "Aide aux démarches administratives",
    "papiers_elections_citoyennete": "Papiers - Élections - Citoyenneté",
    "famille_scolarite": "Famille - Scolarité",
    "social_sante": "Social - Santé",
    "travail_formation": "Travail - Formation - Entreprise",
    "logement": "Logement",
    "transports_mobilite": "Transports - Mobilité",
    "argent_impots": "Argent - Impôts",
    "justice": "Justice",
    "etrangers_europe": "Étrangers - Europe",
    "loisirs_sports_culture": "Loisirs - Sports - Culture",
    "associations": "Associations",
}

# Matériel numérique utilisé.
EQUIPMENT: dict[str, str] = {
    "ordinateur": "Ordinateur",
    "telephone": "Téléphone",
    "tablette": "Tablette",
    "autre": "Autre",
    "aucun": "Pas de matériel",
}

# Niveau d'autonomie: label and the Coop's stars (exported as « 2/3 »).
AUTONOMY: dict[str, tuple[str, int]] = {
    "entierement_accompagne": ("Avec guidage", 1),
    "partiellement_autonome": ("Autonome avec guidage en cas de besoin", 2),
    "autonome": ("Autonome", 3),
}

# Structure de redirection.
REDIRECTIONS: dict[str, str] = {
    "administration": "Administration (mairie, préfecture…)",
    "mediation_numerique": "Autre structure de médiation numérique",
    "operateur_ou_organisme_en_charge": "Opérateur ou organisme en charge de la démarche administrative",
    "aide_sociale": "Structure d’aide sociale (maison des solidarités, centre social…)",
    "insertion_professionnelle": "Structure d’insertion professionnelle (France Travail, mission locale…)",
    "aide_aux_demarches_administratives": "Structure d’aide aux démarches administratives (France Services…)",
    "autre": "Autre",
}

# Canaux d'accompagnement (typeLieu).
PLACE_TYPES: dict[str, str] = {
    "lieu_activite": "Lieu d’activité",
    "autre": "Autre lieu",
    "domicile": "À domicile",
    "a_distance": "À distance",
}

# The Coop's « Activités » export headers, in its order (buildActivitesWorksheet.ts).
EXPORT_COLUMNS = (
    "Date",
    "Type",
    "Nombre de participants",
    "Bénéficiaire",
    "Canaux d’accompagnement",
    "Lieu",
    "Durée (min)",
    "Nom de l’atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d’autonomie (ou de l’atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune de résidence du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "Notes supplémentaires",
)
ANONYMOUS = "Anonyme"
NOT_GIVEN = "Non communiqué"
NOTE_MAX = 500
MAX_DURATION_MIN = 23 * 60 + 59  # the Coop's custom duration limit


class CraError(ValueError):
    """A CRA field holds a value outside the Coop's vocabulary."""


@dataclass(frozen=True)
class Activity:
    """One individual CRA line (anonymous: no beneficiary, no name).

    Attributes:
        day: local date, YYYY-MM-DD.
        duration_min: minutes from the call to the end, at least 1.
        theme: a THEMES key.
        place: the médiathèque's name.
        equipment: EQUIPMENT keys (empty: not filled in).
        autonomy: an AUTONOMY key, or "".
        redirection: a REDIRECTIONS key, or "" (not redirected).
        note: the advisor's note (no names: the form says so).
        place_type: a PLACE_TYPES key.
    """

    day: str
    duration_min: int
    theme: str
    place: str
    equipment: tuple[str, ...] = field(default_factory=tuple)
    autonomy: str = ""
    redirection: str = ""
    note: str = ""
    place_type: str = "lieu_activite"

    def checked(self) -> Activity:
        """This activity when every value is in the Coop's vocabulary. Raises CraError naming the field."""
        if self.theme not in THEMES:
            raise CraError(f"theme: unknown value {self.theme!r}")
        if any(e not in EQUIPMENT for e in self.equipment):
            raise CraError("equipment: unknown value")
        if self.autonomy and self.autonomy not in AUTONOMY:
            raise CraError(f"autonomy: unknown value {self.autonomy!r}")
        if self.redirection and self.redirection not in REDIRECTIONS:
            raise CraError(f"redirection: unknown value {self.redirection!r}")
        if self.place_type not in PLACE_TYPES:
            raise CraError(f"place_type: unknown value {self.place_type!r}")
        if not 1 <= self.duration_min <= MAX_DURATION_MIN:
            raise CraError("duration_min: expected 1 to 1439 minutes")
        if len(self.note) > NOTE_MAX:
            raise CraError(f"note: at most {NOTE_MAX} characters")
        return self


def duration_minutes(seconds: float) -> int:
    """Whole minutes of a call→done span, rounded up (a 30 s help counts as 1 min), capped at 23 h 59."""
    return max(1, min(MAX_DURATION_MIN, math.ceil(max(seconds, 0) / 60)))


def export_row(activity: Activity) -> list[str]:
    """The activity as one row under EXPORT_COLUMNS (date as dd/mm/yyyy, French spreadsheet habit)."""
    year, month, day = activity.day.split("-")
    autonomy = ""
    if activity.autonomy:
        autonomy = f"{AUTONOMY[activity.autonomy][1]}/{len(AUTONOMY)}"
    return [
        f"{day}/{month}/{year}",
        "Accompagnement individuel",
        "1",
        ANONYMOUS,
        PLACE_TYPES[activity.place_type],
        activity.place,
        str(activity.duration_min),
        "",
        "\n".join(EQUIPMENT[e] for e in activity.equipment),
        THEMES[activity.theme],
        "",
        "",
        autonomy,
        "Oui" if activity.redirection else "Non",
        REDIRECTIONS.get(activity.redirection, ""),
        "-",
        NOT_GIVEN,
        NOT_GIVEN,
        NOT_GIVEN,
        activity.note,
    ]
