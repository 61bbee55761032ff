"""Guided typing on the kiosk keyboard: which key to press next for a wanted character (switching to
« 123 » or « Maj » first when needed) and a yellow, dark-edged highlight on that key or on « OK ».
Main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, InstructionGroup, Line, RoundedRectangle

from kiosk.ui import palette as P


def key_to_press(char: str, keys: dict[str, Any], shift: bool, case_matters: bool) -> str:
    """The key name (as in AzertyKeyboard.keys) that brings ``char`` closer: the character's own key,
    else « 123 »/« abc » (``digits``) to switch layout, or « Maj » (``shift``) for a capital."""
    if char == " ":
        return "space"
    base = char.lower()
    if base not in keys:
        return "digits"
    upper = char != base
    if upper and not shift:
        return "shift"
    if shift and not upper and case_matters:
        return "shift"  # Maj was touched by mistake: touch it again to write small letters
    return base


class KeyHighlight:
    """One highlight that moves from button to button (a yellow background and a thick dark frame drawn
    over the button's own background, under its text)."""

    def __init__(self, theme: Any) -> None:
        self.theme = theme
        self.button: Any = None
        self._group = InstructionGroup()
        self._group.add(Color(*P.WARNING_BG))
        self._fill = RoundedRectangle(radius=[theme.radius])
        self._group.add(self._fill)
        self._frame_group = InstructionGroup()
        self._frame_group.add(Color(*P.TEXT))
        self._frame = Line(width=max(1.5, theme.border * 2))
        self._frame_group.add(self._frame)

    def move_to(self, button: Any) -> None:
        """Highlight ``button`` (None: nothing)."""
        if button is self.button:
            return
        if self.button is not None:
            self.button.canvas.before.remove(self._group)
            self.button.canvas.after.remove(self._frame_group)
            self.button.unbind(pos=self._place, size=self._place, state=self._place)
            self.button.property("style").dispatch(self.button)  # its own colours back
        self.button = button
        if button is not None:
            button.canvas.before.add(self._group)
            button.canvas.after.add(self._frame_group)
            button.bind(pos=self._place, size=self._place, state=self._place)
            self._place()

    def _place(self, *_args) -> None:
        button = self.button
        self._fill.pos, self._fill.size = button.pos, button.size
        inset = self._frame.width  # Kivy strokes the width on each side: the frame stays inside the key
        self._frame.rounded_rectangle = (
            button.x + inset,
            button.y + inset,
            button.width - 2 * inset,
            button.height - 2 * inset,
            self.theme.radius,
        )
        if button.state != "down":
            button.label.color = P.TEXT  # dark text on yellow, whatever the button's style
