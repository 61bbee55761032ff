"""On the staff screen: a QR code to the hub's certificate page (/ca), so an advisor installs the hub's
authority on a phone in one scan. Shown only when the kiosk talks to its hub over HTTPS. Main thread only.
"""

from __future__ import annotations

import io

import qrcode
from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk.config import Config
from kiosk.i18n import _
from kiosk.ui.widgets.text_block import TextBlock

QR_MM = 30


def ca_page_url(config: Config) -> str:
    """The hub's /ca page when the kiosk reaches its hub over HTTPS, else "" (nothing to install)."""
    url = config.kiosk.hub_url
    return f"{url}/ca" if url.startswith("https://") else ""


def hub_ca_qr(url: str) -> BoxLayout:
    """A row: the QR code of ``url`` and what it is for."""
    theme = App.get_running_app().theme
    code = qrcode.QRCode(border=2, box_size=4)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    texture = CoreImage(io.BytesIO(buffer.getvalue()), ext="png").texture
    texture.mag_filter = "nearest"  # crisp modules: phones scan it from a screen
    row = BoxLayout(size_hint_y=None, height=theme.mm(QR_MM), spacing=theme.gap)
    row.add_widget(Image(texture=texture, size_hint_x=None, width=theme.mm(QR_MM), fit_mode="contain"))
    text = _("Téléphone du conseiller : scannez ce code une fois pour la connexion sécurisée au hub.")
    row.add_widget(TextBlock(text=text))
    return row
