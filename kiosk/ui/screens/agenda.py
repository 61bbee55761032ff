"""« Prochaines séances »: drop-in hours and workshops from the agenda source (read in the worker).

Main thread only.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain.receipts import french_date, french_time
from kiosk.i18n import _, ngettext
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.ticket_views import Panel
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

MAX_SHOWN = 12
KINDS = {"permanence": "Permanence sans rendez-vous", "atelier": "Atelier", "rendez-vous": "Rendez-vous"}


def slot_text(session: Any) -> str:
    """« Vendredi 28 novembre, 16 h – 17 h » (the domain's french_slot when it exists)."""
    try:
        from kiosk.domain.agenda import french_slot

        text = str(french_slot(session))
        return text[:1].upper() + text[1:]
    except ImportError:
        start, end = session.start, session.end
        return f"{french_date(start).capitalize()}, {french_time(start)} – {french_time(end)}"


def seats_text(session: Any) -> str:
    kind = str(getattr(session, "kind", ""))
    seats = getattr(session, "seats_left", None)
    if kind == "permanence" or seats is None:
        return _("Sans inscription.")
    if seats <= 0:
        return _("Complet.")
    return ngettext("{n} place libre.", "{n} places libres.", seats).format(n=seats)


class AgendaScreen(KioskScreen):
    """A list of the next sessions, each on a tile-coloured card."""

    def prepare(self, **_params) -> None:
        box = self.ids.list
        box.clear_widgets()
        box.add_widget(TextBlock(text=_("Un instant…")))
        self.run(self.services.sessions, self.services.now(), on_done=self._loaded, on_error=self._failed)

    def _loaded(self, sessions: list[Any]) -> None:
        box = self.ids.list
        box.clear_widgets()
        if not sessions:
            box.add_widget(TextBlock(text=_("Aucune séance prévue pour le moment.")))
        for session in list(sessions)[:MAX_SHOWN]:
            card = Panel(background=P.TILE)
            card.add_widget(TextBlock(text=slot_text(session), role="button", bold=True))
            kind = str(getattr(session, "kind", ""))
            title = str(getattr(session, "title", "") or _(KINDS.get(kind, "")))
            card.add_widget(TextBlock(text=title))
            place = str(getattr(session, "place", "") or "")
            card.add_widget(
                TextBlock(text=(place + " — " if place else "") + seats_text(session), color=P.TEXT_MUTED)
            )
            box.add_widget(card)

    def _failed(self, _error: BaseException) -> None:
        box = self.ids.list
        box.clear_widgets()
        box.add_widget(TextBlock(text=_("Le programme ne peut pas être affiché pour le moment.")))
