"""Help, step 3: sends the request, shows the ticket (number, people ahead, wait range), prints it, then
polls the hub until the advisor calls: « C'est à vous ! » with a chime.

Hub and printer calls run in the worker (printer lane: at most ``print_fallback_s`` before the on-screen
fallback shows). The first name is handed to the hub and never kept here. Main thread only.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.properties import StringProperty

from kiosk.domain.receipts import help_ticket, wait_sentence
from kiosk.domain.topics import Topic
from kiosk.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ticket_views as views
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

log = logging.getLogger(__name__)

CALLED = frozenset({"called", "in_progress"})
FINISHED = frozenset({"done", "no_show", "cancelled"})
UNREACHABLE = _("Le conseiller n'est pas joignable pour le moment.")
KEPT = _("Votre demande est gardée et sera envoyée dès que possible.")
SHOW_SCREEN = _("Montrez cet écran au conseiller.")


def ticket_qr(request_id: Any) -> str:
    """The QR payload printed on a help ticket (read back by the advisor's scanner and by tests)."""
    return f"kiosk:ticket:{request_id}"


def _status(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


class HelpTicketScreen(KioskScreen):
    """States: sending → ticket → called; or queued (hub unreachable) / error."""

    state = StringProperty("idle")  # idle | sending | ticket | called | queued | error
    print_state = StringProperty("")  # "" | printing | printed | failed
    ticket = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: Topic | None = None
        self.request_id: Any = None
        self.ahead = 0
        self.wait_minutes: tuple[int, int] = (0, 0)
        self.print_message = ""
        self._polling = False
        self.bind(state=self._render, print_state=self._render)

    # -- visit ------------------------------------------------------------------------------------
    def prepare(self, topic: Topic | None = None, first_name: str = "", **_params) -> None:
        self._clear()
        self.topic = topic
        if topic is None:
            self.state = "error"
            return
        self.state = "sending"
        self.run(self._send, topic.id, first_name, on_done=self._sent, on_error=self._failed)

    def _send(self, topic_id: str, first_name: str) -> Any:  # worker thread
        client = self.services.hub.get(timeout=30)
        return client.request_help(topic_id, first_name=first_name)

    def _sent(self, result: Any) -> None:
        if getattr(result, "ticket", None) in (None, ""):
            log.info("help request kept in the outbox")
            self.state = "queued"
            return
        self.request_id = result.id
        self.ticket = str(result.ticket)
        self._update(result)
        self.state = "ticket"
        self._print()
        self.later(self._poll, self.services.poll_interval_s, repeat=True)

    def _failed(self, error: BaseException) -> None:
        log.warning("help request failed: %s", error)
        self.state = "error"

    def _update(self, result: Any) -> None:
        self.ahead = int(getattr(result, "ahead", 0) or 0)
        wait = getattr(result, "wait_minutes", None) or (0, 0)
        self.wait_minutes = (int(wait[0]), int(wait[1]))
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
        )
        self.print_state = "printing"
        self.run(
            self._print_receipt, receipt, lane="printer", on_done=self._printed, on_error=self._print_failed
        )
        self.later(self._print_too_slow, self.services.print_fallback_s)

    def _print_receipt(self, receipt: Any) -> None:  # printer thread
        self.services.printer.get().print_receipt(receipt)

    def _printed(self, _result: Any) -> None:
        if self.print_state != "failed":
            self.print_state = "printed"

    def _print_failed(self, error: BaseException) -> None:
        self.print_message = getattr(error, "user_message", "") or _("L'imprimante ne répond pas.")
        self.print_state = "failed"

    def _print_too_slow(self) -> None:
        if self.print_state == "printing":
            self.print_message = _("L'imprimante ne répond pas.")
            self.print_state = "failed"

    # -- waiting for the call ---------------------------------------------------------------------
    def _poll(self) -> None:
        if self._polling or self.request_id is None or self.state != "ticket":
            return
        self._polling = True
        self.run(self._fetch, self.request_id, on_done=self._polled, on_error=self._poll_failed)

    def _fetch(self, request_id: Any) -> Any:  # worker thread
        return self.services.hub.get(timeout=5).help_request(request_id)

    def _poll_failed(self, _error: BaseException) -> None:
        self._polling = False  # try again at the next tick; the ticket stays on screen

    def _polled(self, result: Any) -> None:
        self._polling = False
        status = _status(getattr(result, "status", ""))
        if status in CALLED and self.state == "ticket":
            self.state = "called"
            self.app.chime.play()
            self.later(self.app.go_home, self.services.called_home_s)
        elif status in FINISHED:
            self.app.go_home()
        else:
            self._update(result)

    # -- showing ----------------------------------------------------------------------------------
    def is_guarded(self) -> bool:
        # Waiting for the call shows nothing personal: no inactivity question, the call must be seen.
        return self.state not in ("ticket", "called")

    def wait_text(self) -> str:
        return wait_sentence(self.ahead, self.wait_minutes)

    def _render(self, *_args) -> None:
        body = self.ids.body
        body.clear_widgets()
        topic_label = self.topic.label if self.topic else ""
        if self.state == "sending":
            wait = _("Démarrage…") if self.app.hub_state == "starting" else _("Un instant…")
            body.add_widget(views.message(_("Votre demande part au conseiller."), wait))
        elif self.state == "ticket":
            body.add_widget(views.ticket(self, topic_label))
        elif self.state == "called":
            body.add_widget(views.called(self.ticket))
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
            return _("Votre ticket s'imprime…"), "", False
        if self.print_state == "printed":
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
        self.print_message = ""
        self._polling = False
        self.print_state = ""

    def wipe(self) -> None:
        self._clear()
        self.state = "idle"
