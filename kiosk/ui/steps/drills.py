"""order_steps (tap the items in the right order; numbers appear) and gesture_drill (practise tap, long
press, swipe and scroll on a drawn phone; the target grows after misses; « Passer ce geste » is the tap
alternative, so no gesture is ever required). Main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line, RoundedRectangle
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.widget import Widget

from kiosk.domain.step_logic import GestureRun, OrderRun, shuffled_order
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import StepView

LONG_PRESS_S = 0.8
MOVE_MM = 15.0  # a finger moving farther than this is a swipe or a scroll
INSTRUCTIONS = {
    "tap": "Touchez le rond une fois, puis levez le doigt.",
    "long_press": "Appuyez sur le rond sans bouger, jusqu'à ce qu'il devienne vert.",
    "swipe_left": "Posez le doigt sur le téléphone et glissez vers la gauche.",
    "swipe_right": "Posez le doigt sur le téléphone et glissez vers la droite.",
    "scroll": "Posez le doigt sur le téléphone et glissez vers le haut.",
}


class OrderStepsView(StepView):
    """The items shuffled; each right tap numbers the item; a wrong tap says which number comes next."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.order = shuffled_order(step)
        self.run = OrderRun(len(step.items))
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        self.add_widget(self.text(_("Touchez les étapes dans le bon ordre."), role="button", bold=True))
        for shown in self.order:
            number = self.run.tapped.index(shown) + 1 if shown in self.run.tapped else None
            label = (f"{number}.  " if number else "") + self.step.items[shown]
            self.add_widget(
                self.button(
                    label,
                    f"order:{shown}",
                    lambda i=shown: self.tap_item(i),
                    style="key_on" if number else "tile",
                    halign="left",
                )
            )
        if not self.solved:
            self.add_widget(self.dont_know_button())

    def tap_item(self, index: int) -> None:
        if self.solved or index in self.run.tapped:
            return
        if self.run.tap(index):
            if self.run.finished:
                self.right(self.step.success)
            else:
                self.render()
        else:
            self.wrong(_("Pas encore. Quelle étape vient en numéro {n} ?").format(n=len(self.run.tapped) + 1))

    def reveal(self) -> None:
        self.run.tapped = list(range(len(self.step.items)))


class FakePhone(Widget):
    """A drawn phone with a round target; reports gestures made on it: tap, long_press, swipe_*, scroll."""

    def __init__(self, view: GestureDrillView, **kwargs):
        super().__init__(**kwargs)
        self.view = view
        self._start: tuple[float, float, float] | None = None
        self._long: Any = None  # a Kivy ClockEvent
        self._moved = False
        self.lit = False
        self.bind(pos=self.draw, size=self.draw)

    def target_radius(self) -> float:
        theme = self.view.theme
        return min(theme.mm(9) * (1 + 0.3 * min(self.view.run.misses, 3)), self.width * 0.4)

    def target_center(self) -> tuple[float, float]:
        return self.center_x, self.center_y

    def draw(self, *_args) -> None:
        theme = self.view.theme
        self.canvas.clear()
        with self.canvas:
            Color(*P.TEXT)
            RoundedRectangle(pos=self.pos, size=self.size, radius=[theme.mm(5)])
            Color(*P.BACKGROUND)
            pad = theme.mm(2.5)
            RoundedRectangle(
                pos=(self.x + pad, self.y + pad * 3),
                size=(self.width - 2 * pad, self.height - pad * 6),
                radius=[theme.mm(2)],
            )
            Color(*(P.SUCCESS if self.lit else P.PRIMARY))
            r = self.target_radius()
            cx, cy = self.target_center()
            Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r))
            Color(*P.TILE)
            Line(circle=(cx, cy, r * 0.45), width=max(1.5, theme.border * 2))

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        touch.grab(self)
        self._start = (touch.x, touch.y, Clock.get_time())
        self._moved = False
        self._long = Clock.schedule_once(lambda _dt: self._long_press(touch), LONG_PRESS_S)
        return True

    def _near_target(self, x: float, y: float) -> bool:
        cx, cy = self.target_center()
        return (x - cx) ** 2 + (y - cy) ** 2 <= (self.target_radius() + self.view.theme.mm(2)) ** 2

    def _long_press(self, touch) -> None:
        self._long = None
        if self._start is None:
            return
        x0, y0, _t = self._start
        if not self._moved and self._near_target(x0, y0):
            self._start = None  # the gesture is made: lifting the finger adds nothing
            self.lit = True
            self.draw()
            self.view.gesture("long_press")

    def on_touch_move(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_move(touch)
        if self._start is not None:  # grabbed touches come in this widget's parent coordinates
            far = self.view.theme.mm(MOVE_MM) / 2
            self._moved = (
                self._moved or max(abs(touch.x - self._start[0]), abs(touch.y - self._start[1])) > far
            )
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        if self._long is not None:
            self._long.cancel()
            self._long = None
        if self._start is None:
            return True
        x0, y0, _t = self._start
        self._start = None
        dx, dy, far = touch.x - x0, touch.y - y0, self.view.theme.mm(MOVE_MM)
        if abs(dx) >= far and abs(dx) > abs(dy):
            self.view.gesture("swipe_right" if dx > 0 else "swipe_left")
        elif abs(dy) >= far:
            self.view.gesture("scroll")
        elif self._near_target(x0, y0):
            self.view.gesture("tap")
        else:
            self.view.gesture("miss")
        return True


class GestureDrillView(StepView):
    """One gesture at a time on the fake phone, with a counter and « Passer ce geste »."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.run = GestureRun.of(step)
        self.phone: FakePhone | None = None
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text))
        current = self.run.current
        if current is None:
            self.add_widget(self.text(_("Tous les gestes sont faits."), role="button", bold=True))
            return
        self.add_widget(self.text(_(INSTRUCTIONS[current]), role="button", bold=True))
        self.add_widget(
            self.text(
                _("Geste {n} sur {total}").format(n=self.run.position + 1, total=len(self.run.plan)),
                color=P.TEXT_MUTED,
            )
        )
        self.phone = FakePhone(self, size_hint=(None, None))
        theme = self.theme
        height = min(theme.mm(64), max(theme.mm(40), self.host.viewport_height() - theme.mm(4)))
        self.phone.size = (height * 0.7, height)
        holder = AnchorLayout(anchor_x="center", anchor_y="center", size_hint_y=None, height=height)
        holder.add_widget(self.phone)
        self.add_widget(holder)
        self.add_widget(self.button(_("Passer ce geste"), "gesture:skip", self.skip))

    def gesture(self, made: str) -> None:
        if self.run.finished:
            return
        if self.run.did(made):
            if self.run.finished:
                self.right(_("Bravo, vous avez fait tous les gestes !"))
            else:
                self.verdict = None
                Clock.schedule_once(lambda _dt: self.render(), 0.3 if made == "long_press" else 0)
        else:
            self.wrong(_("Ce n'est pas encore ce geste. Le rond est plus grand : essayez encore."))

    def skip(self) -> None:
        self.run.skip()
        if self.run.finished:
            self.right(_("C'est fini. Vous pourrez vous entraîner sur votre téléphone."))
        else:
            self.verdict = None
            self.render()

    def reveal(self) -> None:
        self.run.position = len(self.run.plan)
