"""Workshop registration: first name (AZERTY keyboard), then a phone number (keypad) or « Pas de
téléphone », then the hub's answer — a seat or a waitlist place — and the printed slip.

The name (AZERTY keys) and the phone number (a DigitPad) are each typed on a keyboard page
(kiosk.ui.widgets.keyboard_page: the instruction at body size, on its own page first on a small screen, 🔊
and « A+ » on both pages, « Pas de téléphone » beside « Écrire »). Both are built once and shown again at
each visit.
🔊 reads the instructions and how many letters or digits are typed, never the name or the number: the
loudspeaker is heard by everyone in the room.

What is typed lives only in this screen and is wiped when the session ends; the hub keeps it for staff.
Hub calls and printing run in the worker. Main thread only.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from kiosk.client.port import HubRefused, Registration
from kiosk.domain.agenda import Session, french_slot
from kiosk.domain.help_requests import FIRST_NAME_MAX, clean_first_name
from kiosk.domain.registration import PHONE_DIGITS, spaced_phone
from kiosk.domain.slips import registration_confirmed, registration_waitlisted
from kiosk.i18n import _, ngettext
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.slip_printing import SlipPrint
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.digit_pad import DigitPad
from kiosk.ui.widgets.keyboard_page import KeyboardPage
from kiosk.ui.widgets.slip_view import slip_view
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.ticket_views import Panel
from kiosk.ui.widgets.top_bar import NavButton, TopBar

log = logging.getLogger(__name__)


PAD_MIN_MM = 4 * 12 + 3 * 4 + 0.4  # four rows of 12 mm keys, their gaps, rounding
PAD_MAX_MM = (4 * 18 + 3 * 4, 120)  # the keypad's height and width on a big screen


def phone_instruction() -> str:
    """The phone step's instruction (translated when shown)."""
    return _("Votre téléphone ?\nOn vous appelle si une place se libère.")


def name_instruction() -> str:
    """The name step's instruction (translated when shown)."""
    return _("Écrivez votre prénom.\nIl sera sur la liste de l'atelier.")


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
        self.board: KeyboardPage | None = None  # the name step, built on first use
        self.phone_board: KeyboardPage | None = None  # the phone step, built on first use
        self.slip = SlipPrint(self, self._render)

    def prepare(self, session: Session | None = None, **_params) -> None:
        self._forget()
        self.session = session
        self.key = uuid.uuid4().hex
        if self.board is not None:
            self.board.instruction = name_instruction()
            self.board.restart()
        self._set("name" if session is not None else "error")

    def _set(self, state: str) -> None:
        self.state = state
        self._render()

    # -- typing ---------------------------------------------------------------------------------------
    def type_text(self, text: str) -> None:
        if len(self.first_name) < FIRST_NAME_MAX:
            self.first_name += text
        self._show_name()

    def erase(self) -> None:
        self.first_name = self.first_name[:-1]
        self._show_name()

    def digit(self, digit: str) -> None:
        if len(self.phone) < PHONE_DIGITS:
            self.phone += digit
        self._note("")
        self._show_phone()

    def erase_digit(self) -> None:
        self.phone = self.phone[:-1]
        self._show_phone()

    def _show_name(self) -> None:
        if self.board is None:
            return
        self.board.field.show_typed(self.first_name)
        # A name starts with a capital: the Maj key lights up by itself at the start of each part.
        self.board.keyboard.shift = self.first_name == "" or self.first_name.endswith((" ", "-"))

    def _show_phone(self) -> None:
        if self.phone_board is not None:
            self.phone_board.field.show_typed(spaced_phone(self.phone))

    def _note(self, problem: str) -> None:
        """What is wrong with the number (« » : nothing) in place of the instruction, on its own page when
        the instruction has one."""
        self.problem = problem
        board = self.phone_board
        if board is not None:
            board.instruction = problem or phone_instruction()
            if problem and board.paged:
                board.stage = "instruction"

    # -- steps ------------------------------------------------------------------------------------
    def name_done(self) -> None:
        if not clean_first_name(self.first_name):
            assert self.board is not None
            self.board.instruction = _("Écrivez votre prénom, puis touchez « Suivant ».")
            return
        self._set("phone")

    def phone_done(self) -> None:
        if len(self.phone) != PHONE_DIGITS or not self.phone.startswith("0"):
            self._note(_("Le numéro a 10 chiffres et commence par 0."))
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
        if self.state == "name":
            body.add_widget(self._name_step())
            self._show_name()
        elif self.state == "phone":
            board = self._phone_step()
            body.add_widget(board)
            board.restart()
            self._note(self.problem)
            self._show_phone()
        else:
            body.add_widget(self._result_view())

    def _page(self, on_ok: Callable[[], None], ok: str, write: str, **kwargs: Any) -> KeyboardPage:
        """A keyboard page of this screen: « Retour » steps back, 🔊 reads ``speech_text``."""
        board = KeyboardPage(
            actions={"back": "nav:back", "ok": ok, "speak": "speak", "write": write}, **kwargs
        )
        board.bind(on_ok=lambda *_a: on_ok(), on_leave=lambda *_a: self.back())
        board.bind(on_speak=lambda *_a: self.read_aloud())
        return board

    def _name_step(self) -> KeyboardPage:
        if self.board is None:
            board = self.board = self._page(
                self.name_done,
                "register:next",
                "register:write",
                instruction=name_instruction(),
                reminder=_("Votre prénom"),
                ok_text=_("Suivant"),
            )
            board.keyboard.bind(on_key_text=lambda _k, t: self.type_text(t), on_erase=lambda _k: self.erase())
        return self.board

    def _phone_step(self) -> KeyboardPage:
        """The number on a keypad, on the same keyboard page as the name, « Pas de téléphone » beside
        « Écrire » (or above the row when there is one page)."""
        if self.phone_board is None:
            pad = DigitPad(prefix="phone")
            pad.bind(on_digit=lambda _p, d: self.digit(d), on_erase=lambda _p: self.erase_digit())
            board = self.phone_board = self._page(
                self.phone_done,
                "register:phone-ok",
                "phone:write",
                keys=pad,
                keys_min_mm=PAD_MIN_MM,
                keys_max_mm=PAD_MAX_MM,
                instruction=phone_instruction(),
                reminder=_("Votre téléphone"),
                ok_text=_("Valider"),
            )
            none = NavButton(text=_("Pas de téléphone"), action="register:no-phone", style="tile")
            none.bind(on_activate=lambda *_a: self.no_phone())
            board.add_extra(none)
        return self.phone_board

    def speech_text(self) -> str:
        """What 🔊 says: on the name and phone steps the instruction (or what is wrong) and how much is
        typed, never the name or the number; after them, the screen's text."""
        board = self.board if self.state == "name" else self.phone_board if self.state == "phone" else None
        if board is None:
            return super().speech_text()
        said = [" ".join(board.instruction.split())]
        typed = self.first_name.replace(" ", "") if self.state == "name" else self.phone
        if typed and self.state == "name":
            count = len(typed)
            said.append(
                ngettext("Vous avez écrit {n} lettre.", "Vous avez écrit {n} lettres.", count).format(n=count)
            )
        elif typed:
            count = len(typed)
            said.append(
                ngettext("Vous avez écrit {n} chiffre.", "Vous avez écrit {n} chiffres.", count).format(
                    n=count
                )
            )
        if board.stage == "instruction":
            said.append(_("Pour l'écrire, touchez Écrire."))
        else:
            said.append(_("Touchez {ok} pour continuer.").format(ok=board.ok.text))
        if self.state == "phone":
            said.append(_("Sans téléphone, touchez Pas de téléphone."))
        return " ".join(said)

    def read_aloud(self) -> None:
        from kiosk.ui.speaker import speaker_of

        speaker_of(self.app).say(self.speech_text())

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
        self._show_name()  # the widgets forget too
        self._show_phone()

    def wipe(self) -> None:
        self._forget()
        self.session = None
        self.state = "name"
