"""The four slips of issue 5 with fixed data, for golden files, decoder checks and benchmarks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.domain.agenda import Session
from kiosk.domain.receipts import Receipt
from kiosk.domain.slips import appointment, next_dates, registration_confirmed, registration_waitlisted

PARIS = ZoneInfo("Europe/Paris")
SITE = "Médiathèque de la Côte des Roses"
PRINTED = datetime(2026, 11, 26, 15, 30, tzinfo=PARIS)
WORKSHOP = Session(
    datetime(2026, 12, 3, 14, tzinfo=PARIS),
    datetime(2026, 12, 3, 16, tzinfo=PARIS),
    "atelier",
    "La sécurité sur Internet",
    "Salle 2",
    0,
    id="atelier@test/20261203T130000Z",
    capacity=8,
    theme="sécurité numérique",
    level="débutant",
)
DROP_INS = [
    Session(
        datetime(2026, 11, 27, 16, tzinfo=PARIS),
        datetime(2026, 11, 27, 17, tzinfo=PARIS),
        "permanence",
        "Permanence numérique",
        SITE,
    ),
    Session(
        datetime(2026, 11, 28, 10, tzinfo=PARIS),
        datetime(2026, 11, 28, 12, tzinfo=PARIS),
        "permanence",
        "Permanence numérique",
        "Maison de quartier de Terville",
    ),
    Session(
        datetime(2026, 12, 4, 16, tzinfo=PARIS),
        datetime(2026, 12, 4, 17, tzinfo=PARIS),
        "permanence",
        "Permanence numérique",
        SITE,
    ),
]


def samples() -> dict[str, Receipt]:
    """Kind → receipt."""
    return {
        "next_dates": next_dates(site_name=SITE, sessions=[*DROP_INS, WORKSHOP], printed_at=PRINTED),
        "confirmation": registration_confirmed(
            site_name=SITE, first_name="Zoé", session=WORKSHOP, has_phone=False, printed_at=PRINTED
        ),
        "waitlist": registration_waitlisted(
            site_name=SITE, first_name="Zoé", session=WORKSHOP, position=2, has_phone=True, printed_at=PRINTED
        ),
        "appointment": appointment(
            site_name=SITE,
            first_name="Lucienne",
            start=datetime(2026, 12, 3, 10, 15, tzinfo=PARIS),
            duration_min=45,
            place="Médiathèque, bureau 2",
            advisor="Karim",
            bring=("piece", "vitale", "identifiants"),
            printed_at=PRINTED,
        ),
    }
