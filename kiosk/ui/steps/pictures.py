"""tap_target: tap the right place on a picture. Wrong zones give their own feedback; elsewhere a hint.
Zones found are outlined on the picture. Main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Line
from kivy.uix.image import Image

from kiosk.domain.step_logic import zone_at
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.steps.base import StepView

PICTURE_MAX_MM = 80


class TapPicture(Image):
    """The picture; a tap (on release) reports its position as fractions from the top left."""

    def __init__(self, on_tap: Any, marks: list[tuple[list[float], tuple]], **kwargs):
        super().__init__(fit_mode="contain", **kwargs)
        self.on_tap = on_tap
        self.marks = marks  # (rect in fractions, colour)
        self.bind(pos=self._draw, size=self._draw, norm_image_size=self._draw)

    def picture_box(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the drawn picture inside the widget, in widget coordinates."""
        w, h = self.norm_image_size
        return self.center_x - w / 2, self.center_y - h / 2, w, h

    def window_point(self, fx: float, fy: float) -> tuple[float, float]:
        """Window coordinates of fractions (fx, fy) of the picture (tests tap there)."""
        x, y, w, h = self.picture_box()
        return self.to_window(x + fx * w, y + (1 - fy) * h)

    def _draw(self, *_args) -> None:
        self.canvas.after.clear()
        x, y, w, h = self.picture_box()
        with self.canvas.after:
            for rect, colour in self.marks:
                Color(*colour)
                rx, ry, rw, rh = rect
                Line(rectangle=(x + rx * w, y + (1 - ry - rh) * h, rw * w, rh * h), width=3)

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos) and not touch.is_mouse_scrolling:
            touch.grab(self)
            return True
        return super().on_touch_down(touch)

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        touch.ungrab(self)
        x, y, w, h = self.picture_box()
        if w > 0 and h > 0 and self.collide_point(*touch.pos):
            fx, fy = (touch.x - x) / w, 1 - (touch.y - y) / h
            self.on_tap(fx, fy)
        return True


class TapTargetView(StepView):
    """The instruction, the picture and « Je ne sais pas »."""

    practice = True

    def __init__(self, step, host, **kwargs):
        self.marks: list[tuple[list[float], tuple]] = []
        self.picture: TapPicture | None = None
        super().__init__(step, host, **kwargs)

    def build(self) -> None:
        if self.step.text:
            self.add_widget(self.text(self.step.text, role="button", bold=True))
        path = self.host.image_path(self.step)
        picture = TapPicture(self.tapped, self.marks, source=str(path) if path else "", size_hint_y=None)
        self.picture = picture
        theme = self.theme

        def fit(*_args) -> None:
            ratio = picture.image_ratio or 1.5
            room = self.host.viewport_height() - theme.mm(6)
            picture.height = max(theme.mm(30), min(theme.mm(PICTURE_MAX_MM), self.width / ratio, room))

        self.bind(width=fit)
        self.follow_page_room(fit)  # the lesson area is laid out after the step: fit it again
        fit()
        self.add_widget(self.picture)
        if not self.solved:
            self.add_widget(self.dont_know_button())

    def tapped(self, fx: float, fy: float) -> None:
        if self.solved:
            return
        zone = zone_at(self.step, fx, fy)
        if zone is None:
            self.wrong(_("Ce n'est pas là. Regardez bien l'image."))
        elif zone.correct:
            self.marks.append((list(zone.rect), P.SUCCESS))
            self.right(zone.feedback)
        else:
            self.marks[:] = [m for m in self.marks if m[1] != P.ERROR_TEXT]
            self.marks.append((list(zone.rect), P.ERROR_TEXT))
            self.wrong(zone.feedback)

    def reveal(self) -> None:
        self.marks[:] = [(list(z.rect), P.SUCCESS) for z in self.step.zones if z.correct]

    def zone_point(self, zone_id: str) -> tuple[float, float]:
        """Window coordinates of a zone's centre (tests)."""
        zone = next(z for z in self.step.zones if z.id == zone_id)
        x, y, w, h = zone.rect
        assert self.picture is not None
        return self.picture.window_point(x + w / 2, y + h / 2)
