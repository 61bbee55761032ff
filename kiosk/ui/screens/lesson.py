"""The lesson player: one step at a time (a widget per step type, kiosk.ui.steps), previous / next, the
typing panel, « Appeler le conseiller » (a help request carrying the lesson and step), « Continuer plus
tard » (the resume code), « Ma fiche » (printed in the printer lane) and the anonymous statistics sent to
the hub at the end. No timer anywhere; « Suivant » is always allowed. A step taller than the screen is
shown in pages (kiosk.domain.pager): « Suite » and « Précédent » turn them, dots on « Suite » count them;
nothing is scrolled by hand. Main thread only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.domain.lesson_steps import step_picture
from kiosk.domain.lessons import Lesson, Step
from kiosk.domain.pager import Block, Page, page_of, paginate
from kiosk.flows.help_visit import HelpVisit, Visit
from kiosk.flows.lesson_play import LessonPlay, Move
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.lesson_actions import LessonActions
from kiosk.ui.steps import view_for
from kiosk.ui.steps.base import Card, StepView
from kiosk.ui.widgets.paged_button import PagedNextButton  # noqa: F401  (registers the kv class)
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

log = logging.getLogger(__name__)


class LessonScreen(LessonActions):
    """Plays a lesson from ``start`` (0, or a resume code's step)."""

    index = NumericProperty(0)
    count = NumericProperty(0)
    step_title = StringProperty("")
    bar_title = StringProperty("")  # small screens: « Étape 3/12 · » before the step's title
    practice_bar = BooleanProperty(False)  # small screen, practice step: the bar says « ENTRAÎNEMENT »
    pages = ListProperty([])  # kiosk.domain.pager.Page of the step shown
    page_room = NumericProperty(0)  # the height a page shows (pictures bind to it: viewport_height)
    page = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.play = LessonPlay()
        self.folder: Path | None = None
        self.view: StepView | None = None
        self.memo_state = ""  # "" | printing | printed | failed
        self.memo_message = ""
        self.memo_receipt: Any = None
        self.help_visit = HelpVisit(follow=False)  # « Appeler le conseiller »
        self._code_label: Any = None  # the resume code on the pause card, scrolled into view
        self.typing: Any = None
        self._sent_runs: set[str] = set()
        self._target: Any = None  # a widget to bring on screen once laid out ("top": the first page)
        self._next_label = _("Suivant")
        self._paginate_soon = Clock.create_trigger(self._paginate, 0)
        for button in (self.ids.advisor, self.ids.later):
            button.label.line_height = 0.95  # two lines on a 7" screen, within the band
            button.font_role = "body"  # body size (6 mm), not 6.5: two lines fit a 16 mm button
        self.bind(step_title=self._title_bar, index=self._title_bar, count=self._title_bar)

    # -- visit ------------------------------------------------------------------------------------
    def prepare(self, item: Lesson | None = None, start: int = 0, **_params) -> None:
        if item is not None:
            self.play = LessonPlay(item, start=start, clock=self.services.monotonic)
            self.folder = item.folder
        self.count = self.play.count
        self.memo_state = ""
        self.help_visit.reset()
        self.show(start)

    def on_leave(self, *args) -> None:
        self._send_stats()
        self.close_typing()
        super().on_leave(*args)

    def wipe(self) -> None:
        self._send_stats()
        self.close_typing()
        self.play, self.folder, self.count, self.view = LessonPlay(), None, 0, None
        self.memo_state, self.memo_receipt = "", None
        self.help_visit.reset()
        if "body" in self.ids:
            self.ids.body.clear_widgets()

    # -- navigation -------------------------------------------------------------------------------
    def show(self, index: int) -> None:
        self.play.show(index)
        self._step_changed()

    def _step_changed(self) -> None:
        self.index = self.play.index
        if self.help_visit.state != Visit.SENDING:
            self.help_visit.reset()  # the card answered the step it was asked from
        self._render()

    def previous(self) -> None:
        if self.page > 0:
            self.show_page(self.page - 1)
        elif self.play.back():
            self._step_changed()

    def next(self) -> None:
        if self.page + 1 < len(self.pages):
            self.show_page(self.page + 1)
            return
        # A text step (explain, tip, recap…) counts as done once the resident goes on from it.
        move = self.play.forward(text_step_seen=self.view is not None and not self.view.practice)
        if move == Move.LEAVE:
            self.app.go("learn")
        elif move == Move.STEP:
            self._step_changed()
        else:
            self._send_stats()
            self._render()

    def jump(self, step_id: str) -> None:
        """Go to the step ``step_id`` (on_stuck, checkpoint review)."""
        self.play.jump(step_id)
        self._step_changed()

    # -- what step views call ---------------------------------------------------------------------
    def step_wrong(self) -> None:
        self.play.step_wrong()

    def step_hint(self) -> None:
        self.play.step_hint()

    def step_done(self, dont_know: bool = False) -> None:
        self.play.step_done(dont_know=dont_know)

    def title_of(self, step_id: str) -> str:
        return self.play.title_of(step_id)

    def image_path(self, step: Step) -> Path | None:
        image = step_picture(step)[0]
        path = (self.folder / image) if (image and self.folder) else None
        return path if path is not None and path.exists() else None

    def scroll_to(self, widget: Any) -> None:
        """Show the page where ``widget`` starts once laid out (None: the step's first page)."""
        self._target = widget if widget is not None else "top"
        self._paginate_soon()

    # -- pages ------------------------------------------------------------------------------------
    def repaginate(self, *_args) -> None:
        """The step's layout changed: split it into pages again (next frame, once laid out)."""
        self.page_room = self.viewport_height()
        self._paginate_soon()

    def show_page(self, number: int) -> None:
        """Turn to page ``number`` of the step (what « Suite » and « Précédent » do)."""
        self._target = None
        self.page = max(0, min(number, len(self.pages) - 1))
        self._apply_page()

    def _blocks(self, room: float) -> list[Block]:
        """The step's blocks, top to bottom: the body's rows, a step view's rows, and the rows of a
        card too tall for a page. Offsets from the body's top, in pixels."""
        body = self.ids.body
        blocks: list[Block] = []

        def visit(parent: Any) -> None:
            for child in sorted(parent.children, key=lambda c: -c.top):
                if child.height <= 0 or child.opacity == 0:
                    continue
                if isinstance(child, StepView) or (_is_column(child) and child.height > room):
                    visit(child)
                    continue
                pitch, pad_top, pad_bottom = _line_pitch(child)
                blocks.append(
                    Block(
                        top=body.top - child.top + pad_top,
                        height=child.height - pad_top - pad_bottom,
                        line=pitch,
                        # set on the few widgets a page must not end under (headers, the practice band)
                        keep_with_next=bool(getattr(child, "keep_with_next", False)),
                        # and on the helpers that must not start a page alone (« Je ne sais pas »)
                        keep_with_previous=bool(getattr(child, "keep_with_previous", False)),
                    )
                )

        visit(body)
        return blocks

    def _paginate(self, *_args) -> None:
        area, theme = self.ids.area, self.app.theme
        if area.height <= 1 or self.ids.body._trigger_layout.is_triggered:
            self._paginate_soon()  # layout pending: positions are not final yet
            return
        self.pages = paginate(self._blocks(area.height - 2 * theme.margin), area.height - 2 * theme.margin)
        target = self._target
        if target == "top":
            self.page = 0
        elif target is not None and target.parent is not None:
            self.page = page_of(self.pages, self.ids.body.top - target.top)
        self.page = max(0, min(int(self.page), len(self.pages) - 1))
        self._apply_page()

    def _apply_page(self) -> None:
        """Place the view on the current page: as tall as the page, its top at the page's top."""
        scroll, body, area, theme = self.ids.scroll, self.ids.body, self.ids.area, self.app.theme
        page: Page = self.pages[self.page] if self.pages else Page(0, body.height)
        top = max(0.0, page.top - (0 if page.continued else theme.margin))
        # A text cut between two lines ends the page exactly there: no sliver of the next line shows.
        cut = self.page + 1 < len(self.pages) and self.pages[self.page + 1].continued
        scroll.height = min(area.height, max(1.0, page.bottom - top + (0 if cut else theme.margin)))
        span = body.height - scroll.height
        scroll.scroll_y = min(1.0, max(0.0, 1 - top / span)) if span > 0 else 1.0
        effect = scroll.effect_y
        effect.value = effect.min + scroll.scroll_y * (effect.max - effect.min)
        more = self.page + 1 < len(self.pages)
        self.ids.next.text = _("Suite") if more else self._next_label
        self.ids.previous.disabled = self.index == 0 and not self.finished and self.page == 0
        self.ids.previous.opacity = 0 if self.ids.previous.disabled else 1

    def _title_bar(self, *_args) -> None:
        if self.app.theme.compact and self.count and not self.finished:
            number = f"{self.index + 1}/{self.count}"
            self.bar_title = f"{number} · {self.step_title}"
        else:
            self.bar_title = self.step_title

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
            return " ".join(self.typing.prompt_text.split())
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
        self.page, self._target = 0, "top"
        self.ids.previous.disabled = self.index == 0 and not self.finished
        self.ids.previous.opacity = 0 if self.ids.previous.disabled else 1
        self.ids.later.disabled = self.finished
        self.ids.later.opacity = 0 if self.finished else 1
        last = self.index + 1 >= self.count
        self._next_label = _("Les leçons") if self.finished else (_("Terminer") if last else _("Suivant"))
        self.ids.next.text = self._next_label
        self._add_header(body)
        if self.pause_shown and not self.finished:
            body.add_widget(self._pause_card())
        if self.help_state:
            body.add_widget(self._help_card())
        if self.view is not None:
            self.view.release()
        if self.finished or not self.steps:
            self.view = None
            self.practice_bar = False
            self.step_title = self.lesson.title if self.lesson else ""
            self._end(body)
            return
        step = self.steps[self.index]
        self.step_title = step.title or (self.lesson.title if self.lesson else "")
        self.view = view_for(step, self)
        self.practice_bar = self.view.practice and self.app.theme.compact
        body.add_widget(self.view)
        self._paginate_soon()

    def _add_header(self, body: BoxLayout) -> None:
        """« Étape 3 sur 12 » above the step (in the top bar instead on a small screen)."""
        if self.app.theme.compact and not self.finished:
            return
        header = TextBlock(text=self.progress_text(), color=P.TEXT_MUTED)
        header.speak_skip = True
        header.keep_with_next = True
        body.add_widget(header)

    def viewport_height(self) -> float:
        """The height a page of the lesson shows (pictures and fake phones fit in it whole)."""
        return float(self.ids.area.height - 2 * self.app.theme.margin)

    def show_pause(self) -> None:
        self.play.paused = True
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
        page, target = self.page, self._target
        if view is None or self.finished:
            self._render()
        else:
            body = self.ids.body
            body.clear_widgets()
            self._add_header(body)
            if self.pause_shown:
                body.add_widget(self._pause_card())
            if self.help_state:
                body.add_widget(self._help_card())
            view.render()
            body.add_widget(view)
        self.page, self._target = page, target  # the same page (or what scroll_to asked for)
        self._paginate_soon()


def _is_column(widget: Any) -> bool:
    """A vertical box of rows (a card, a message bubble) that a page may end inside; not a button."""
    return (
        isinstance(widget, BoxLayout)
        and widget.orientation == "vertical"
        and not isinstance(widget, ButtonBehavior)
    )


def _line_pitch(widget: Any) -> tuple[float, float, float]:
    """(the height of one line, padding above, padding below) of a paragraph a page may end inside;
    (0, 0, 0) for anything to keep whole."""
    if not isinstance(widget, TextBlock) or widget.role == "huge":
        return 0.0, 0.0, 0.0
    # Kivy's laid-out lines are private to its core label (no public API gives the line count).
    lines = getattr(getattr(widget, "_label", None), "_cached_lines", None) or []
    _left, top, _right, bottom = widget.padding
    if len(lines) < 2:
        return 0.0, 0.0, 0.0
    return (widget.texture_size[1] - top - bottom) / len(lines), float(top), float(bottom)
