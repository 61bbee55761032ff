"""The blocks the help ticket screen shows: the ticket, its two buttons (reprint, cancel), the cancel
question, « C'est à vous ! » (and what is said aloud then), the cut-off with the next drop-ins, a plain
message.

Functions return new widgets; main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.graphics import Color, RoundedRectangle
from kivy.properties import ListProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.i18n import _
from kiosk.ui import palette as P
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.text_block import TextBlock

if TYPE_CHECKING:
    from kiosk.ui.screens.help_ticket import HelpTicketScreen


class Panel(BoxLayout):
    """A vertical block with a coloured background that grows to its content."""

    background = ListProperty(P.BACKGROUND)

    def __init__(self, **kwargs):
        theme = App.get_running_app().theme
        kwargs.setdefault("orientation", "vertical")
        kwargs.setdefault("padding", [theme.mm(4)] * 4)
        kwargs.setdefault("spacing", theme.mm(2))
        super().__init__(size_hint_y=None, **kwargs)
        with self.canvas.before:
            self._color = Color(*self.background)
            self._rect = RoundedRectangle(radius=[theme.radius])
        self.bind(
            pos=self._redraw, size=self._redraw, minimum_height=self.setter("height"), background=self._redraw
        )

    def _redraw(self, *_args) -> None:
        self._color.rgba = self.background
        self._rect.pos, self._rect.size = self.pos, self.size


def _text(text: str, role: str = "body", **kwargs: Any) -> TextBlock:
    return TextBlock(text=text, role=role, **kwargs)


def message(title: str, text: str, *, warning: bool = False) -> Panel:
    """A heading and a sentence, on a yellow panel when something went wrong."""
    panel = Panel(background=P.WARNING_BG if warning else P.BACKGROUND)
    panel.add_widget(_text(title, "heading"))
    if text:
        panel.add_widget(_text(text))
    return panel


def ticket(screen: Any, topic_label: str) -> BoxLayout:
    """Number and topic on the left; people ahead, wait range and printing on the right."""
    theme = App.get_running_app().theme
    row = BoxLayout(orientation="horizontal", spacing=theme.gap * 2, size_hint_y=None)
    left = Panel(background=P.TILE, pos_hint={"top": 1}, size_hint_x=0.45)
    left.add_widget(_text(_("Votre numéro"), halign="center"))
    left.add_widget(_text(screen.ticket, "huge", halign="center", color=P.PRIMARY))
    left.add_widget(_text(topic_label, halign="center"))
    right = Panel(background=P.BACKGROUND, padding=[0, theme.mm(2)], pos_hint={"top": 1}, size_hint_x=0.55)
    line, second, problem = screen.print_lines()
    if problem:  # first, where it is seen without scrolling
        warn = Panel(background=P.WARNING_BG)
        warn.add_widget(_text(second, "button", bold=True))
        warn.add_widget(_text(line))
        right.add_widget(warn)
    if screen.away_message:  # « Le conseiller est absent jusqu'à 15 h. » — the place is kept
        away = Panel(background=P.WARNING_BG)
        away.add_widget(_text(_keep_time(screen.away_message), "button", bold=True))
        away.add_widget(_text(_("Votre place est gardée.")))
        right.add_widget(away)
    # The key sentence before the wait: on the 7" screen it stays above the action bar (never cut).
    right.add_widget(_text(_("Restez près de l'écran : votre numéro sera appelé.")))
    right.add_widget(_text(screen.wait_text(), bold=True))
    if line and not problem:
        right.add_widget(_text(line, color=P.TEXT_MUTED))

    def fit(*_args) -> None:
        row.height = max(left.height, right.height)

    left.bind(height=fit)
    right.bind(height=fit)
    row.add_widget(left)
    row.add_widget(right)
    fit()
    return row


def called(number: str) -> Panel:
    """The green « C'est à vous ! » panel."""
    panel = Panel(background=P.SUCCESS)
    for text, role in (
        (_("C'est à vous !"), "heading"),
        (number, "huge"),
        (_("Allez voir le conseiller."), "body"),
    ):
        panel.add_widget(_text(text, role, halign="center", color=P.ON_PRIMARY))
    return panel


def _keep_time(text: str) -> str:
    """« 15 h 30 » never split over two lines."""
    return text.replace(" h ", "\u00a0h\u00a0").replace(" h.", "\u00a0h.")


def _button(text: str, action: str, callback: Any, *, primary: bool = False) -> BigButton:
    theme = App.get_running_app().theme
    button = BigButton(
        text=text,
        action=action,
        style="primary" if primary else "tile",
        primary=True,
        min_height=theme.primary_h,  # its row is as tall as the tallest text needs (see _fit_to_buttons)
    )
    button.bind(on_activate=lambda *_a: callback())
    return button


def _fit_to_buttons(box: BoxLayout, buttons: list[BigButton], extra: float = 0) -> None:
    """``box`` as tall as its tallest button's text needs (« Annuler ma demande » takes two lines at
    « A+ »); the buttons fill its height, so side by side they stay the same size."""

    def fit(*_args) -> None:
        box.height = max(b.needed_height() for b in buttons) + extra if buttons else 0

    for button in buttons:
        button.label.bind(texture_size=fit)
    fit()


def _row(*buttons: BigButton) -> BoxLayout:
    theme = App.get_running_app().theme
    row = BoxLayout(orientation="horizontal", spacing=theme.gap * 2, size_hint_y=None)
    for button in buttons:
        row.add_widget(button)
    _fit_to_buttons(row, list(buttons))
    return row


def fill_actions(screen: HelpTicketScreen, bar: BoxLayout) -> None:
    """The fixed bar at the bottom (always in view, never scrolled away): « Réimprimer mon ticket » and
    « Annuler ma demande » under a ticket; « Imprimer les prochaines dates » after a cut-off."""
    theme = App.get_running_app().theme
    if screen.actions_state == screen.state:
        return  # unchanged: never swap a button under a finger
    screen.actions_state = screen.state
    bar.clear_widgets()
    buttons = []
    if screen.state == "ticket":
        buttons = [
            _button(_("Réimprimer"), "ticket:reprint", screen.reprint),
            _button(_("Annuler ma demande"), "ticket:cancel", screen.ask_cancel),
        ]
    elif screen.state == "cutoff":
        buttons = [
            _button(_("Imprimer les prochaines dates"), "cutoff:print", screen.print_dates, primary=True)
        ]
    for button in buttons:
        bar.add_widget(button)
    bar.opacity = 1 if buttons else 0
    bar.disabled = not buttons
    _fit_to_buttons(bar, buttons, theme.gap * 2)


def confirm_cancel(screen: Any) -> Panel:
    """« Annuler votre demande ? » with « Oui, j'annule » and « Non, je garde ma place »."""
    panel = Panel(background=P.WARNING_BG)
    panel.add_widget(_text(_("Annuler votre demande ?"), "heading"))
    panel.add_widget(_text(_("Votre numéro {ticket} ne sera plus appelé.").format(ticket=screen.ticket)))
    panel.add_widget(
        _row(
            _button(_("Non, je garde ma place"), "ticket:keep", screen.keep, primary=True),
            _button(_("Oui, j'annule"), "ticket:cancel_yes", screen.cancel),
        )
    )
    return panel


def cut_off(screen: Any) -> Panel:
    """No ticket today: why, and a button to print the next drop-in dates."""
    panel = Panel(background=P.WARNING_BG)
    panel.add_widget(_text(_("Plus de ticket pour aujourd'hui"), "heading"))
    panel.add_widget(
        _text(screen.cut_off_message or _("Le conseiller ne pourra plus recevoir personne aujourd'hui."))
    )
    panel.add_widget(_text(_("Revenez à une prochaine permanence.")))
    line, second, problem = screen.print_lines()
    if line:
        panel.add_widget(_text(line, bold=problem))
    if second:
        panel.add_widget(_text(second))
    return panel


def spoken_number(ticket: str) -> str:
    """« P07 » as said aloud: « P 7 » (espeak reads « P07 » as one odd word)."""
    letters = "".join(c for c in ticket if not c.isdigit())
    digits = "".join(c for c in ticket if c.isdigit())
    return f"{letters} {int(digits)}" if digits else letters


def call_speech(ticket: str) -> str:
    """What the kiosk says when the advisor calls ``ticket`` (never a name: the room hears it)."""
    return " ".join(
        (
            _("C'est à vous !"),
            _("Numéro {number}.").format(number=spoken_number(ticket)),
            _("Allez voir le conseiller."),
        )
    )
