"""What the lesson player does beyond showing steps: « Ma fiche » (built in the worker, printed in the printer
lane), « Appeler le conseiller » (a help request carrying the lesson and step, through the same help flow as
« Demander de l'aide »: cut-off, away, outbox) and the anonymous statistics sent to the hub. The base class
of LessonScreen; main thread only, blocking calls in the worker.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.domain.lessons import Lesson, Step
from kiosk.domain.memo import lesson_memo, next_workshop
from kiosk.domain.progress import LessonRun
from kiosk.domain.receipts import Receipt
from kiosk.flows import help_visit as flow
from kiosk.flows.help_visit import HelpAsk, HelpVisit, Visit
from kiosk.flows.lesson_play import LessonPlay
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.slip_printing import resident_message
from kiosk.ui.steps.base import Card
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock

log = logging.getLogger(__name__)

MEMO_TEXTS = {
    "printing": "Votre fiche s'imprime…",
    "printed": "Prenez votre fiche imprimée.",
}


# What « Appeler le conseiller » shows, by the help flow's state.
HELP_CARD_STATES = {
    Visit.SENDING: "sending",
    Visit.TICKET: "sent",
    Visit.QUEUED: "queued",
    Visit.ERROR: "failed",
    Visit.CUTOFF: "cutoff",
}


class LessonActions(KioskScreen):
    """The lesson screen's actions; LessonScreen sets the attributes below and draws ``_refresh``."""

    play: LessonPlay
    index: int
    memo_state: str
    memo_message: str
    memo_receipt: Receipt | None
    help_visit: HelpVisit
    _sent_runs: set[str]

    # The lesson flow owns these; step views and tests read them here.
    @property
    def lesson(self) -> Lesson | None:
        return self.play.lesson

    @property
    def steps(self) -> list[Step]:
        return self.play.steps

    @property
    def finished(self) -> bool:
        return self.play.finished

    @property
    def progress(self) -> LessonRun | None:
        return self.play.run

    @property
    def pause_shown(self) -> bool:
        return self.play.paused

    def _refresh(self) -> None:
        raise NotImplementedError

    def scroll_to(self, widget: Any) -> None:
        raise NotImplementedError

    # -- « Ma fiche » -----------------------------------------------------------------------------
    def resume_code(self) -> str:
        return self.progress.resume_code() if self.progress is not None else ""

    def memo_button(self) -> BigButton:
        theme = self.app.theme
        button = BigButton(
            text=_("Imprimer ma fiche"),
            style="primary",
            primary=True,
            size_hint_y=None,
            height=theme.primary_h,
            min_height=theme.primary_h,
            grow=True,
            action="lesson:memo",
        )
        button.bind(on_activate=lambda *_a: self.print_memo())
        button.disabled = self.memo_state == "printing"
        return button

    def memo_status(self) -> str:
        if self.memo_state == "failed":
            return self.memo_message + " " + _("Notez votre code : {code}").format(code=self.resume_code())
        return _(MEMO_TEXTS[self.memo_state]) if self.memo_state in MEMO_TEXTS else ""

    def print_memo(self) -> None:
        """Build the memo (the next workshop comes from the agenda, read in the worker), then print it."""
        if self.progress is None or self.memo_state == "printing":
            return
        self.memo_state = "printing"
        self._refresh()
        self.run(self._build_memo, on_done=self._print, on_error=self._memo_failed)
        self.later(self._memo_too_slow, self.services.print_fallback_s + 10)

    def _build_memo(self) -> Receipt:  # worker thread
        try:
            sessions = self.services.sessions(self.services.now())
        except Exception:  # no agenda: the memo is printed without the next workshop
            log.warning("agenda unavailable for the memo", exc_info=True)
            sessions = []
        assert self.progress is not None and self.lesson is not None
        return lesson_memo(
            site_name=self.services.config.site.name,
            lesson=self.lesson,
            steps_done=self.progress.steps_done(),
            resume_code=self.resume_code(),
            printed_at=self.services.now(),
            workshop=next_workshop(sessions, self.lesson.agenda_keywords),
        )

    def _print(self, receipt: Receipt) -> None:
        self.memo_receipt = receipt
        self.run(
            lambda: self.services.printer.get().print_receipt(receipt),
            lane="printer",
            on_done=self._printed,
            on_error=self._memo_failed,
        )

    def _printed(self, _result: Any) -> None:
        if self.memo_state == "printing":
            self.memo_state = "printed"
            self._refresh()

    def _memo_failed(self, error: BaseException) -> None:
        self.memo_message = resident_message(error) or _("L'imprimante ne répond pas.")
        self.memo_state = "failed"
        self._refresh()

    def _memo_too_slow(self) -> None:
        if self.memo_state == "printing":
            self._memo_failed(TimeoutError())

    # -- « Appeler le conseiller » ----------------------------------------------------------------
    @property
    def help_state(self) -> str:
        """ "" | sending | sent | queued | failed | cutoff: the card under the step."""
        return HELP_CARD_STATES.get(self.help_visit.state, "")

    @property
    def help_ticket(self) -> str:
        return self.help_visit.ticket

    def call_advisor(self) -> None:
        if self.lesson is None or not self.help_visit.start():
            return
        step = self.play.step
        self._refresh()
        ask = HelpAsk(self.lesson.topic_id(), lesson_id=self.lesson.id, step_id=step.id if step else None)
        self.run(self._send_help, ask, on_done=self._help_sent, on_error=self._help_failed)
        self.scroll_to(None)

    def _send_help(self, ask: HelpAsk) -> flow.Outcome:  # worker thread
        return flow.submit(self.services.hub.get(timeout=30), ask)

    def _help_sent(self, outcome: flow.Outcome) -> None:
        self.help_visit.sent(outcome, self.services.now())  # no effects: the lesson neither prints nor polls
        self._refresh()

    def _help_failed(self, error: BaseException) -> None:
        self.help_visit.failed(error)
        self._refresh()

    def _help_card(self) -> Card:
        card = Card(
            background=P.WARNING_BG if self.help_state in ("queued", "failed", "cutoff") else P.TILE,
            outline=P.TEXT,
        )
        if self.help_state == "sending":
            card.add_widget(TextBlock(text=_("Un instant…"), role="button", bold=True))
        elif self.help_state == "sent":
            card.add_widget(TextBlock(text=_("Le conseiller est prévenu."), role="button", bold=True))
            card.add_widget(
                TextBlock(text=_("Votre numéro : {ticket}").format(ticket=self.help_ticket), role="heading")
            )
            if self.help_visit.away_message:
                card.add_widget(TextBlock(text=self.help_visit.away_message, bold=True))
            card.add_widget(TextBlock(text=_("Continuez la leçon. Il sait où vous en êtes.")))
        elif self.help_state == "cutoff":
            card.add_widget(TextBlock(text=_("Plus de ticket pour aujourd'hui"), role="button", bold=True))
            message = self.help_visit.cut_off_message
            card.add_widget(
                TextBlock(text=message or _("Le conseiller ne pourra plus recevoir personne aujourd'hui."))
            )
        elif self.help_state == "queued":
            card.add_widget(TextBlock(text=_("Le conseiller n'est pas joignable pour le moment."), bold=True))
            card.add_widget(TextBlock(text=_("Votre demande partira dès que possible.")))
        else:
            card.add_widget(
                TextBlock(text=_("La demande n'est pas partie. Demandez à l'accueil."), bold=True)
            )
        return card

    # -- statistics -------------------------------------------------------------------------------
    def _send_stats(self) -> None:
        """Hand the anonymous run to the hub once, best effort (lost if the hub is down)."""
        run = self.progress
        if run is None or (run.key in self._sent_runs and not run.completed):
            return
        summary = run.summary()
        marker = run.key + (":done" if run.completed else "")
        if marker in self._sent_runs:
            return
        self._sent_runs.update({run.key, marker})

        def send() -> bool:
            return self.services.hub.get(timeout=10).send_learning_run(summary)

        self.app.worker.submit(send)
