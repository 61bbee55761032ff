"""« Prochaines séances »: drop-ins and workshops by kind and place, « Imprimer mes prochaines dates »,
« M'inscrire » on workshops, and a discreet way into staff mode.

The agenda comes from the hub (seats left after registrations) and, when the hub is unreachable, from
the local agenda source. Loading and printing run in the worker. Main thread only.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from kivy.app import App
from kivy.clock import Clock

from kiosk.client.port import HubRefused, HubUnavailable
from kiosk.domain.agenda import Session, french_slot, grouped, kind_label, seats_sentence
from kiosk.domain.receipts import french_date, french_time
from kiosk.domain.slips import next_dates
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import HubNotReady, Services
from kiosk.ui.slip_printing import SlipPrint
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.slip_view import slip_view
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.ticket_views import Panel
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

log = logging.getLogger(__name__)

MAX_SHOWN = 12
AHEAD_DAYS = 60


def load_agenda(services: Services) -> tuple[list[Session], datetime | None, bool]:
    """(sessions, updated_at, stale) from the hub, else from the local source (worker thread)."""
    now = services.now()
    try:
        client = services.hub.get(timeout=5)
        page = client.agenda(now.date().isoformat(), (now + timedelta(days=AHEAD_DAYS)).date().isoformat())
        return [s for s in page.sessions if s.start >= now], page.updated_at, page.stale
    except (HubNotReady, HubUnavailable, HubRefused) as exc:  # no hub, or away: the local agenda still works
        log.info("agenda from the local source (%s)", exc)
    return list(services.sessions(now)), None, False


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class AgendaScreen(KioskScreen):
    """Sessions grouped by kind and place, each on a card; the printing area on top when used."""

    guarded = False  # nothing personal here

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sessions: list[Session] = []
        self.updated_at: datetime | None = None
        self.stale = False
        self.slip = SlipPrint(self, self._slip_changed)
        self._slip_widget: Any = None

    def prepare(self, **_params) -> None:
        self.slip.clear()
        self.sessions = []
        box = self.ids.list
        box.clear_widgets()
        box.add_widget(TextBlock(text=_("Un instant…")))
        self.run(load_agenda, self.services, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[list[Session], datetime | None, bool]) -> None:
        self.sessions, self.updated_at, self.stale = result
        self._render()

    def _failed(self, _error: BaseException) -> None:
        box = self.ids.list
        box.clear_widgets()
        box.add_widget(TextBlock(text=_("Le programme ne peut pas être affiché pour le moment.")))

    # -- actions ----------------------------------------------------------------------------------
    def print_dates(self) -> None:
        receipt = next_dates(
            site_name=self.services.config.site.name,
            sessions=self.sessions,
            printed_at=self.services.now(),
            updated_at=self.updated_at,
            stale=self.stale,
        )
        self.slip.start(receipt)

    def register(self, session: Session) -> None:
        self.app.go("register", session=session)

    def open_staff(self) -> None:
        self.app.go("staff_pin")

    # -- showing ----------------------------------------------------------------------------------
    def _button(self, text: str, action: str, callback: Any, *, primary: bool = False) -> BigButton:
        theme = App.get_running_app().theme
        button = BigButton(
            text=text,
            action=action,
            style="primary" if primary else "tile",
            primary=primary,
            size_hint_y=None,
            height=theme.primary_h if primary else theme.mm(14),
            grow=True,
            min_height=theme.primary_h if primary else theme.mm(14),
        )
        button.bind(on_activate=lambda *_a: callback())
        return button

    def _slip_changed(self) -> None:
        """Only the printing area at the top changes: the session cards stay, so a tap in progress on
        « M'inscrire » is not lost; and unless the resident is at the top, the view does not move."""
        box, scroll = self.ids.list, self.ids.scroll
        room = box.height - scroll.height
        at_top = room <= 0 or scroll.scroll_y >= 0.99
        from_bottom = scroll.scroll_y * room
        if self._slip_widget is not None and self._slip_widget in box.children:
            box.remove_widget(self._slip_widget)
        self._slip_widget = slip_view(self.slip) if self.slip.state else None
        if self._slip_widget is not None:
            box.add_widget(self._slip_widget, index=len(box.children))  # first from the top
        if not at_top:
            self._keep_view(from_bottom)

    def _keep_view(self, from_bottom: float) -> None:
        """While the list's height settles (a few frames), keep ``from_bottom`` pixels below the view."""
        box, scroll = self.ids.list, self.ids.scroll

        def keep(*_args) -> None:
            if scroll._touch:  # the resident is scrolling: theirs to decide
                return
            room = box.height - scroll.height
            scroll.scroll_y = min(1.0, from_bottom / room) if room > 0 else 1.0

        box.bind(height=keep)
        Clock.schedule_once(keep, 0)
        Clock.schedule_once(lambda _dt: box.unbind(height=keep), 0.5)

    def _render(self) -> None:
        box = self.ids.list
        box.clear_widgets()
        self._slip_widget = slip_view(self.slip) if self.slip.state else None
        if self._slip_widget is not None:
            box.add_widget(self._slip_widget)
        shown = self.sessions[:MAX_SHOWN]
        if shown:
            box.add_widget(
                self._button(
                    _("Imprimer mes prochaines dates"), "agenda:print", self.print_dates, primary=True
                )
            )
        if self.stale and self.updated_at is not None:
            when = self.updated_at.astimezone(self.services.now().tzinfo)
            box.add_widget(
                TextBlock(
                    text=_("Programme mis à jour le {day} à {time}.").format(
                        day=french_date(when), time=french_time(when)
                    ),
                    color=P.TEXT_MUTED,
                )
            )
        if not shown:
            box.add_widget(TextBlock(text=_("Aucune séance prévue pour le moment.")))
        for kind, place, sessions in grouped(shown):
            heading = kind_label(kind) + (f" — {place}" if place else "")
            box.add_widget(TextBlock(text=heading, role="button", bold=True, color=P.PRIMARY))
            for session in sessions:
                box.add_widget(self._card(session))
        box.add_widget(self._button(_("Espace du personnel"), "agenda:staff", self.open_staff))

    def _card(self, session: Session) -> Panel:
        card = Panel(background=P.TILE)
        card.add_widget(TextBlock(text=_cap(french_slot(session)), role="button", bold=True))
        if session.kind != "permanence" or session.title not in ("", "Permanence numérique"):
            card.add_widget(TextBlock(text=session.title))
        details = [
            d
            for d in (
                _("Niveau {level}.").format(level=session.level) if session.level else "",
                seats_sentence(session),
            )
            if d
        ]
        if details:
            card.add_widget(TextBlock(text=" ".join(details), color=P.TEXT_MUTED))
        if session.registrable and session.id:
            full = (session.seats_left or 0) <= 0
            text = _("M'inscrire sur la liste d'attente") if full else _("M'inscrire")
            card.add_widget(
                self._button(text, f"agenda:register:{session.id}", lambda s=session: self.register(s))
            )
        return card

    def wipe(self) -> None:
        self.slip.clear()
