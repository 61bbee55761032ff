"""FittedLabel: a Label whose texture is as wide as its longest line, not as wide as its box.

Kivy renders a label that wraps (``text_size = (width, None)``) into a texture exactly ``width`` pixels
wide, however short the text: « Internet\\n3 leçons » on a full-width button was a 1168 × 68 texture
for 330 pixels of words. A texture's pixels cost the process about twice their size (Mesa keeps its
own copy; measured under Xvfb, where the kiosk's textures were 6.1 MiB of pixels and 15.6 MiB of its
memory), and on the Raspberry Pi they take GPU memory. When every line of the text fits the width, this
label renders it at the width of its widest line and draws that texture where the wrapped one
would have put it: left, centred or right in the same box. When a line does not fit, it wraps
as any Label. ``text_size`` and the texture's height are as before, so the layouts that grow to their
text do not move; only the texture's width (``texture_size[0]``) is smaller, and the kiosk's layouts
read only its height.

Not for markup, ``shorten`` or justified text, nor for a fixed height (``text_size = (w, h)``): those
render as a plain Label.

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

import math

from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.label import Label

# Replaces Label's own rule (style.kv), which always centres the texture in the widget.
Builder.load_string(
    """
<-FittedLabel>:
    canvas:
        Color:
            rgba: 1, 1, 1, 1
        Rectangle:
            texture: self.texture
            size: self.texture_size
            pos: self.texture_pos(self.center, self.box_width, self.texture_size, self.halign)
"""
)


class FittedLabel(Label):
    """A Label that renders short wrapped text into a texture as wide as the text (module doc)."""

    box_width = NumericProperty(0)
    """The wrapping width the texture stands for (0: the texture is the wrapped one, centred as Kivy does)."""

    @staticmethod
    def texture_pos(
        center: tuple[float, float], box: int, size: tuple[int, int], halign: str
    ) -> tuple[int, int]:
        """Where the texture goes: centred as Kivy centres it, or, across, where its lines fall in the
        ``box``-wide texture Kivy would have centred (to the pixel: Kivy places a line at a whole pixel
        from its texture's edge, and ``box - width`` is even)."""
        (center_x, center_y), (width, height) = center, size
        y = int(center_y - height / 2.0)
        if not box:
            return int(center_x - width / 2.0), y
        left = int(center_x - box / 2.0)
        if halign == "right":
            return left + box - width, y
        if halign == "center":
            return left + (box - width) // 2, y
        return left, y

    def fitted_width(self, box: int) -> int | None:
        """The texture width that holds the widest line and the padding, when every line fits ``box``
        without wrapping (measured as Kivy's line layout measures it); else None. It differs from
        ``box`` by an even number of pixels, so a centred line falls on the same pixel."""
        core = self._label
        core.resolve_font_name()  # the font of the current bold/italic, as refresh() will use
        pad = self.padding[0] + self.padding[2]
        widest = max(core.get_extents(line)[0] for line in core.text.split("\n"))
        width = math.ceil(widest + pad)
        width += (box - width) % 2
        return width if width <= box else None

    def texture_update(self, *largs) -> None:
        wanted = tuple(self.text_size)
        fitted = None
        if (
            wanted[0] is not None
            and wanted[1] is None
            and not (self.markup or self.shorten or self.halign == "justify" or self.strip)
            and self._label.text
        ):
            fitted = self.fitted_width(int(wanted[0]))  # Kivy's wrapped texture is int(width) wide
        # Still a width, not None: Kivy lays out a label with a width a little taller (the last line's
        # spacing), and the texture must be the wrapped one's height.
        self._label.text_size = (fitted, None) if fitted else wanted
        self.box_width = int(wanted[0]) if fitted else 0
        super().texture_update(*largs)
        if fitted and len(self._label._cached_lines) != self._label.text.count("\n") + 1:
            self._label.text_size = wanted  # Kivy wrapped a line after all: render it as asked
            self.box_width = 0
            super().texture_update(*largs)
