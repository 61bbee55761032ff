"""The lesson player: one step at a time (text and picture, recap, choose-one question with feedback and
« Je ne sais pas »), previous / next and progress. No timer anywhere. Main thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.learn import lesson_of
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.ticket_views import Panel
from kiosk.ui.widgets.top_bar import TopBar  # noqa: F401  (registers the kv class)

DONT_KNOW = "__dont_know__"


def step_kind(step: Any) -> str:
    """explain, tip, warning, recap or choose_one."""
    kind = getattr(step, "type", None) or getattr(step, "kind", None)
    return str(getattr(kind, "value", kind) or type(step).__name__.lower())


def _get(obj: Any, name: str, default: Any = "") -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


class LessonScreen(KioskScreen):
    """Plays ``item`` (a LoadedLesson) from its first step."""

    index = NumericProperty(0)
    count = NumericProperty(0)
    step_title = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lesson: Any = None
        self.folder: Path | None = None
        self.steps: list[Any] = []
        self.answer = ""
        self.finished = False

    def prepare(self, item: Any = None, **_params) -> None:
        if item is not None:
            self.lesson = lesson_of(item)
            folder = getattr(item, "folder", None)
            self.folder = Path(folder) if folder else None
            self.steps = list(getattr(self.lesson, "steps", []) or [])
        self.count = len(self.steps)
        self.show(0)

    # -- navigation -------------------------------------------------------------------------------
    def show(self, index: int) -> None:
        self.index = max(0, min(index, max(self.count - 1, 0)))
        self.answer = ""
        self.finished = False
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
            self.show(self.index + 1)
        else:
            self.finished = True
            self._render()

    def choose(self, option_id: str) -> None:
        self.answer = option_id
        self._render()

    def wipe(self) -> None:
        self.lesson, self.folder, self.steps, self.count = None, None, [], 0
        self.answer, self.finished = "", False
        if "body" in self.ids:
            self.ids.body.clear_widgets()

    # -- showing ----------------------------------------------------------------------------------
    def progress_text(self) -> str:
        if self.finished:
            return _("Leçon terminée")
        return _("Étape {n} sur {total}").format(n=self.index + 1, total=self.count)

    def _render(self) -> None:
        body = self.ids.body
        body.clear_widgets()
        self.ids.scroll.scroll_y = 1
        self.ids.progress.text = self.progress_text()
        self.ids.previous.disabled = self.index == 0 and not self.finished
        self.ids.previous.opacity = 0 if self.ids.previous.disabled else 1
        last = self.index + 1 >= self.count
        self.ids.next.text = _("Les leçons") if self.finished else (_("Terminer") if last else _("Suivant"))
        if self.finished or not self.steps:
            self.step_title = str(_get(self.lesson, "title", ""))
            body.add_widget(TextBlock(text=_("Bravo ! Vous avez fini la leçon."), role="heading"))
            body.add_widget(TextBlock(text=_("Vous pouvez la refaire quand vous voulez.")))
            return
        step = self.steps[self.index]
        self.step_title = str(_get(step, "title", "")) or str(_get(self.lesson, "title", ""))
        kind = step_kind(step)
        if kind == "recap":
            for bullet in _get(step, "bullets", []) or []:
                body.add_widget(TextBlock(text="•  " + str(bullet)))
        elif kind == "choose_one":
            self._question(body, step)
        else:
            self._explain(body, step, kind)

    def _explain(self, body: BoxLayout, step: Any, kind: str) -> None:
        text = TextBlock(text=str(_get(step, "text", "")))
        if kind in ("tip", "warning"):
            panel = Panel(background=P.WARNING_BG if kind == "warning" else P.TILE)
            panel.add_widget(
                TextBlock(text=_("Attention") if kind == "warning" else _("Astuce"), role="button", bold=True)
            )
            panel.add_widget(text)
            text = panel
        image = str(_get(step, "image", "") or "")
        path = (self.folder / image) if (image and self.folder) else None
        if path is None or not path.exists():
            body.add_widget(text)
            return
        theme = self.app.theme
        row = BoxLayout(orientation="horizontal", spacing=theme.gap, size_hint_y=None)
        picture = Image(source=str(path), fit_mode="contain", size_hint_x=0.45, pos_hint={"top": 1})
        text.pos_hint = {"top": 1}
        row.add_widget(picture)
        row.add_widget(text)

        def fit(*_args) -> None:
            row.height = max(text.height, min(theme.mm(70), row.width * 0.45 * 0.75))
            picture.height = row.height

        text.bind(height=fit)
        row.bind(width=fit)
        body.add_widget(row)

    def _question(self, body: BoxLayout, step: Any) -> None:
        theme = self.app.theme
        body.add_widget(TextBlock(text=str(_get(step, "question", ""))))
        options = list(_get(step, "options", []) or [])
        for option in options:
            oid = str(_get(option, "id", ""))
            button = BigButton(
                text=str(_get(option, "text", "")),
                halign="left",
                size_hint_y=None,
                primary=True,
                height=theme.primary_h,
                min_height=theme.primary_h,
                grow=True,
                action=f"option:{oid}",
                style="key_on" if self.answer == oid else "tile",
            )
            button.bind(on_activate=lambda _b, o=oid: self.choose(o))
            body.add_widget(button)
        dont = BigButton(
            text=_("Je ne sais pas"),
            size_hint_y=None,
            height=theme.primary_h,
            primary=True,
            action="option:dont_know",
            style="key_on" if self.answer == DONT_KNOW else "tile",
        )
        dont.bind(on_activate=lambda *_a: self.choose(DONT_KNOW))
        body.add_widget(dont)
        if not self.answer:
            return
        chosen = next((o for o in options if str(_get(o, "id", "")) == self.answer), None)
        right = next((o for o in options if _get(o, "correct", False)), None)
        panel = Panel(
            background=P.TILE if chosen is not None and _get(chosen, "correct", False) else P.WARNING_BG
        )
        if chosen is None:
            panel.add_widget(
                TextBlock(text=_("Ce n'est pas grave. Voici la réponse :"), role="button", bold=True)
            )
            if right is not None:
                panel.add_widget(TextBlock(text=str(_get(right, "text", ""))))
                panel.add_widget(TextBlock(text=str(_get(right, "feedback", "") or "")))
        else:
            good = bool(_get(chosen, "correct", False))
            panel.add_widget(
                TextBlock(text=_("Bravo !") if good else _("Pas tout à fait."), role="button", bold=True)
            )
            panel.add_widget(TextBlock(text=str(_get(chosen, "feedback", "") or "")))
        body.add_widget(panel)
        Clock.schedule_once(
            lambda _dt: self.ids.scroll.scroll_to(panel, padding=theme.margin, animate=False), 0
        )
