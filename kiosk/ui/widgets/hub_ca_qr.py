"""On the staff screen: a QR code to the hub's certificate page (/ca), so an advisor installs the hub's
authority on a phone in one scan. Shown only when phones can reach the hub over HTTPS. Main thread only.
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
from kiosk.local_address import lan_address
from kiosk.ui.widgets.text_block import TextBlock

QR_MM = 30


def ca_page_url(config: Config) -> str:
    """The hub's /ca page for phones: on the configured hub when it is reached over HTTPS, or on this
    machine's embedded hub when it serves HTTPS beyond loopback; else "" (nothing to install)."""
    url = config.kiosk.hub_url
    if url:
        return f"{url}/ca" if url.startswith("https://") else ""
    host, _sep, port = config.hub.listen.rpartition(":")
    address = lan_address() if config.hub.tls and host == "0.0.0.0" else None
    return f"https://{address}:{port}/ca" if address else ""


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
