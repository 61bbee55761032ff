"""Staff mode at the kiosk: print an appointment slip (first name, day, time, duration, place, what to
bring), reprint it, and leave. Reached only through the PIN screen; the inactivity wipe ends it.

Printing runs in the worker with the on-screen fallback (kiosk.ui.slip_printing). Main thread only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from kivy.app import App
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView

from kiosk.domain.appointments import DURATIONS, Appointment
from kiosk.domain.help_requests import FIRST_NAME_MAX
from kiosk.domain.receipts import french_date, french_time
from kiosk.domain.slips import BRING_CHOICES
from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.slip_printing import SlipPrint
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.entry_row import entry_row
from kiosk.ui.widgets.hub_ca_qr import ca_page_url, hub_ca_qr
from kiosk.ui.widgets.keyboard import AzertyKeyboard
from kiosk.ui.widgets.slip_view import slip_view
from kiosk.ui.widgets.text_block import TextBlock
from kiosk.ui.widgets.top_bar import TopBar

STEP_MIN = 15
FIRST_HOUR, LAST_HOUR = 8, 19
BRING_SHOWN = ("piece", "telephone", "identifiants", "vitale")
ADVISOR = "le conseiller numérique"


def clock_warning(services: Services) -> str:
    """What staff must know when the kiosk's clock is wrong (after a power cut without network): ""
    when the clock is believed."""
    clock = services.clock
    verdict = clock.verdict() if clock is not None else None
    if verdict is None or verdict.ok:
        return ""
    return " ".join(
        (
            verdict.message,
            _("Les tickets sortent sans la date."),
            _("Réglez l'heure, ou reliez la borne au réseau."),
        )
    )


def places_of(services: Services) -> list[str]:
    """The site's name and the agenda's places (worker thread)."""
    places = [services.config.site.name]
    for session in services.sessions(services.now()):
        place = session.place
        if place and place not in places:
            places.append(place)
    return places


class StaffScreen(KioskScreen):
    """States: form | name (typing the first name) | printed."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.slip = SlipPrint(self, self._render)
        self._reset()

    def _reset(self) -> None:
        now = self.services.now()
        start = (now + timedelta(minutes=30)).replace(second=0, microsecond=0)
        start += timedelta(minutes=(-start.minute) % 30)
        if not FIRST_HOUR <= start.hour < LAST_HOUR:
            start = datetime.combine(now.date() + timedelta(days=1), time(14), now.tzinfo)
        self.start = start
        self.duration = 30
        self.places = [self.services.config.site.name]
        self.place = 0
        self.bring: set[str] = {"piece"}
        self.first_name = ""
        self.state = "form"

    def prepare(self, **_params) -> None:
        self.slip.clear()
        self._reset()
        self._render()
        self.run(places_of, self.services, on_done=self._places)

    def _places(self, places: list[str]) -> None:
        self.places = places
        self._render()

    # -- changes ----------------------------------------------------------------------------------
    def shift_day(self, days: int) -> None:
        today = self.services.now().date()
        moved = self.start + timedelta(days=days)
        if moved.date() >= today:
            self.start = moved
        self._render()

    def shift_time(self, minutes: int) -> None:
        moved = self.start + timedelta(minutes=minutes)
        if moved.date() == self.start.date() and FIRST_HOUR <= moved.hour < LAST_HOUR:
            self.start = moved
        self._render()

    def shift_duration(self, step: int) -> None:
        index = DURATIONS.index(self.duration) + step
        self.duration = DURATIONS[max(0, min(len(DURATIONS) - 1, index))]
        self._render()

    def next_place(self) -> None:
        self.place = (self.place + 1) % len(self.places)
        self._render()

    def toggle(self, item: str) -> None:
        self.bring ^= {item}
        self._render()

    def type_text(self, text: str) -> None:
        if len(self.first_name) < FIRST_NAME_MAX:
            self.first_name += text
        self.field.show(self.first_name)
        self.keyboard.shift = self.first_name.endswith((" ", "-"))

    def erase(self) -> None:
        self.first_name = self.first_name[:-1]
        self.field.show(self.first_name)

    def set_state(self, state: str) -> None:
        self.state = state
        self._render()

    def appointment(self) -> Appointment:
        return Appointment(
            first_name=self.first_name,
            start=self.start,
            duration_min=self.duration,
            place=self.places[self.place],
            advisor=ADVISOR,
            bring=tuple(b for b in BRING_CHOICES if b in self.bring),
        )

    def print_slip(self) -> None:
        receipt = self.appointment().receipt(
            site_name=self.services.config.site.name, printed_at=self.services.now()
        )
        self.state = "printed"
        self.slip.start(receipt)

    # -- showing ----------------------------------------------------------------------------------
    def _button(self, text: str, action: str, callback, *, style: str = "tile", primary: bool = False, **kw):
        theme = App.get_running_app().theme
        button = BigButton(
            text=text,
            action=action,
            style=style,
            primary=primary,
            size_hint_y=None,
            height=theme.primary_h if primary else theme.mm(14),
            **kw,
        )
        button.bind(on_activate=lambda *_a: callback())
        return button

    def _stepper(self, label: str, value: str, name: str, minus, plus) -> BoxLayout:
        theme = App.get_running_app().theme
        row = BoxLayout(size_hint_y=None, height=theme.mm(14), spacing=theme.gap)
        row.add_widget(TextBlock(text=label, size_hint_x=0.25, bold=True))
        row.add_widget(self._button("−", f"staff:{name}:minus", minus, size_hint_x=None, width=theme.mm(16)))
        row.add_widget(TextBlock(text=value, role="button", halign="center"))
        row.add_widget(self._button("+", f"staff:{name}:plus", plus, size_hint_x=None, width=theme.mm(16)))
        return row

    def _render(self) -> None:
        theme = App.get_running_app().theme
        body = self.ids.body
        body.clear_widgets()
        body.padding = theme.mm(2) if self.state == "name" else 0
        if self.state == "name":
            row, self.field = entry_row(
                _("Prénom de la personne"),
                on_back=lambda: self.set_state("form"),
                on_ok=lambda: self.set_state("form"),
                ok_action="staff:name-ok",
            )
            body.add_widget(row)
            holder = AnchorLayout(anchor_x="center", anchor_y="top")
            keyboard = self.keyboard = AzertyKeyboard(size_hint=(None, None))
            holder.bind(
                size=lambda _h, s: setattr(
                    keyboard, "size", (min(s[0], theme.mm(300)), min(s[1], theme.mm(106)))
                )
            )
            keyboard.bind(on_key_text=lambda _k, t: self.type_text(t), on_erase=lambda _k: self.erase())
            holder.add_widget(keyboard)
            body.add_widget(holder)
            self.field.show(self.first_name)
            keyboard.shift = self.first_name == ""
            return
        bar = TopBar()
        bar.title = _("Rendez-vous (personnel)")
        bar.bind(on_home=lambda *_a: self.app.go_home())
        body.add_widget(bar)
        scroll = ScrollView(do_scroll_x=False, bar_width=theme.mm(3))
        content = BoxLayout(
            orientation="vertical", size_hint_y=None, spacing=theme.gap, padding=[theme.margin] * 4
        )
        content.bind(minimum_height=content.setter("height"))
        warning = clock_warning(self.services)
        if warning:
            content.add_widget(TextBlock(text=warning, color=P.ERROR_TEXT, bold=True))
        if self.state == "printed":
            content.add_widget(slip_view(self.slip))
            content.add_widget(self._button(_("Nouveau rendez-vous"), "staff:new", self.prepare))
        else:
            self._form(content)
        content.add_widget(self._button(_("Quitter le mode personnel"), "staff:quit", self.app.go_home))
        if ca_url := ca_page_url(self.services.config):
            content.add_widget(hub_ca_qr(ca_url))
        scroll.add_widget(content)
        body.add_widget(scroll)

    def _form(self, content: BoxLayout) -> None:
        theme = App.get_running_app().theme
        name = self.first_name or _("(sans prénom)")
        content.add_widget(
            self._button(_("Prénom : {name}").format(name=name), "staff:name", lambda: self.set_state("name"))
        )
        day = french_date(self.start)
        content.add_widget(
            self._stepper(_("Jour"), day, "day", lambda: self.shift_day(-1), lambda: self.shift_day(1))
        )
        content.add_widget(
            self._stepper(
                _("Heure"),
                french_time(self.start),
                "time",
                lambda: self.shift_time(-STEP_MIN),
                lambda: self.shift_time(STEP_MIN),
            )
        )
        content.add_widget(
            self._stepper(
                _("Durée"),
                f"{self.duration} min",
                "duration",
                lambda: self.shift_duration(-1),
                lambda: self.shift_duration(1),
            )
        )
        content.add_widget(
            self._button(
                _("Lieu : {place}").format(place=self.places[self.place]),
                "staff:place",
                self.next_place,
                grow=True,
                min_height=theme.mm(14),
            )
        )
        content.add_widget(TextBlock(text=_("À apporter :"), bold=True))
        grid = GridLayout(cols=2, spacing=theme.gap, size_hint_y=None)
        grid.bind(minimum_height=grid.setter("height"))
        for item in BRING_SHOWN:
            chosen = item in self.bring
            text = BRING_CHOICES[item]
            grid.add_widget(
                self._button(
                    text,
                    f"staff:bring:{item}",
                    lambda i=item: self.toggle(i),
                    style="key_on" if chosen else "tile",
                    grow=True,
                    min_height=theme.mm(14),
                )
            )
        content.add_widget(grid)
        content.add_widget(
            TextBlock(
                text=_("Le papier donne aussi un QR code pour le calendrier du téléphone."),
                color=P.TEXT_MUTED,
            )
        )
        content.add_widget(
            self._button(
                _("Imprimer le rendez-vous"), "staff:print", self.print_slip, style="primary", primary=True
            )
        )

    def wipe(self) -> None:
        self.slip.clear()
        self._reset()
