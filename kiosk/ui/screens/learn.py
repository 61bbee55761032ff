"""« Apprendre »: « J'ai un code » (reopen a lesson where it stopped), then the lessons found in the lessons
folder (loaded in the worker). With lessons of several themes, it shows « Par où commencer ? » (it opens
the first-visit path, numbered) and one button per theme (« Mes démarches », « Ma sécurité »…); a theme
opens its lessons, one big button each with its pictogram and duration. Main thread only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kivy.properties import StringProperty

from kiosk.domain.lesson_themes import Theme, all_themes
from kiosk.domain.lessons import Lesson
from kiosk.i18n import _, ngettext
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import pictogram
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

if TYPE_CHECKING:
    from kiosk.content.lessons import LessonIndex

log = logging.getLogger(__name__)
OTHERS = Theme("autres", "Autres leçons", "apprendre")
FIRST_VISIT = "debut"  # the pseudo-theme of the suggested first-visit path


def group_by_theme(items: list[Lesson]) -> list[tuple[Theme, list[Lesson]]]:
    """The lessons by theme, themes in the screen's order (lessons without one last), empty ones left out."""
    groups = [(t, [i for i in items if i.theme == t.id]) for t in all_themes()]
    known = {t.id for t in all_themes()}
    others = [i for i in items if i.theme not in known]
    groups.append((Theme(OTHERS.id, _(OTHERS.label), OTHERS.pictogram), others))
    return [(theme, lessons) for theme, lessons in groups if lessons]


def first_visit(items: list[Lesson]) -> list[Lesson]:
    """The lessons of the suggested first-visit path, in its order."""
    return sorted((i for i in items if i.first_visit is not None), key=lambda i: i.first_visit or 0)


class LearnScreen(KioskScreen):
    """Lists lessons (by theme when there are several); a tap opens the lesson player; « J'ai un code »
    opens the code keypad. ``theme_id`` is the theme open (None: the list of themes), kept for the session."""

    status = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lessons: list[Lesson] = []
        self._shown: LessonIndex | None = None  # the lesson index the buttons were drawn from
        self.theme_id: str | None = None

    def prepare(self, **_params) -> None:
        if self._shown is None:
            self.status = _("Un instant…")
            self.lessons = []
            self.ids.list.clear_widgets()
        self.run(
            self.services.load_lessons, self.services.lessons_dir, on_done=self._loaded, on_error=self._failed
        )

    def wipe(self) -> None:
        self.theme_id = None

    def _loaded(self, index: LessonIndex) -> None:
        if index is self._shown:
            return  # the same lessons (LessonShelf): the buttons of the last visit stay, nothing is redrawn
        self._shown = index
        self.lessons = list(index.lessons)
        for problem in index.problems:
            log.warning("lesson skipped: %s", problem)
        self.status = "" if self.lessons else _("Aucune leçon pour le moment.")
        self.show(self.theme_id)

    def show(self, theme_id: str | None) -> None:
        """The list of themes (``None``), the first-visit path (``FIRST_VISIT``), or one theme's lessons; a
        folder with a single theme lists its lessons at once."""
        box = self.ids.list
        box.clear_widgets()
        groups = group_by_theme(self.lessons)
        path = first_visit(self.lessons)
        if theme_id == FIRST_VISIT and path:
            opened: tuple[str, list[Lesson]] | None = (_("Par où commencer ?"), path)
        else:
            found = next((g for g in groups if g[0].id == theme_id), None)
            opened = (found[0].label, found[1]) if found else None
        self.theme_id = theme_id if opened else None
        if len(groups) <= 1 or opened is None:
            if self.lessons:
                code = self._button(_("J'ai un code pour reprendre une leçon"), "learn:code")
                code.bind(on_activate=lambda *_a: self.app.go("lesson_code", lessons=self.lessons))
                box.add_widget(code)
            if len(groups) <= 1:
                for item in self.lessons:
                    box.add_widget(self._lesson_button(item))
            else:
                self._themes(groups, path)
        else:
            back = self._button(_("Tous les thèmes"), "learn:themes", style="nav")
            back.bind(on_activate=lambda *_a: self.show(None))
            box.add_widget(back)
            box.add_widget(TextBlock(text=opened[0], role="heading", bold=True))
            numbered = self.theme_id == FIRST_VISIT
            for number, item in enumerate(opened[1], start=1):
                box.add_widget(self._lesson_button(item, number if numbered else None))
        if self.status:
            box.add_widget(TextBlock(text=self.status))
        self.ids.scroll.scroll_y = 1

    def _themes(self, groups: list[tuple[Theme, list[Lesson]]], path: list[Lesson]) -> None:
        box = self.ids.list
        if path:
            count = ngettext("{n} leçon, dans l'ordre", "{n} leçons, dans l'ordre", len(path)).format(
                n=len(path)
            )
            start = self._button(
                _("Par où commencer ?") + f"\n{count}",
                f"theme:{FIRST_VISIT}",
                icon="apprendre",
            )
            start.bind(on_activate=lambda *_a: self.show(FIRST_VISIT))
            box.add_widget(start)
        box.add_widget(TextBlock(text=_("Ou choisissez un thème"), role="heading", bold=True))
        for theme, lessons in groups:
            count = ngettext("{n} leçon", "{n} leçons", len(lessons)).format(n=len(lessons))
            button = self._button(f"{theme.label}\n{count}", f"theme:{theme.id}", icon=theme.pictogram)
            button.bind(on_activate=lambda *_a, t=theme.id: self.show(t))
            box.add_widget(button)

    def _button(self, text: str, action: str, *, style: str = "tile", icon: str = "") -> BigButton:
        theme = self.app.theme
        height = max(theme.primary_h, theme.mm(22)) if icon else theme.primary_h
        extra = {"icon": pictogram(icon), "icon_size": theme.mm(14)} if icon else {}
        return BigButton(
            text=text,
            style=style,
            primary=True,
            halign="left",
            size_hint_y=None,
            height=height,
            min_height=height,
            grow=True,
            action=action,
            **extra,
        )

    def _lesson_button(self, lesson: Lesson, number: int | None = None) -> BigButton:
        minutes = lesson.duration_min
        title = lesson.title
        if number is not None:
            title = f"{number}. {title}"
        text = f"{title}\n" + _("Environ {n} minutes").format(n=minutes) if minutes else title
        button = self._button(
            text,
            f"lesson:{lesson.id}",
            icon=lesson.pictogram or "apprendre",
        )
        button.bind(on_activate=lambda _b, it=lesson: self.app.go("lesson", item=it))
        return button

    def _failed(self, _error: BaseException) -> None:
        self._shown = None
        self.ids.list.clear_widgets()
        self.status = _("Les leçons ne peuvent pas être ouvertes.")
        self.ids.list.add_widget(TextBlock(text=self.status))
