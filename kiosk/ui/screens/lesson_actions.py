"""What the lesson player does beyond showing steps: « Ma fiche » (built in the worker, printed in the printer
lane), « Appeler le conseiller » (a help request carrying the lesson and step) and the anonymous statistics
sent to the hub. A mixin of LessonScreen; main thread only, blocking calls in the worker.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.domain.memo import lesson_memo, next_workshop
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock

log = logging.getLogger(__name__)

MEMO_TEXTS = {
    "printing": "Votre fiche s'imprime…",
    "printed": "Prenez votre fiche imprimée.",
}


class LessonActions:
    """Needs from the screen: ``app``, ``services``, ``run``, ``later``, ``lesson``, ``steps``, ``index``,
    ``finished``, ``progress``, ``memo_*``/``help_*`` attributes, ``_refresh`` and ``scroll_to``."""

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

    def _build_memo(self) -> Any:  # worker thread
        try:
            sessions = self.services.sessions(self.services.now())
        except Exception:  # no agenda: the memo is printed without the next workshop
            log.warning("agenda unavailable for the memo", exc_info=True)
            sessions = []
        assert self.progress is not None
        return lesson_memo(
            site_name=self.services.config.site.name,
            lesson=self.lesson,
            steps_done=self.progress.steps_done(),
            resume_code=self.resume_code(),
            printed_at=self.services.now(),
            workshop=next_workshop(sessions, getattr(self.lesson, "agenda_keywords", [])),
        )

    def _print(self, receipt: Any) -> None:
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
        self.memo_message = getattr(error, "user_message", "") or _("L'imprimante ne répond pas.")
        self.memo_state = "failed"
        self._refresh()

    def _memo_too_slow(self) -> None:
        if self.memo_state == "printing":
            self._memo_failed(TimeoutError())

    # -- « Appeler le conseiller » ----------------------------------------------------------------
    def call_advisor(self) -> None:
        if self.help_state == "sending" or self.lesson is None:
            return
        step = self.steps[self.index] if self.steps and not self.finished else None
        self.help_state = "sending"
        self._refresh()
        self.run(
            self._send_help,
            self.lesson.topic_id() if hasattr(self.lesson, "topic_id") else "autre",
            self.lesson.id,
            step.id if step is not None else None,
            on_done=self._help_sent,
            on_error=self._help_failed,
        )
        self.scroll_to(None)

    def _send_help(self, topic: str, lesson_id: str, step_id: str | None) -> Any:  # worker thread
        client = self.services.hub.get(timeout=30)
        try:
            return client.request_help(topic, lesson_id=lesson_id, step_id=step_id)
        except TypeError:  # a hub client without the lesson fields
            return client.request_help(topic)

    def _help_sent(self, result: Any) -> None:
        self.help_ticket = str(getattr(result, "ticket", "") or "")
        self.help_state = "sent" if self.help_ticket else "queued"
        self._refresh()

    def _help_failed(self, error: BaseException) -> None:
        log.warning("help request from a lesson failed: %s", error)
        self.help_state = "failed"
        self._refresh()

    def _help_card(self) -> Card:
        card = Card(
            background=P.WARNING_BG if self.help_state in ("queued", "failed") else P.TILE, outline=P.TEXT
        )
        if self.help_state == "sending":
            card.add_widget(TextBlock(text=_("Un instant…"), role="button", bold=True))
        elif self.help_state == "sent":
            card.add_widget(TextBlock(text=_("Le conseiller est prévenu."), role="button", bold=True))
            card.add_widget(
                TextBlock(text=_("Votre numéro : {ticket}").format(ticket=self.help_ticket), role="heading")
            )
            card.add_widget(TextBlock(text=_("Continuez la leçon. Il sait où vous en êtes.")))
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

        def send() -> Any:
            client = self.services.hub.get(timeout=10)
            sender = getattr(client, "send_learning_run", None)
            return sender(summary) if sender is not None else False

        self.app.worker.submit(send)
