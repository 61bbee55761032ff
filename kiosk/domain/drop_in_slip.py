"""The slip a kiosk prints when no ticket can be issued today (cut-off): the next drop-in dates.

Pure: builds a kiosk.domain.receipts.Receipt from agenda sessions; the printer seam renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kiosk.domain.receipts import Feed, Receipt, Rule, Text, french_date, french_time
from kiosk.i18n import _

SHOWN = 3


def next_drop_ins(sessions: Sequence[Any], now: datetime, count: int = SHOWN) -> list[Any]:
    """The next ``count`` permanences starting after ``now`` (sessions with start, end, kind, place)."""
    found = [s for s in sessions if getattr(s, "kind", "") == "permanence" and s.start > now]
    return sorted(found, key=lambda s: s.start)[:count]


def drop_in_line(session: Any) -> str:
    """« Vendredi 4 décembre 2026, de 16 h à 17 h »."""
    start, end = session.start, session.end
    return _("{day}, de {start} à {end}").format(
        day=french_date(start).capitalize(), start=french_time(start), end=french_time(end)
    )


def cut_off_slip(*, site_name: str, sessions: Sequence[Any], printed_at: datetime) -> Receipt:
    """« Plus de ticket aujourd'hui » and the next drop-in dates, with their place."""
    blocks: list[Any] = [
        Text(site_name, bold=True, align="center"),
        Text(_("Plus de ticket aujourd'hui"), size="large", bold=True, align="center"),
        Text(_("Le conseiller ne pourra plus recevoir personne aujourd'hui.")),
        Rule(),
    ]
    upcoming = next_drop_ins(sessions, printed_at)
    if upcoming:
        blocks.append(Text(_("Revenez à une prochaine permanence, sans rendez-vous :"), bold=True))
        for session in upcoming:
            blocks.append(Text(drop_in_line(session), size="large"))
            if getattr(session, "place", ""):
                blocks.append(Text(session.place))
    else:
        blocks.append(Text(_("Demandez les prochaines dates à l'accueil."), size="large"))
    blocks += [Rule(), Text(f"{french_date(printed_at).capitalize()}, {french_time(printed_at)}"), Feed(2)]
    return Receipt(kind="drop_in_dates", blocks=tuple(blocks))
