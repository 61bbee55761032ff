"""phone_call: a simulated incoming call on a drawn phone. The caller's words appear one turn at a time;
the resident taps a reply (« Raccrocher » in red); a right reply moves the call on, a wrong one explains
itself and costs nothing. Nothing is dialled. Main thread only.
"""

from __future__ import annotations

from kiosk.domain.lesson_call import CallRun
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView


class PhoneCallView(StepView):
    """The phone (caller, number), the last reply given, what the caller says now, then the replies."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.run = CallRun(step)
        self.said: list[tuple[str, str]] = []  # (reply, its feedback) of the right replies, turn by turn
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        step = self.step
        if step.text:
            self.add_widget(self.text(step.text))
        phone = Card(background=P.TEXT, outline=P.TEXT, padding=[self.theme.mm(2)] * 4, spacing=0)
        state = _("Appel terminé") if self.run.finished else _("Appel en cours")
        phone.add_widget(self.text(f"{state} : {step.caller}", role="button", bold=True, color=P.ON_PRIMARY))
        if step.number:
            phone.add_widget(self.text(step.number, color=P.ON_PRIMARY))
        self.add_widget(phone)
        self.phone = phone
        if self.said:  # the last exchange only: one idea on screen, the 7-inch display stays short
            reply, feedback = self.said[-1]
            self.add_widget(self.text(_("Vous : ") + reply, bold=True))
            if not self.run.finished:
                self.add_widget(self.text(feedback, color=P.TEXT_MUTED))
        if not self.run.finished:
            bubble = Card(background=P.TILE, outline=P.TILE_BORDER)
            bubble.add_widget(self.text(step.caller + _(" dit :"), color=P.TEXT_MUTED))
            bubble.add_widget(self.text("« " + step.turns[self.run.turn].says + " »", bold=True))
            self.add_widget(bubble)
        if self.run.finished or self.solved:
            return
        self.add_widget(self.text(_("Que faites-vous ?"), role="button", bold=True))
        for reply in step.turns[self.run.turn].replies:
            self.add_widget(
                self.button(
                    reply.text,
                    f"call:{reply.id}",
                    lambda r=reply.id: self.reply(r),
                    style="danger" if reply.hang_up else "tile",
                    halign="center" if reply.hang_up else "left",
                )
            )
        self.add_widget(self.dont_know_button())

    def reply(self, reply_id: str) -> None:
        if self.solved or self.run.finished:
            return
        text = next(r.text for r in self.step.turns[self.run.turn].replies if r.id == reply_id)
        ok, feedback = self.run.reply(reply_id)
        if not ok:
            self.wrong(feedback)
            return
        self.said.append((text, feedback))
        if self.run.finished:
            self.right(f"{feedback} {self.step.success}")
            return
        self.verdict = None  # the next turn is the new question; the last reply's word shows with it
        self.render()

    def reveal(self) -> None:
        while not self.run.finished:
            right = self.run.right_reply()
            self.said.append((right.text, right.feedback))
            self.run.reply(right.id)
