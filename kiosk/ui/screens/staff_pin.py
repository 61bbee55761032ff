"""The way into staff mode: a PIN on a keypad, checked against ``[staff] pin_hash`` (scrypt), with a
lockout after repeated failures (kiosk.domain.staff_pin).

The PIN is checked in the worker (scrypt takes ~50 ms) and never kept. Main thread only.
"""

from __future__ import annotations

import math

from kivy.app import App
from kivy.uix.boxlayout import BoxLayout

from kiosk.domain.staff_pin import DEMO_PIN, MAX_DIGITS, PinLock
from kiosk.i18n import _
from kiosk.passwords import verify_password
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.digit_pad import DigitPad
from kiosk.ui.widgets.entry_row import entry_row
from kiosk.ui.widgets.read_aloud import TextSizeButton
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TOOL_WIDTH_MM


def pin_matches(pin: str, pin_hash: str, demo: bool) -> bool:
    """True when ``pin`` is the staff PIN (worker thread). Demo defaults without a hash: DEMO_PIN."""
    if not pin_hash:
        return demo and pin == DEMO_PIN
    return verify_password(pin, pin_hash)


class StaffPinScreen(KioskScreen):
    """Keypad and a message; « Valider » checks the PIN."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pin = ""
        self.message = ""
        self.checking = False

    @property
    def lock(self) -> PinLock:
        """One lock per app, so leaving and coming back does not reset the count."""
        lock = self.app.staff_lock
        if lock is None:
            lock = self.app.staff_lock = PinLock(self.services.monotonic)
        return lock

    def prepare(self, **_params) -> None:
        self.pin, self.checking = "", False
        config = self.services.config
        if not config.staff.pin_hash and not config.demo:
            self.message = _("Le mode personnel n'est pas réglé. Voir « kiosk staff set-pin ».")
        elif config.demo and not config.staff.pin_hash:
            self.message = _("Démonstration : le code est {pin}.").format(pin=DEMO_PIN)
        else:
            self.message = _("Tapez le code du personnel.")
        self._render()

    def digit(self, digit: str) -> None:
        if len(self.pin) < MAX_DIGITS:
            self.pin += digit
        self.field.show("•" * len(self.pin))

    def erase(self) -> None:
        self.pin = self.pin[:-1]
        self.field.show("•" * len(self.pin))

    def validate(self) -> None:
        if self.checking or not self.pin:
            return
        wait = self.lock.seconds_left()
        if wait > 0:
            self._locked(wait)
            return
        pin, self.pin = self.pin, ""
        self.checking = True
        config = self.services.config
        self.run(pin_matches, pin, config.staff.pin_hash, config.demo, on_done=self._checked)

    def _checked(self, ok: bool) -> None:
        self.checking = False
        if ok:
            self.lock.succeeded()
            self.app.go("staff")
            return
        self.lock.failed()
        wait = self.lock.seconds_left()
        if wait > 0:
            self._locked(wait)
        else:
            self.message = _("Code faux. Encore {n} essais.").format(n=self.lock.tries_left)
            self._render()

    def _locked(self, seconds: float) -> None:
        self.pin = ""
        self.message = _("Trop d'essais. Réessayez dans {n} minutes.").format(n=math.ceil(seconds / 60))
        self._render()

    def _render(self) -> None:
        theme = App.get_running_app().theme
        body = self.ids.body
        body.clear_widgets()
        row, self.field = entry_row(
            _("Code du personnel"),
            on_back=lambda: self.app.go("agenda"),
            on_ok=self.validate,
            ok_action="pin:ok",
        )
        body.add_widget(row)
        lower = BoxLayout(spacing=theme.gap * 2)
        pad = DigitPad(prefix="pin", size_hint_x=0.55)
        pad.bind(on_digit=lambda _p, d: self.digit(d), on_erase=lambda _p: self.erase())
        lower.add_widget(pad)
        side = BoxLayout(orientation="vertical", size_hint_x=0.45)
        problem = self.message.startswith((_("Code faux"), _("Trop d'essais")))
        side.add_widget(
            TextBlock(text=self.message, role="button", color=P.ERROR_TEXT if problem else P.TEXT)
        )
        side.add_widget(BoxLayout())
        # « A+ » only: reading a PIN screen aloud would tell the room that staff mode is being opened.
        tools = BoxLayout(size_hint_y=None, height=theme.nav_h)
        tools.add_widget(BoxLayout())
        tools.add_widget(TextSizeButton(style="tile", size_hint_x=None, width=theme.mm(TOOL_WIDTH_MM)))
        side.add_widget(tools)
        lower.add_widget(side)
        body.add_widget(lower)
        self.field.show("•" * len(self.pin))

    def wipe(self) -> None:
        self.pin = ""
