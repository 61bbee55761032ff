"""Question steps: choose_one (feedback per answer), choose_many (tick, then « Valider ») and checkpoint (a
few questions one at a time with a mastery rule; below it, a review suggestion, never « échec »).
« Je ne sais pas » is always there. Main thread only.
"""

from __future__ import annotations

from kiosk.domain.step_logic import CheckpointRun, Verdict, judge_many, judge_option
from kiosk.i18n import _, ngettext
from kiosk.ui import palette as P
from kiosk.ui.steps.base import Card, StepView, TickButton


class ChooseOneView(StepView):
    """Big answer buttons; the chosen one is marked; its own feedback shows under the list."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.chosen: str | None = None
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        self.add_widget(self.text(self.step.question, role="button", bold=True))
        for option in self.step.options:
            marked = option.id == self.chosen or (self.revealed and option.correct)
            button = self.button(
                option.text,
                f"option:{option.id}",
                lambda o=option.id: self.choose(o),
                style="key_on" if marked else "tile",
                halign="left",
            )
            self.add_widget(button)
        if not self.solved:
            self.add_widget(self.dont_know_button())

    def choose(self, option_id: str) -> None:
        self.chosen = option_id
        verdict = judge_option(list(self.step.options), option_id)
        if verdict.ok:
            self.right(verdict.message)
        else:
            self.wrong(verdict.message)

    def reveal(self) -> None:
        self.verdict = judge_option(list(self.step.options), None)


class ChooseManyView(StepView):
    """Tick one or more answers (tapping again unticks), then « Valider »."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.ticked: set[str] = set()
        self.explain: list = []
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        self.add_widget(self.text(self.step.question, role="button", bold=True))
        self.add_widget(self.text(_("Touchez toutes les bonnes réponses."), color=P.TEXT_MUTED))
        for option in self.step.options:
            on = option.id in self.ticked
            tick = TickButton(
                on,
                text=option.text,
                style="key_on" if on else "tile",
                halign="left",
                primary=True,
                size_hint_y=None,
                height=self.theme.primary_h,
                min_height=self.theme.primary_h,
                grow=True,
                action=f"option:{option.id}",
            )
            tick.bind(on_activate=lambda *_a, o=option.id: self.toggle(o))
            self.add_widget(tick)
        if not self.solved:
            self.add_widget(self.button(_("Valider"), "step:validate", self.validate, style="primary"))
            self.add_widget(self.dont_know_button())
        for option in self.explain:
            card = Card(background=P.TILE)
            card.add_widget(self.text(option.text, role="button", bold=True))
            card.add_widget(self.text(option.feedback))
            self.add_widget(card)

    def toggle(self, option_id: str) -> None:
        if self.solved:
            return
        self.ticked ^= {option_id}
        self.render()

    def validate(self) -> None:
        verdict, self.explain = judge_many(self.step, self.ticked)
        if verdict.ok:
            self.right(verdict.message)
        else:
            self.wrong(verdict.message)

    def reveal(self) -> None:
        self.ticked = {o.id for o in self.step.options if o.correct}
        self.explain = [o for o in self.step.options if o.correct]


class CheckpointView(StepView):
    """Questions one at a time; after each answer its feedback and « Question suivante »; then the score."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.run = CheckpointRun(list(step.questions), step.mastery)
        self.last: Verdict | None = None
        self.waiting_next = False
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        total = len(self.run.questions)
        if self.run.finished and not self.waiting_next:
            self._result()
            return
        number = self.run.current - (1 if self.waiting_next else 0)
        question = self.run.questions[number]
        counter = self.text(
            _("Question {n} sur {total}").format(n=number + 1, total=total), color=P.TEXT_MUTED
        )
        counter.keep_with_next = True  # never a page of its own
        self.add_widget(counter)
        self.add_widget(self.text(question.question, role="button", bold=True))
        chosen = self.run.answers[number] if self.waiting_next else None
        for option in question.options:
            marked = self.waiting_next and (option.id == chosen or option.correct)
            self.add_widget(
                self.button(
                    option.text,
                    f"option:{option.id}",
                    lambda o=option.id: self.answer(o),
                    style="key_on" if marked else "tile",
                    halign="left",
                )
            )
        if not self.waiting_next:
            self.add_widget(self.button(_("Je ne sais pas"), "option:dont_know", lambda: self.answer(None)))
            return
        last = self.last
        assert last is not None  # waiting for « Suivant » after an answer
        card = Card(background=P.TILE if last.ok else P.WARNING_BG)
        card.add_widget(
            self.text(_("Bravo !") if last.ok else _("Pas tout à fait."), role="button", bold=True)
        )
        card.add_widget(self.text(last.message))
        self.add_widget(card)
        label = _("Question suivante") if not self.run.finished else _("Voir le résultat")
        self.add_widget(self.button(label, "checkpoint:next", self.next_question, style="primary"))
        self.host.scroll_to(card)

    def answer(self, option_id: str | None) -> None:
        if self.waiting_next:
            return
        self.last = self.run.answer(option_id)
        if not self.last.ok:
            self.host.step_wrong()
        self.waiting_next = True
        self.render()

    def next_question(self) -> None:
        self.waiting_next = False
        if self.run.finished:
            self.solved = True
            self.host.step_done()
        self.render()

    def _result(self) -> None:
        score, total = self.run.score, len(self.run.questions)
        card = Card(background=P.TILE if self.run.mastered else P.WARNING_BG, outline=P.TEXT)
        card.add_widget(
            self.text(
                ngettext("{n} bonne réponse sur {total}.", "{n} bonnes réponses sur {total}.", score).format(
                    n=score, total=total
                ),
                role="heading",
            )
        )
        if self.run.mastered:
            card.add_widget(self.text(_("Bravo, vous savez le faire !")))
        else:
            card.add_widget(self.text(_("Ce n'est pas grave. Revoyons ensemble ce qui manque.")))
        self.add_widget(card)
        if not self.run.mastered and self.step.review:
            title = self.host.title_of(self.step.review)
            self.add_widget(
                self.button(
                    _("Revoir : {title}").format(title=title),
                    "step:review",
                    lambda: self.host.jump(self.step.review),
                )
            )
        self.add_widget(self.button(_("Recommencer les questions"), "checkpoint:again", self.again))

    def again(self) -> None:
        self.run = CheckpointRun(list(self.step.questions), self.step.mastery)
        self.waiting_next = False
        self.render()
