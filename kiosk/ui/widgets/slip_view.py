"""The printing part of a screen: « Votre papier s'imprime… », or, when the printer fails, the slip itself
on screen (same layout as the paper, with its QR code) and « Réimprimer ».

``slip_view(slip)`` returns a new widget for the current state of a SlipPrint; ``paper_on_screen(png)``
just the paper (for screens with their own « Réimprimer », like the help ticket). Main thread only.
"""

from __future__ import annotations

import io
from typing import Any

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.uix.image import Image

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.ticket_views import Panel

# The slip is drawn at most this wide on screen (paper pixels: 576 at 80 mm): its QR code then fits in the
# visible part of a 7" screen with ~4 px a module, which phones scan.
MAX_SLIP_MM = 62


def slip_image(png: bytes) -> Image:
    """The slip's preview as a widget, as wide as it can be (up to MAX_SLIP_MM), height to match."""
    theme = App.get_running_app().theme
    texture = CoreImage(io.BytesIO(png), ext="png").texture
    width = min(theme.mm(MAX_SLIP_MM), texture.width)
    image = Image(texture=texture, fit_mode="contain", size_hint=(None, None), pos_hint={"center_x": 0.5})
    image.size = (width, width * texture.height / texture.width)
    return image


def reprint_button(slip: Any, *, primary: bool = False) -> BigButton:
    theme = App.get_running_app().theme
    button = BigButton(
        text=_("Réimprimer"),
        action="slip:reprint",
        style="primary" if primary else "tile",
        primary=primary,
        size_hint=(None, None),
        width=theme.mm(60),
        height=theme.primary_h,
        pos_hint={"center_x": 0.5},
    )
    button.bind(on_activate=lambda *_a: slip.reprint())
    return button


def slip_view(slip: Any) -> Panel:
    """What the screen shows about the slip's printing."""
    if slip.state == "failed":
        panel = Panel(background=P.WARNING_BG)
        panel.add_widget(TextBlock(text=_("Le papier n'a pas pu sortir."), role="heading"))
        panel.add_widget(TextBlock(text=slip.message))
        panel.add_widget(
            TextBlock(text=_("Voici votre papier à l'écran. Photographiez-le ou montrez-le à l'accueil."))
        )
        if slip.preview:
            paper = Panel(background=P.BACKGROUND)
            paper.add_widget(slip_image(slip.preview))
            panel.add_widget(paper)
        else:
            panel.add_widget(TextBlock(text=_("Un instant…"), color=P.TEXT_MUTED))
        panel.add_widget(reprint_button(slip, primary=True))
        return panel
    panel = Panel(background=P.BACKGROUND)
    if slip.state == "printing":
        panel.add_widget(TextBlock(text=_("Votre papier s'imprime…"), role="button", bold=True))
    elif slip.state == "printed":
        panel.add_widget(TextBlock(text=_("Prenez votre papier imprimé."), role="button", bold=True))
        panel.add_widget(reprint_button(slip))
    return panel


def paper_on_screen(preview: bytes | None) -> Panel:
    """The paper that did not come out, on screen with its QR code (« Un instant… » until it is drawn)."""
    panel = Panel(background=P.TILE)
    panel.add_widget(TextBlock(text=_("Votre ticket, à l'écran :"), role="button", bold=True))
    if preview:
        paper = Panel(background=P.BACKGROUND)
        paper.add_widget(slip_image(preview))
        panel.add_widget(paper)
    else:
        panel.add_widget(TextBlock(text=_("Un instant…"), color=P.TEXT_MUTED))
    return panel
