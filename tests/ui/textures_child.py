"""Child process of test_textures.py, in a real Kivy window.

Labels: for each case, a plain Kivy Label and a FittedLabel with the same text, font, alignment and width.
Prints one JSON line per case: both texture sizes, and whether the two widgets' pixels are the same.

Pictograms: buttons showing the same pictogram at 52 px, one at 119 px, one whose file is broken (argv[1]).
Prints one JSON line: their texture sizes, whether the 52 px ones share theirs, how much of it is ink,
and which files Pillow had to open.
"""

from __future__ import annotations

import json
import sys

from kiosk.ui.kivy_settings import apply

apply(kiosk_mode=False, size=(1280, 800), debug=False)

from kivy.app import App  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.uix.floatlayout import FloatLayout  # noqa: E402
from kivy.uix.image import Image  # noqa: E402
from kivy.uix.label import Label  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from kiosk.ui.theme import pictogram  # noqa: E402
from kiosk.ui.widgets.big_button import BigButton  # noqa: E402
from kiosk.ui.widgets.fitted_label import FittedLabel  # noqa: E402

WIDTH = 1100
CASES = [
    # name, text, halign, font size, then a font size set later (« A+ »), or 0
    ("short-left", "Internet\n3 leçons", "left", 34, 0),
    ("short-center", "Mes e-mails\n4 leçons\nA\nAb\nAbc\nAbcd", "center", 34, 0),
    ("short-right", "Prochaines séances", "right", 34, 0),
    ("long-left", "Touchez la leçon que vous voulez suivre. " * 3, "left", 34, 0),
    ("grows-left", "Ma sécurité sur Internet, mes mots de passe", "left", 30, 90),
    # Millimetre paddings and wrapping widths are fractions of a pixel (keyboard_page.Instruction).
    ("padded-left", "Écrivez votre prénom.\nC'est facultatif.", "left", 33, 0),
    ("padded-center", "Retour", "center", 33, 0),
    ("padded-right", "Sans prénom\nœuvre, 12 €", "right", 33, 0),
    # The same centred text in a box one pixel narrower: one of the two needs the texture a pixel wider.
    ("short-center-1", "Mes e-mails\n4 leçons\nA\nAb\nAbc\nAbcd", "center", 34, 0),
]
PADDING = 10.39

# Which files Pillow opened: a readable pictogram is decoded by Kivy's loader (0.5 ms), as Pillow's first
# open registers its file plugins (10 ms on the way to the first frame).
pillow_opened: list[str] = []
_open = PILImage.open


def _watched_open(fp, *args, **kwargs):
    pillow_opened.append(str(fp))
    return _open(fp, *args, **kwargs)


PILImage.open = _watched_open


def pixels(widget) -> bytes:
    return bytes(widget.export_as_image().texture.pixels)


def alphas(widget) -> bytes:
    """The alpha of each pixel the widget draws, row by row (52 × 52 here)."""
    return pixels(widget)[3::4]


def difference(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


class Pairs(App):
    def build(self):
        root = FloatLayout()
        self.pairs = []
        for i, (name, text, halign, size, _later) in enumerate(CASES):
            made = []
            for j, kind in enumerate((Label, FittedLabel)):
                label = kind(
                    text=text,
                    halign=halign,
                    valign="middle",
                    font_size=size,
                    bold=True,
                    color=(0, 0, 0, 1),
                    size_hint=(None, None),
                    size=(WIDTH - 1, 320),  # centre_x falls between two pixels
                    # Whole pixels, so the exports are not resampled; widgets overlap, but an export draws
                    # one widget alone.
                    pos=(20 + 5 * j, 10 + 40 * i),
                    line_height=1.15,
                    padding=[PADDING, 0] if name.startswith("padded") else [0, 0],
                )
                wrap = WIDTH - 2 * PADDING if name.startswith("padded") else WIDTH - name.endswith("-1")
                label.text_size = (wrap, None)
                root.add_widget(label)
                made.append(label)
            self.pairs.append((name, *made))
        icon = pictogram("aide")  # not the same upside down (« internet », a globe, nearly is)
        self.buttons = [
            BigButton(text="Aide", icon=icon, icon_size=52.4),
            BigButton(text="Aide encore", icon=icon, icon_size=51.6),
            BigButton(text="Accueil", icon=icon, icon_size=119),
            BigButton(text="Cassé", icon=sys.argv[1], icon_size=52),
        ]
        for button in self.buttons:
            root.add_widget(button)
        # The same pictogram as Kivy draws a file (scaled by the GPU), to check which way up ours is.
        self.plain = Image(source=icon, fit_mode="contain", size_hint=(None, None), size=(52, 52))
        root.add_widget(self.plain)
        Clock.schedule_once(self.grow, 0.3)
        Clock.schedule_once(self.report, 0.8)
        return root

    def grow(self, _dt) -> None:
        for (_name, plain, fitted), case in zip(self.pairs, CASES, strict=True):
            if case[4]:
                plain.font_size = fitted.font_size = case[4]

    def report(self, _dt) -> None:
        for name, plain, fitted in self.pairs:
            print(
                json.dumps(
                    {
                        "case": name,
                        "plain": list(plain.texture_size),
                        "fitted": list(fitted.texture_size),
                        "texture_width": fitted.texture.width,
                        "same_pixels": pixels(plain) == pixels(fitted),
                    }
                ),
                flush=True,
            )
        images = [button._image for button in self.buttons]
        ours, plain = alphas(images[0]), alphas(self.plain)
        flipped = b"".join(ours[row * 52 : (row + 1) * 52] for row in reversed(range(52)))
        small = images[0].texture
        alpha = bytes(small.pixels)[3::4]
        print(
            json.dumps(
                {
                    "case": "pictograms",
                    "sizes": [list(i.texture.size) if i.texture else None for i in images],
                    "shared": images[1].texture is small,
                    "ink": sum(a > 128 for a in alpha) / len(alpha),
                    "off_plain": difference(ours, plain),
                    "off_plain_upside_down": difference(flipped, plain),
                    "broken_shows_words": self.buttons[3].label.text == "Cassé" and images[3].parent is None,
                    "pillow_opened": pillow_opened,
                }
            ),
            flush=True,
        )
        self.stop()


if __name__ == "__main__":
    Pairs().run()
    sys.exit(0)
