"""Help, step 4: checks the queue (cut-off), sends the request, shows the ticket (number, live position,
wait range, « absent jusqu'à 15 h »), prints it, offers « Réimprimer mon ticket » and « Annuler ma
demande », then polls the hub until the advisor calls: « C'est à vous ! » with a chime and a spoken call
(the ticket number and where to go, never the first name), said again once after ``call_repeat_s`` unless
the resident has come, and again on the advisor's « Rappeler » (when the hub reports ``recall_count``).

When the wait runs past the end of the drop-in, no ticket is issued: the screen says so and offers to
print the next drop-in dates. Printing goes through SlipPrint: when the printer fails or is slower than
``print_fallback_s``, the paper itself (with its QR code) shows on screen. The first name and needs are
handed to the hub and never kept here. Main thread only.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from kivy.properties import StringProperty

from kiosk.domain.drop_in_slip import cut_off_slip
from kiosk.domain.queue_hours import come_back_sentence
from kiosk.domain.receipts import help_ticket, wait_sentence
from kiosk.domain.topics import Topic
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

CALLED = frozenset({"called", "in_progress"})
WATCHED = ("ticket", "confirm_cancel", "called")  # screen states that keep polling the hub
FINISHED = frozenset({"done", "no_show", "cancelled"})
UNREACHABLE = _("Le conseiller n'est pas joignable pour le moment.")
KEPT = _("Votre demande est gardée et sera envoyée dès que possible.")
SHOW_SCREEN = _("Montrez cet écran au conseiller.")
CANCELLED_HOME_S = 8.0
CALL_REPEAT_S = 20.0  # « C'est à vous ! » said again once, for a resident who was looking away


def ticket_qr(request_id: Any) -> str:
    """The QR payload printed on a help ticket (read back by the advisor's scanner and by tests)."""
    return f"kiosk:ticket:{request_id}"


def _status(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


class CutOff:
    """The hub said no ticket can be served today (the queue status it sent)."""

    def __init__(self, status: dict[str, Any]) -> None:
        self.status = status


class HelpTicketScreen(KioskScreen):
    """States: sending → ticket (⇄ confirm_cancel) → called | cancelled; or cutoff / queued / error."""

    state = StringProperty("idle")  # idle|sending|ticket|confirm_cancel|called|cancelled|cutoff|queued|error
    print_state = StringProperty("")  # "" | printing | printed | failed
    ticket = StringProperty("")
    away_message = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: Topic | None = None
        self.request_id: Any = None
        self.ahead = 0
        self.wait_minutes: tuple[int, int] = (0, 0)
        self.away_until: datetime | None = None
        self.print_message = ""
        self.cut_off_message = ""
        self._polling = False
        self.call_repeat_s = CALL_REPEAT_S
        self.announcements = 0  # calls announced (chime + voice): tests read it
        self._recalls = 0
        self._call_status = ""
        self.slip = SlipPrint(self, self._slip_changed)
        self._shown: tuple = ()
        self.bind(state=self._render, print_state=self._render, away_message=self._render)

    # -- visit ------------------------------------------------------------------------------------
    def prepare(
        self, topic: Topic | None = None, first_name: str = "", needs: tuple[str, ...] = (), **_params
    ) -> None:
        self._clear()
        self.topic = topic
        if topic is None:
            self.state = "error"
            return
        self.state = "sending"
        self.run(self._send, topic.id, first_name, tuple(needs), on_done=self._sent, on_error=self._failed)

    def _send(self, topic_id: str, first_name: str, needs: tuple[str, ...]) -> Any:  # worker thread
        client = self.services.hub.get(timeout=30)
        status = _queue_status(client)
        if status is not None and status.get("accepting") is False:
            return CutOff(status)
        ticket = client.request_help(topic_id, first_name=first_name, needs=needs)
        return ticket, status

    def _sent(self, result: Any) -> None:
        if isinstance(result, CutOff):
            self.cut_off_message = str(result.status.get("message") or "")
            self.state = "cutoff"
            return
        ticket, status = result
        if getattr(ticket, "ticket", None) in (None, ""):
            log.info("help request kept in the outbox")
            self.state = "queued"
            return
        self.request_id = ticket.id
        self.ticket = str(ticket.ticket)
        self._update(ticket, status)
        self.state = "ticket"
        self._print()
        self.later(self._poll, self.services.poll_interval_s, repeat=True)

    def _failed(self, error: BaseException) -> None:
        log.warning("help request failed: %s", error)
        self.state = "error"

    def _update(self, result: Any, status: dict[str, Any] | None) -> None:
        self.ahead = int(getattr(result, "ahead", 0) or 0)
        wait = getattr(result, "wait_minutes", None) or (0, 0)
        self.wait_minutes = (int(wait[0]), int(wait[1]))
        if status is not None:
            self.away_message = str(status.get("away_message") or "")
            until = status.get("away_until")
            self.away_until = _local(until, self.services.now()) if until else None
        if self.state == "ticket":
            self._render()

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

    def _send_to_printer(self, receipt: Any) -> None:
        self.slip.start(receipt)

    def _slip_changed(self) -> None:
        self.print_message = self.slip.message
        if self.slip.state == "failed" and self.slip.receipt is not None:
            self.print_message += " " + _("Votre ticket est à l'écran, plus bas.")
        self.print_state = self.slip.state
        self._render()  # e.g. the on-screen copy of the paper is ready (a no-op when nothing changed)

    def reprint(self) -> None:
        """« Réimprimer mon ticket »: the same number, with today's position and wait."""
        if self.state == "ticket" and self.print_state != "printing":
            self._print()

    def print_dates(self) -> None:
        """After a cut-off: print the next drop-in dates."""
        if self.state != "cutoff" or self.print_state == "printing":
            return
        now = self.services.now()
        self.run(self.services.sessions, now, on_done=self._print_dates, on_error=self._dates_failed)

    def _print_dates(self, sessions: Any) -> None:
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
        if self.state == "ticket":
            self.state = "confirm_cancel"

    def keep(self) -> None:
        if self.state == "confirm_cancel":
            self.state = "ticket"

    def cancel(self) -> None:
        """« Oui, j'annule »: the hub cancels this kiosk's own request."""
        if self.state != "confirm_cancel" or self.request_id is None:
            return
        self.state = "sending"
        self.run(self._cancel, self.request_id, on_done=self._cancelled, on_error=self._cancel_failed)

    def _cancel(self, request_id: Any) -> Any:  # worker thread
        return self.services.hub.get(timeout=5).cancel_help(request_id)

    def _cancelled(self, _result: Any) -> None:
        self.state = "cancelled"
        self.later(self.app.go_home, CANCELLED_HOME_S)

    def _cancel_failed(self, error: BaseException) -> None:
        log.info("cancel refused: %s", error)
        self.state = "ticket"  # already called, or the hub is away: the ticket stays valid

    # -- waiting for the call ---------------------------------------------------------------------
    def _poll(self) -> None:
        if (
            self._polling
            or self.request_id is None
            or self.state not in ("ticket", "confirm_cancel", "called")
        ):
            return
        self._polling = True
        self.run(self._fetch, self.request_id, on_done=self._polled, on_error=self._poll_failed)

    def _fetch(self, request_id: Any) -> Any:  # worker thread
        client = self.services.hub.get(timeout=5)
        return client.help_request(request_id), _queue_status(client)

    def _poll_failed(self, _error: BaseException) -> None:
        self._polling = False  # try again at the next tick; the ticket stays on screen

    def _polled(self, result: Any) -> None:
        self._polling = False
        ticket, queue = result
        status = _status(getattr(ticket, "status", ""))
        recalls = int(getattr(ticket, "recall_count", 0) or 0)
        if status in CALLED and self.state in ("ticket", "confirm_cancel"):
            self.state = "called"
            self._call_status, self._recalls = status, recalls
            self.announce()
            self.later(self.app.go_home, self.services.called_home_s)
            self.later(self._announce_again, self.call_repeat_s)
        elif status in CALLED and self.state == "called":
            self._call_status = status
            if recalls > self._recalls:  # the advisor pressed « Rappeler »
                self._recalls = recalls
                self.announce()
        elif status in FINISHED:
            self.app.go_home()
        else:
            self._update(ticket, queue)

    def announce(self) -> None:
        """The chime, then the spoken call once the chime has rung (never over it)."""
        self.announcements += 1
        self.app.chime.play()
        self.later(self._say_call, wav_seconds(CHIME) + 0.2)

    def _say_call(self) -> None:
        if self.state == "called":
            from kiosk.ui.speaker import speaker_of

            speaker_of(self.app).say(call_speech(self.ticket))

    def _announce_again(self) -> None:
        if self.state == "called" and self._call_status == "called":  # not yet with the advisor
            self.announce()

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
        self.request_id = None
        self.ticket = ""
        self.ahead = 0
        self.wait_minutes = (0, 0)
        self.away_until = None
        self.away_message = ""
        self.print_message = ""
        self.cut_off_message = ""
        self._polling = False
        self._recalls = 0
        self._call_status = ""
        self.slip.clear()
        self.print_state = ""

    def wipe(self) -> None:
        self._clear()
        self.state = "idle"


def _queue_status(client: Any) -> dict[str, Any] | None:
    """The hub's queue status, or None when this client or hub cannot say (never raises)."""
    getter = getattr(client, "queue_status", None)
    if getter is None:
        return None
    try:
        status = getter()
    except Exception as exc:  # an old hub, or unreachable: the request itself will tell
        log.info("queue status unavailable: %s", exc)
        return None
    return status if isinstance(status, dict) else None


def _local(text: str, now: datetime) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(now.tzinfo) if now.tzinfo else moment
