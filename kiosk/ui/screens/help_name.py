"""Help, step 3: an optional first name typed on our AZERTY keyboard, then « Valider ». The keyboard page
(kiosk.ui.widgets.keyboard_page) shows the instruction at body size, on its own page first on a small screen,
with « Sans prénom » beside « Écrire »; 🔊 and « A+ » on both pages (no top bar: every key keeps ≥ 10 mm).

The typed text lives only in ``self.name_text`` and is wiped when the session ends. 🔊 reads the
instructions and how many letters are typed, never the name itself: the kiosk stands in a public room and
the loudspeaker is heard by everyone around. Main thread only.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.domain.help_requests import FIRST_NAME_MAX
from kiosk.domain.topics import Topic
from kiosk.i18n import _, ngettext
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.keyboard_page import KeyboardPage  # noqa: F401  (registers the kv class)
from kiosk.ui.widgets.top_bar import NavButton


class HelpNameScreen(KioskScreen):
    """Shows what is typed; « Valider » goes to the ticket screen with the topic and the name."""

    name_text = StringProperty("")
    instruction = StringProperty(_("Écrivez votre prénom.\nC'est facultatif."))
    keyboard: Any = None  # the board's AzertyKeyboard (on_kv_post runs inside __init__)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: Topic | None = None
        self.needs: tuple[str, ...] = ()

    def on_kv_post(self, _base) -> None:
        board = self.ids.board
        self.keyboard = board.keyboard
        self.keyboard.bind(
            on_key_text=lambda _k, text: self.type_text(text), on_erase=lambda *_a: self.erase()
        )
        no_name = NavButton(text=_("Sans prénom"), action="help:no_name", style="tile")
        no_name.bind(on_activate=lambda *_a: self.validate(without_name=True))
        board.add_extra(no_name)
        self.bind(name_text=self._show_name)
        self._show_name()

    def _show_name(self, *_args) -> None:
        self.ids.board.field.show_typed(self.name_text)

    def prepare(self, topic: Topic | None = None, needs: tuple[str, ...] | None = None, **_params) -> None:
        if topic is not None:
            self.topic = topic
        if needs is not None:
            self.needs = tuple(needs)
        self.keyboard.digits = False
        self.ids.board.restart()
        self._auto_capital()

    def _auto_capital(self) -> None:
        # A name starts with a capital: the Maj key lights up by itself at the start.
        self.keyboard.shift = self.name_text == "" or self.name_text.endswith((" ", "-"))

    def type_text(self, text: str) -> None:
        if len(self.name_text) < FIRST_NAME_MAX:
            self.name_text += text
        self._auto_capital()

    def erase(self) -> None:
        self.name_text = self.name_text[:-1]
        self._auto_capital()

    def speech_text(self) -> str:
        """What 🔊 says: the instructions and the number of letters typed (never the name)."""
        said = [
            self.instruction.replace("\n", " "),
            _("Le conseiller verra votre prénom."),
            _("Vous pouvez aussi ne rien écrire."),
        ]
        if self.name_text:
            count = len(self.name_text.replace(" ", ""))
            said.append(
                ngettext("Vous avez écrit {n} lettre.", "Vous avez écrit {n} lettres.", count).format(n=count)
            )
        if self.ids.board.stage == "instruction":
            said.append(_("Pour l'écrire, touchez Écrire. Sinon, touchez Sans prénom."))
        else:
            said.append(_("Touchez Valider pour continuer."))
        return " ".join(said)

    def read_aloud(self) -> None:
        from kiosk.ui.speaker import speaker_of

        speaker_of(self.app).say(self.speech_text())

    def validate(self, without_name: bool = False) -> None:
        """« Valider » (the name typed) or « Sans prénom » (``without_name``): on to the ticket."""
        if self.topic is None:
            self.app.go("help_topic")
            return
        name, self.name_text = ("" if without_name else self.name_text), ""
        needs, self.needs = self.needs, ()
        self.app.go("help_ticket", topic=self.topic, first_name=name, needs=needs)

    def back(self) -> None:
        if self.topic is None:
            self.app.go("help_topic")
        else:
            self.app.go("help_needs", topic=self.topic, needs=self.needs)

    def wipe(self) -> None:
        self.name_text = ""
        self.topic = None
        self.needs = ()
