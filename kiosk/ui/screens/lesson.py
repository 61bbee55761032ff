"""The lesson player: one step at a time (a widget per step type, kiosk.ui.steps), previous / next, the
typing panel, « Appeler le conseiller » (a help request carrying the lesson and step), « Continuer plus
tard » (the resume code), « Ma fiche » (printed in the printer lane) and the anonymous statistics sent to
the hub at the end. No timer anywhere; « Suivant » is always allowed. Main thread only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.domain.progress import LessonRun
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.learn import lesson_of
from kiosk.ui.screens.lesson_actions import LessonActions
from kiosk.ui.steps import view_for
from kiosk.ui.steps.base import Card, StepView
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

log = logging.getLogger(__name__)


class LessonScreen(LessonActions, KioskScreen):
    """Plays a lesson from ``start`` (0, or a resume code's step)."""

    index = NumericProperty(0)
    count = NumericProperty(0)
    step_title = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lesson: Any = None
        self.folder: Path | None = None
        self.steps: list[Any] = []
        self.finished = False
        self.view: StepView | None = None
        self.progress: LessonRun | None = None
        self.memo_state = ""  # "" | printing | printed | failed
        self.memo_message = ""
        self.memo_receipt: Any = None
        self.help_state = ""  # "" | sending | sent | queued | failed
        self.help_ticket = ""
        self.pause_shown = False
        self._code_label: Any = None  # the resume code on the pause card, scrolled into view
        self.typing: Any = None
        self._sent_runs: set[str] = set()
        self.ids.advisor.label.line_height = 1.0  # two lines on a 7" screen, within the bar

    # -- visit ------------------------------------------------------------------------------------
    def prepare(self, item: Any = None, start: int = 0, **_params) -> None:
        if item is not None:
            self.lesson = lesson_of(item)
            folder = getattr(item, "folder", None)
            self.folder = Path(folder) if folder else None
            self.steps = list(getattr(self.lesson, "steps", []) or [])
            self.progress = LessonRun(self.lesson, start=start, clock=self.services.monotonic)
        self.count = len(self.steps)
        self.memo_state, self.help_state, self.help_ticket = "", "", ""
        self.show(start)

    def on_leave(self, *args) -> None:
        self._send_stats()
        self.close_typing()
        super().on_leave(*args)

    def wipe(self) -> None:
        self._send_stats()
        self.close_typing()
        self.lesson, self.folder, self.steps, self.count = None, None, [], 0
        self.finished, self.view, self.progress = False, None, None
        self.memo_state, self.memo_receipt, self.help_state, self.help_ticket = "", None, "", ""
        if "body" in self.ids:
            self.ids.body.clear_widgets()

    # -- navigation -------------------------------------------------------------------------------
    def show(self, index: int) -> None:
        self.index = max(0, min(index, max(self.count - 1, 0)))
        self.finished = False
        self.pause_shown = False
        if self.help_state != "sending":
            self.help_state = ""  # the card answered the step it was asked from
        if self.progress is not None and self.steps:
            self.progress.enter(self.index)
        self._render()

    def previous(self) -> None:
        if self.finished:
            self.show(self.count - 1)
        elif self.index > 0:
            self.show(self.index - 1)

    def next(self) -> None:
        if self.finished:
            self.app.go("learn")
        elif self.index + 1 < self.count:
            self._seen()
            self.show(self.index + 1)
        else:
            self._seen()
            self.finished = True
            if self.progress is not None:
                self.progress.finish()
            self._send_stats()
            self._render()

    def _seen(self) -> None:
        """A text step (explain, tip, recap…) counts as done once the resident goes on from it."""
        if self.view is not None and not self.view.practice:
            self.step_done()

    def jump(self, step_id: str) -> None:
        """Go to the step ``step_id`` (on_stuck, checkpoint review)."""
        self.show(next((i for i, s in enumerate(self.steps) if s.id == step_id), self.index))

    # -- what step views call ---------------------------------------------------------------------
    def step_wrong(self) -> None:
        if self.progress is not None:
            self.progress.wrong()

    def step_hint(self) -> None:
        if self.progress is not None:
            self.progress.hint()

    def step_done(self, dont_know: bool = False) -> None:
        if self.progress is not None:
            self.progress.done(dont_know=dont_know)

    def title_of(self, step_id: str) -> str:
        return next((s.title for s in self.steps if s.id == step_id), step_id)

    def image_path(self, step: Any) -> Path | None:
        image = getattr(step, "image", None)
        path = (self.folder / image) if (image and self.folder) else None
        return path if path is not None and path.exists() else None

    def scroll_to(self, widget: Any) -> None:
        """Bring ``widget`` into view after layout (None: back to the top)."""

        def scroll(_dt) -> None:
            view = self.ids.scroll
            if widget is None or widget.parent is None:
                view.scroll_y = 1
                return
            pad = self.app.theme.margin
            if widget.height + 2 * pad <= view.height:
                view.scroll_to(widget, padding=pad, animate=False)
                return
            # Taller than the view (a feedback card on the 7" screen): show its top, where its title is;
            # Kivy's scroll_to would show its bottom. The resident scrolls down for the rest.
            if view.children and view.children[0]._trigger_layout.is_triggered:
                Clock.schedule_once(scroll, 0)  # layout pending: positions are not final yet
                return
            _x, top = view.parent.to_widget(*widget.to_window(widget.x, widget.top))
            _dx, dsy = view.convert_distance_to_scroll(0, view.top - pad - top)
            view.scroll_y = min(1.0, max(0.0, view.scroll_y - dsy))

        Clock.schedule_once(scroll, 0)

    def open_typing(self, prompt: str, value: str, on_done: Any, **options: Any) -> None:
        """Cover the screen with the keyboard panel; ``on_done(text or None)`` when it closes.
        ``options`` go to the panel (``guide``, ``case_matters``: guided typing)."""
        from kiosk.ui.steps.typing import TypingPanel

        self.close_typing()

        def done(result: str | None) -> None:
            self.close_typing()
            on_done(result)

        self.typing = TypingPanel(prompt, value, done, **options)
        self.add_widget(self.typing)

    def close_typing(self) -> None:
        if self.typing is not None:
            self.remove_widget(self.typing)
            self.typing = None

    def speech_text(self) -> str:
        """What 🔊 reads: the step's title, then its content as the step itself says it (its words without
        markup, its picture's description; navigation buttons are left out)."""
        from kiosk.ui.speaker import readable_text

        if self.typing is not None:
            return self.typing.prompt.text
        parts = [f"{self.step_title}."]
        for child in reversed(self.ids.body.children):  # top to bottom
            parts.append(child.speech_text() if isinstance(child, StepView) else readable_text(child))
        return " ".join(p for p in parts if p)

    # -- showing ----------------------------------------------------------------------------------
    def progress_text(self) -> str:
        if self.finished:
            return _("Leçon terminée")
        return _("Étape {n} sur {total}").format(n=self.index + 1, total=self.count)

    def _render(self) -> None:
        body = self.ids.body
        body.clear_widgets()
        self.ids.scroll.scroll_y = 1
        self.ids.scroll.do_scroll_y = True
        self.ids.previous.disabled = self.index == 0 and not self.finished
        self.ids.previous.opacity = 0 if self.ids.previous.disabled else 1
        last = self.index + 1 >= self.count
        self.ids.next.text = _("Les leçons") if self.finished else (_("Terminer") if last else _("Suivant"))
        body.add_widget(self._header())
        if self.pause_shown and not self.finished:
            body.add_widget(self._pause_card())
        if self.help_state:
            body.add_widget(self._help_card())
        if self.finished or not self.steps:
            self.view = None
            self.step_title = str(getattr(self.lesson, "title", ""))
            self._end(body)
            return
        step = self.steps[self.index]
        self.step_title = step.title or str(getattr(self.lesson, "title", ""))
        self.view = view_for(step, self)
        if step.type == "gesture_drill":
            self.ids.scroll.do_scroll_y = False  # the drill's swipes and scrolls go to the fake phone
        body.add_widget(self.view)
        body.add_widget(self._later_button())

    def _header(self) -> TextBlock:
        header = TextBlock(text=self.progress_text(), color=P.TEXT_MUTED)
        header.speak_skip = True
        return header

    def _later_button(self) -> BigButton:
        theme = self.app.theme
        later = BigButton(
            text=_("Continuer plus tard"),
            action="lesson:later",
            style="nav",
            size_hint_y=None,
            height=theme.primary_h,
            min_height=theme.primary_h,
            grow=True,
            primary=True,
        )
        later.bind(on_activate=lambda *_a: self.show_pause())
        later.speak_skip = True
        return later

    def viewport_height(self) -> float:
        """The height of the visible part of the lesson (pictures fit in it whole)."""
        return float(self.ids.scroll.height)

    def show_pause(self) -> None:
        self.pause_shown = True
        self._refresh()
        self.scroll_to(self._code_label)  # on a 7" screen the code would sit below the fold

    def _pause_card(self) -> Card:
        card = Card(background=P.TILE, outline=P.PRIMARY)
        card.add_widget(TextBlock(text=_("Votre code pour reprendre :"), role="button", bold=True))
        self._code_label = TextBlock(text=self.resume_code(), role="huge", halign="center")
        card.add_widget(self._code_label)
        card.add_widget(TextBlock(text=_("Sur la borne : « Apprendre », puis « J'ai un code ».")))
        card.add_widget(self.memo_button())
        status = self.memo_status()
        if status:
            card.add_widget(TextBlock(text=status, role="button", bold=True))
        return card

    def _end(self, body: BoxLayout) -> None:
        body.add_widget(TextBlock(text=_("Bravo ! Vous avez fini la leçon."), role="heading"))
        body.add_widget(TextBlock(text=_("Vous pouvez la refaire quand vous voulez.")))
        body.add_widget(TextBlock(text=_("Emportez votre fiche : ce que vous avez appris, et un code.")))
        body.add_widget(self.memo_button())
        status = self.memo_status()
        if status:
            body.add_widget(TextBlock(text=status, role="button", bold=True))

    def _refresh(self) -> None:
        """Redraw around the current step without losing its state (the step view is kept)."""
        view = self.view
        self._render_keep(view)

    def _render_keep(self, view: StepView | None) -> None:
        scroll_y = self.ids.scroll.scroll_y
        if view is None or self.finished:
            self._render()
        else:
            body = self.ids.body
            body.clear_widgets()
            body.add_widget(self._header())
            if self.pause_shown:
                body.add_widget(self._pause_card())
            if self.help_state:
                body.add_widget(self._help_card())
            view.render()
            body.add_widget(view)
            body.add_widget(self._later_button())
        self.ids.scroll.scroll_y = scroll_y
