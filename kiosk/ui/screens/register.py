"""Workshop registration: first name (AZERTY keyboard), then a phone number (keypad) or « Pas de
téléphone », then the hub's answer — a seat or a waitlist place — and the printed slip.

What is typed lives only in this screen and is wiped when the session ends; the hub keeps it for staff.
Hub calls and printing run in the worker. Main thread only.
"""

from __future__ import annotations

import logging
import uuid

from kivy.app import App
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from kiosk.client.port import HubRefused, Registration
from kiosk.domain.agenda import Session, french_slot
from kiosk.domain.help_requests import FIRST_NAME_MAX, clean_first_name
from kiosk.domain.registration import PHONE_DIGITS, spaced_phone
from kiosk.domain.slips import registration_confirmed, registration_waitlisted
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.slip_printing import SlipPrint
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.digit_pad import DigitPad
from kiosk.ui.widgets.entry_row import entry_row
from kiosk.ui.widgets.keyboard import AzertyKeyboard
from kiosk.ui.widgets.slip_view import slip_view
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.ticket_views import Panel
from kiosk.ui.widgets.top_bar import TopBar

log = logging.getLogger(__name__)


class RegisterScreen(KioskScreen):
    """States: name → phone → sending → done | error."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.session: Session | None = None
        self.state = "name"
        self.first_name = ""
        self.phone = ""
        self.problem = ""
        self.result: Registration | None = None
        self.key = ""
        self.keyboard: AzertyKeyboard | None = None  # on the name step
        self.slip = SlipPrint(self, self._render)

    def prepare(self, session: Session | None = None, **_params) -> None:
        self._forget()
        self.session = session
        self.key = uuid.uuid4().hex
        self._set("name" if session is not None else "error")

    def _set(self, state: str) -> None:
        self.state = state
        self._render()

    # -- typing -----------------------------------------------------------------------------------
    def type_text(self, text: str) -> None:
        if len(self.first_name) < FIRST_NAME_MAX:
            self.first_name += text
        self._refresh_field(self.first_name)

    def erase(self) -> None:
        self.first_name = self.first_name[:-1]
        self._refresh_field(self.first_name)

    def digit(self, digit: str) -> None:
        if len(self.phone) < PHONE_DIGITS:
            self.phone += digit
        self.problem = ""
        self._refresh_field(spaced_phone(self.phone))

    def erase_digit(self) -> None:
        self.phone = self.phone[:-1]
        self._refresh_field(spaced_phone(self.phone))

    def _refresh_field(self, value: str) -> None:
        self.field.show(value)
        if self.state == "name" and self.keyboard is not None:
            self.keyboard.shift = self.first_name == "" or self.first_name.endswith((" ", "-"))

    # -- steps ------------------------------------------------------------------------------------
    def name_done(self) -> None:
        if not clean_first_name(self.first_name):
            self.field.show("")
            self.field.text = _("Écrivez votre prénom, puis touchez « Suivant ».")
            return
        self._set("phone")

    def phone_done(self) -> None:
        if len(self.phone) != PHONE_DIGITS or not self.phone.startswith("0"):
            self.problem = _("Le numéro a 10 chiffres et commence par 0.")
            self._render()
            return
        self._send(no_phone=False)

    def no_phone(self) -> None:
        self.phone = ""
        self._send(no_phone=True)

    def _send(self, *, no_phone: bool) -> None:
        assert self.session is not None
        self._set("sending")
        self.run(
            self._register,
            self.session.id,
            clean_first_name(self.first_name),
            "" if no_phone else self.phone,
            no_phone,
            self.key,
            on_done=self._registered,
            on_error=self._failed,
        )

    def _register(  # worker thread
        self, session_id: str, name: str, phone: str, no_phone: bool, key: str
    ) -> Registration:
        client = self.services.hub.get(timeout=10)
        return client.register(session_id, name, phone, no_phone=no_phone, idempotency_key=key)

    def _registered(self, result: Registration) -> None:
        self.result = result
        session = result.session or self.session
        assert session is not None
        site_name, name = self.services.config.site.name, clean_first_name(self.first_name)
        has_phone, now = bool(self.phone), self.services.now()
        if result.waitlisted:
            receipt = registration_waitlisted(
                site_name=site_name,
                first_name=name,
                session=session,
                position=result.position or 1,
                has_phone=has_phone,
                printed_at=now,
            )
        else:
            receipt = registration_confirmed(
                site_name=site_name, first_name=name, session=session, has_phone=has_phone, printed_at=now
            )
        self.phone = ""  # the hub has it; the screen does not keep it
        self._set("done")
        self.slip.start(receipt)

    def _failed(self, error: BaseException) -> None:
        log.warning("registration failed: %s", error)
        if isinstance(error, HubRefused) and error.status_code == 409:
            self.problem = _("Les inscriptions sont fermées pour cet atelier.")
        else:
            self.problem = _("L'inscription ne marche pas pour le moment. Demandez à l'accueil.")
        self._set("error")

    def back(self) -> None:
        if self.state == "phone":
            self._set("name")
        else:
            self.app.go("agenda")

    # -- showing ----------------------------------------------------------------------------------
    def _render(self) -> None:
        body = self.ids.body
        body.clear_widgets()
        theme = App.get_running_app().theme
        body.padding = theme.mm(2) if self.state in ("name", "phone") else 0
        if self.state == "name":
            row, self.field = entry_row(
                _("Votre prénom"),
                on_back=self.back,
                on_ok=self.name_done,
                ok_text=_("Suivant"),
                ok_action="register:next",
            )
            body.add_widget(row)
            holder = AnchorLayout(anchor_x="center", anchor_y="top")
            self.keyboard = AzertyKeyboard(size_hint=(None, None))
            holder.bind(
                size=lambda h, size: setattr(
                    self.keyboard, "size", (min(size[0], theme.mm(300)), min(size[1], theme.mm(106)))
                )
            )
            self.keyboard.bind(on_key_text=lambda _k, t: self.type_text(t), on_erase=lambda _k: self.erase())
            holder.add_widget(self.keyboard)
            body.add_widget(holder)
            self._refresh_field(self.first_name)
        elif self.state == "phone":
            row, self.field = entry_row(
                _("Votre téléphone"), on_back=self.back, on_ok=self.phone_done, ok_action="register:phone-ok"
            )
            body.add_widget(row)
            lower = BoxLayout(spacing=theme.gap * 2)
            pad = DigitPad(prefix="phone", size_hint_x=0.55)
            pad.bind(on_digit=lambda _p, d: self.digit(d), on_erase=lambda _p: self.erase_digit())
            lower.add_widget(pad)
            side = BoxLayout(orientation="vertical", spacing=theme.gap, size_hint_x=0.45)
            side.add_widget(
                TextBlock(
                    text=self.problem or _("Pour vous appeler si une place se libère."),
                    color=P.ERROR_TEXT if self.problem else P.TEXT,
                )
            )
            none = BigButton(text=_("Pas de téléphone"), action="register:no-phone", primary=True)
            none.bind(on_activate=lambda *_a: self.no_phone())
            side.add_widget(none)
            lower.add_widget(side)
            body.add_widget(lower)
            self._refresh_field(spaced_phone(self.phone))
        else:
            body.add_widget(self._result_view())

    def _result_view(self) -> BoxLayout:
        box = BoxLayout(orientation="vertical")
        bar = TopBar()
        bar.title = _("Inscription à l'atelier")
        bar.bind(on_home=lambda *_a: self.app.go_home())
        box.add_widget(bar)
        scroll = ScrollView(do_scroll_x=False, bar_width=self.app.theme.mm(3))
        content = BoxLayout(
            orientation="vertical",
            size_hint_y=None,
            spacing=self.app.theme.gap,
            padding=[self.app.theme.margin] * 4,
        )
        content.bind(minimum_height=content.setter("height"))
        session = self.session
        if self.state == "sending":
            content.add_widget(TextBlock(text=_("Un instant…"), role="heading"))
        elif self.state == "error" or session is None:
            panel = Panel(background=P.WARNING_BG)
            panel.add_widget(
                TextBlock(text=self.problem or _("Cet atelier n'est plus proposé."), role="heading")
            )
            content.add_widget(panel)
        else:
            if self.slip.state == "failed":  # first, where it is seen without scrolling
                content.add_widget(slip_view(self.slip))
            waitlisted = self.result is not None and self.result.waitlisted
            panel = Panel(background=P.TILE if waitlisted else P.SUCCESS)
            color = P.TEXT if waitlisted else P.ON_PRIMARY
            if waitlisted:
                title = _("Vous êtes sur la liste d'attente, place n° {n}.").format(
                    n=self.result.position if self.result else None
                )
            else:
                title = _("C'est noté : votre place est réservée.")
            panel.add_widget(TextBlock(text=title, role="heading", color=color))
            panel.add_widget(TextBlock(text=session.title, bold=True, color=color))
            panel.add_widget(
                TextBlock(text=french_slot(session)[:1].upper() + french_slot(session)[1:], color=color)
            )
            content.add_widget(panel)
            if self.slip.state != "failed":
                content.add_widget(slip_view(self.slip))
        done = BigButton(
            text=_("Terminé"),
            action="register:done",
            style="primary",
            primary=True,
            size_hint_y=None,
            height=self.app.theme.primary_h,
        )
        done.bind(on_activate=lambda *_a: self.app.go_home())
        content.add_widget(done)
        scroll.add_widget(content)
        box.add_widget(scroll)
        return box

    # -- session end ------------------------------------------------------------------------------
    def _forget(self) -> None:
        self.first_name, self.phone, self.problem, self.result = "", "", "", None
        self.slip.clear()

    def wipe(self) -> None:
        self._forget()
        self.session = None
        self.state = "name"
