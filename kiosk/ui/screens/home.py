"""Home: the site name and three giant tiles (Apprendre, Demander de l'aide, Prochaines séances).

Shows no personal data, so inactivity never asks anything here. Main thread only.
"""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.i18n import _
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.big_button import BigButton  # noqa: F401  (registers the kv class)
from kiosk.ui.widgets.text_block import TextBlock  # noqa: F401


class HomeScreen(KioskScreen):
    """The start of every session."""

    guarded = False
    status = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.app.bind(hub_state=self._status)
        self._status()

    def _status(self, *_args) -> None:
        self.status = _("Démarrage…") if self.app.hub_state == "starting" else ""

    def open_learn(self) -> None:
        self.app.go("learn")

    def open_help(self) -> None:
        self.app.go("help_topic")

    def open_agenda(self) -> None:
        self.app.go("agenda")
