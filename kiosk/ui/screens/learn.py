"""« Apprendre »: « J'ai un code » (reopen a lesson where it stopped), then the lessons found in the lessons
folder, one big button each with its pictogram and duration (loaded in the worker). Main thread only.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.properties import StringProperty

from kiosk.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import pictogram
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

log = logging.getLogger(__name__)


def lesson_of(item: Any) -> Any:
    """A LoadedLesson's lesson, or the item itself when it already is a Lesson."""
    return getattr(item, "lesson", item)


class LearnScreen(KioskScreen):
    """Lists lessons; a tap opens the lesson player; « J'ai un code » opens the code keypad."""

    status = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lessons: list[Any] = []
        self._shown: Any = None  # the lesson index the buttons were drawn from

    def prepare(self, **_params) -> None:
        if self._shown is None:
            self.status = _("Un instant…")
            self.lessons = []
            self.ids.list.clear_widgets()
        self.run(
            self.services.load_lessons, self.services.lessons_dir, on_done=self._loaded, on_error=self._failed
        )

    def _loaded(self, index: Any) -> None:
        if index is self._shown:
            return  # the same lessons (LessonShelf): the buttons of the last visit stay, nothing is redrawn
        self._shown = index
        self.lessons = list(getattr(index, "lessons", index) or [])
        for problem in getattr(index, "problems", ()) or ():
            log.warning("lesson skipped: %s", problem)
        box = self.ids.list
        box.clear_widgets()
        theme = self.app.theme
        self.status = "" if self.lessons else _("Aucune leçon pour le moment.")
        if self.lessons:
            code = BigButton(
                text=_("J'ai un code pour reprendre une leçon"),
                style="tile",
                primary=True,
                size_hint_y=None,
                height=theme.primary_h,
                min_height=theme.primary_h,
                grow=True,
                action="learn:code",
            )
            code.bind(on_activate=lambda *_a: self.app.go("lesson_code", lessons=self.lessons))
            box.add_widget(code)
        for item in self.lessons:
            lesson = lesson_of(item)
            minutes = getattr(lesson, "duration_min", 0)
            title = str(getattr(lesson, "title", ""))
            button = BigButton(
                text=f"{title}\n" + _("Environ {n} minutes").format(n=minutes) if minutes else title,
                primary=True,
                halign="left",
                size_hint_y=None,
                height=max(theme.primary_h, theme.mm(22)),
                min_height=max(theme.primary_h, theme.mm(22)),
                grow=True,
                icon=pictogram(str(getattr(lesson, "pictogram", "") or "apprendre")),
                icon_size=theme.mm(14),
                action=f"lesson:{getattr(lesson, 'id', '')}",
            )
            button.bind(on_activate=lambda _b, it=item: self.app.go("lesson", item=it))
            box.add_widget(button)
        if self.status:
            box.add_widget(TextBlock(text=self.status))

    def _failed(self, _error: BaseException) -> None:
        self._shown = None
        self.ids.list.clear_widgets()
        self.status = _("Les leçons ne peuvent pas être ouvertes.")
        self.ids.list.add_widget(TextBlock(text=self.status))
