"""Help, step 4: shows what the help flow (kiosk.flows.help_visit) says: the ticket (number, live
position, wait range, « absent jusqu'à 15 h »), printed, with « Réimprimer mon ticket » and « Annuler ma
demande »; then « C'est à vous ! » with a chime and a spoken call (the ticket number and where to go, never
the first name), said again once after ``call_repeat_s`` unless the resident has come, and again on the
advisor's « Rappeler ».

When the wait runs past the end of the drop-in, no ticket is issued: the screen says so and offers to
print the next drop-in dates. Printing goes through SlipPrint: when the printer fails or is slower than
``print_fallback_s``, the paper itself (with its QR code) shows on screen. The first name and needs are
handed to the hub and never kept here. Main thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kivy.properties import StringProperty

from kiosk.client.port import HelpTicket, QueueStatus
from kiosk.domain.agenda import Session
from kiosk.domain.drop_in_slip import cut_off_slip
from kiosk.domain.queue_hours import come_back_sentence
from kiosk.domain.receipts import Receipt, help_ticket, wait_sentence
from kiosk.domain.topics import Topic
from kiosk.flows import help_visit as flow
from kiosk.flows.help_visit import (
    Announce,
    Effect,
    GoHome,
    HelpAsk,
    HelpVisit,
    PrintTicket,
    RepeatCallLater,
    StartPolling,
    Visit,
)
from kiosk.i18n import _
from kiosk.speech import wav_seconds
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.slip_printing import SlipPrint
from kiosk.ui.sound import CHIME
from kiosk.ui.widgets import ticket_views as views
from kiosk.ui.widgets.slip_view import paper_on_screen
from kiosk.ui.widgets.ticket_views import call_speech
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

log = logging.getLogger(__name__)

UNREACHABLE = _("Le conseiller n'est pas joignable pour le moment.")
KEPT = _("Votre demande est gardée et sera envoyée dès que possible.")
SHOW_SCREEN = _("Montrez cet écran au conseiller.")


def ticket_qr(request_id: Any) -> str:
    """The QR payload printed on a help ticket (read back by the advisor's scanner and by tests)."""
    return f"kiosk:ticket:{request_id}"


class HelpTicketScreen(KioskScreen):
    """Renders the help flow's state; applies its effects (print, poll, announce, go home)."""

    state = StringProperty(Visit.IDLE.value)  # a Visit value
    print_state = StringProperty("")  # "" | printing | printed | failed
    ticket = StringProperty("")
    away_message = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: Topic | None = None
        self.visit = HelpVisit()
        self.print_message = ""
        self.announcements = 0  # calls announced (chime + voice): tests read it
        self.slip = SlipPrint(self, self._slip_changed)
        self._shown: tuple = ()
        self.actions_state: str | None = None  # the state the bottom bar's buttons were made for
        self.bind(state=self._render, print_state=self._render, away_message=self._render)

    # The flow owns these; the views and tests read them here.
    @property
    def request_id(self) -> int | str | None:
        return self.visit.request_id

    @property
    def ahead(self) -> int:
        return self.visit.ahead

    @property
    def wait_minutes(self) -> tuple[int, int]:
        return self.visit.wait_minutes

    @property
    def away_until(self) -> datetime | None:
        return self.visit.away_until

    @property
    def cut_off_message(self) -> str:
        return self.visit.cut_off_message

    @property
    def call_repeat_s(self) -> float:
        return self.visit.call_repeat_s

    @call_repeat_s.setter
    def call_repeat_s(self, seconds: float) -> None:
        self.visit.call_repeat_s = seconds

    def _show(self, effects: Sequence[Effect] = ()) -> None:
        """Mirror the flow on screen, then do what it asked."""
        self.ticket = self.visit.ticket
        self.away_message = self.visit.away_message
        self.state = self.visit.state.value
        if self.state == Visit.TICKET:
            self._render()  # a new position or wait
        for effect in effects:
            if isinstance(effect, PrintTicket):
                self._print()
            elif isinstance(effect, StartPolling):
                self.later(self._poll, effect.every_s, repeat=True)
            elif isinstance(effect, Announce):
                self.announce()
            elif isinstance(effect, RepeatCallLater):
                self.later(self._announce_again, effect.after_s)
            elif isinstance(effect, GoHome):
                if effect.after_s:
                    self.later(self.app.go_home, effect.after_s)
                else:
                    self.app.go_home()

    # -- visit ------------------------------------------------------------------------------------
    def prepare(
        self, topic: Topic | None = None, first_name: str = "", needs: tuple[str, ...] = (), **_params
    ) -> None:
        self._clear()
        self.topic = topic
        services = self.services
        self.visit = HelpVisit(
            poll_interval_s=services.poll_interval_s,
            called_home_s=services.called_home_s,
            call_repeat_s=self.visit.call_repeat_s,
        )
        if topic is None:
            self.visit.no_topic()
            self._show()
            return
        self.visit.start()
        self._show()
        ask = HelpAsk(topic.id, first_name=first_name, needs=tuple(needs))
        self.run(self._send, ask, on_done=self._sent, on_error=self._failed)

    def _send(self, ask: HelpAsk) -> flow.Outcome:  # worker thread
        return flow.submit(self.services.hub.get(timeout=30), ask)

    def _sent(self, outcome: flow.Outcome) -> None:
        self._show(self.visit.sent(outcome, self.services.now()))

    def _failed(self, error: BaseException) -> None:
        self.visit.failed(error)
        self._show()

    # -- printing ---------------------------------------------------------------------------------
    def _print(self) -> None:
        assert self.topic is not None
        receipt = help_ticket(
            site_name=self.services.config.site.name,
            ticket=self.ticket,
            topic_label=self.topic.label,
            ahead=self.ahead,
            wait_minutes=self.wait_minutes,
            issued_at=self.services.now(),
            bring=self.topic.bring,
            qr_data=ticket_qr(self.request_id),
            away_line=come_back_sentence(self.away_until) if self.away_message else "",
        )
        self._send_to_printer(receipt)

    def _send_to_printer(self, receipt: Receipt) -> None:
        self.slip.start(receipt)

    def _slip_changed(self) -> None:
        self.print_message = self.slip.message
        if self.slip.state == "failed" and self.slip.receipt is not None:
            self.print_message += " " + _("Votre ticket est à l'écran, plus bas.")
        self.print_state = self.slip.state
        self._render()  # e.g. the on-screen copy of the paper is ready (a no-op when nothing changed)

    def reprint(self) -> None:
        """« Réimprimer mon ticket »: the same number, with today's position and wait."""
        if self.state == Visit.TICKET and self.print_state != "printing":
            self._print()

    def print_dates(self) -> None:
        """After a cut-off: print the next drop-in dates."""
        if self.state != Visit.CUTOFF or self.print_state == "printing":
            return
        now = self.services.now()
        self.run(self.services.sessions, now, on_done=self._print_dates, on_error=self._dates_failed)

    def _print_dates(self, sessions: list[Session]) -> None:
        receipt = cut_off_slip(
            site_name=self.services.config.site.name, sessions=list(sessions), printed_at=self.services.now()
        )
        self._send_to_printer(receipt)

    def _dates_failed(self, error: BaseException) -> None:
        log.warning("next drop-in dates unavailable: %s", error)
        self.print_message = _("Les dates ne sont pas disponibles.")
        self.print_state = "failed"

    # -- cancelling -------------------------------------------------------------------------------
    def ask_cancel(self) -> None:
        self.visit.ask_cancel()
        self._show()

    def keep(self) -> None:
        self.visit.keep()
        self._show()

    def cancel(self) -> None:
        """« Oui, j'annule »: the hub cancels this kiosk's own request."""
        request_id = self.visit.begin_cancel()
        if request_id is None:
            return
        self._show()
        self.run(self._cancel, request_id, on_done=self._cancelled, on_error=self._cancel_failed)

    def _cancel(self, request_id: int | str) -> HelpTicket:  # worker thread
        return self.services.hub.get(timeout=5).cancel_help(request_id)

    def _cancelled(self, _result: HelpTicket) -> None:
        self._show(self.visit.cancelled())

    def _cancel_failed(self, error: BaseException) -> None:
        self.visit.cancel_failed(error)
        self._show()

    # -- waiting for the call ---------------------------------------------------------------------
    def _poll(self) -> None:
        request_id = self.visit.poll_due()
        if request_id is not None:
            self.run(self._fetch, request_id, on_done=self._polled, on_error=self._poll_failed)

    def _fetch(self, request_id: int | str) -> tuple[HelpTicket, QueueStatus | None]:  # worker thread
        return flow.fetch(self.services.hub.get(timeout=5), request_id)

    def _poll_failed(self, _error: BaseException) -> None:
        self.visit.poll_failed()

    def _polled(self, result: tuple[HelpTicket, QueueStatus | None]) -> None:
        ticket, queue = result
        self._show(self.visit.polled(ticket, queue, self.services.now()))

    def announce(self) -> None:
        """The chime, then the spoken call once the chime has rung (never over it)."""
        self.announcements += 1
        self.app.chime.play()
        self.later(self._say_call, wav_seconds(CHIME) + 0.2)

    def _say_call(self) -> None:
        if self.state == Visit.CALLED:
            from kiosk.ui.speaker import speaker_of

            speaker_of(self.app).say(call_speech(self.ticket))

    def _announce_again(self) -> None:
        self._show(self.visit.repeat_due())

    def speech_text(self) -> str:
        """What 🔊 reads: the call when called, else the screen's words (no name is ever shown)."""
        from kiosk.ui.speaker import readable_text

        return call_speech(self.ticket) if self.state == "called" else readable_text(self)

    # -- showing ----------------------------------------------------------------------------------
    def is_guarded(self) -> bool:
        # Waiting for the call shows nothing personal: no inactivity question, the call must be seen.
        return self.state not in ("ticket", "called", "confirm_cancel")

    def wait_text(self) -> str:
        return wait_sentence(self.ahead, self.wait_minutes)

    def _shown_key(self) -> tuple:
        """What the body shows; the same key means the same widgets (nothing is rebuilt)."""
        if self.state in ("confirm_cancel", "called", "cancelled", "queued", "error", "idle"):
            return (self.state, self.ticket)
        if self.state == "sending":
            return (self.state, self.app.hub_state)
        return (
            self.state,
            self.ticket,
            self.print_state,
            self.print_message,
            self.slip.preview is not None,
            self.away_message,
            self.ahead,
            self.wait_minutes,
            self.cut_off_message,
        )

    def _render(self, *_args) -> None:
        # Never rebuild what is already shown: a button replaced under a finger loses the tap.
        key = self._shown_key()
        if key == self._shown:
            return
        self._shown = key
        body = self.ids.body
        body.clear_widgets()
        views.fill_actions(self, self.ids.actions)
        topic_label = self.topic.label if self.topic else ""
        if self.state == "sending":
            wait = _("Démarrage…") if self.app.hub_state == "starting" else _("Un instant…")
            body.add_widget(views.message(_("Votre demande part au conseiller."), wait))
        elif self.state == "ticket":
            body.add_widget(views.ticket(self, topic_label))
            if self.print_state == "failed":
                body.add_widget(paper_on_screen(self.slip.preview))
        elif self.state == "confirm_cancel":
            body.add_widget(views.confirm_cancel(self))
        elif self.state == "called":
            body.add_widget(views.called(self.ticket))
        elif self.state == "cancelled":
            body.add_widget(views.message(_("Votre demande est annulée."), _("À bientôt !")))
        elif self.state == "cutoff":
            body.add_widget(views.cut_off(self))
            if self.print_state == "failed" and self.slip.receipt is not None:
                body.add_widget(paper_on_screen(self.slip.preview))
        elif self.state == "queued":
            body.add_widget(views.message(UNREACHABLE, KEPT, warning=True))
        elif self.state == "error":
            body.add_widget(
                views.message(
                    UNREACHABLE, _("Réessayez dans un instant, ou demandez à l'accueil."), warning=True
                )
            )

    def print_lines(self) -> tuple[str, str, bool]:
        """(line, second line, is a problem) describing the printing."""
        if self.print_state == "printing":
            return _("Impression en cours…"), "", False
        if self.print_state == "printed":
            if self.state == "cutoff":
                return _("Prenez la feuille imprimée."), "", False
            return _("Prenez votre ticket imprimé."), "", False
        if self.print_state == "failed":
            return self.print_message, SHOW_SCREEN, True
        return "", "", False

    # -- session end ------------------------------------------------------------------------------
    def _clear(self) -> None:
        self.stop_timers()
        self.topic = None
        self.visit.reset()
        self.ticket = ""
        self.away_message = ""
        self.print_message = ""
        self.slip.clear()
        self.print_state = ""

    def wipe(self) -> None:
        self._clear()
        self.state = Visit.IDLE.value
