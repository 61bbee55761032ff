"""The full-screen « Êtes-vous toujours là ? » question with a giant « Je continue » and the seconds left,
spoken aloud when it appears (unless ``[speech] enabled = false``) and silenced when it goes.

Thread-safety: a widget; main thread only.
"""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.properties import NumericProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.i18n import _, ngettext
from kiosk.ui import palette as P
from kiosk.ui.typography import french_spacing
from kiosk.ui.widgets.big_button import BigButton


class IdleOverlay(BoxLayout):
    """Covers the whole window and swallows every touch except its button. Dispatches ``on_continue``."""

    seconds_left = NumericProperty(60)

    __events__ = ("on_continue",)

    def __init__(self, **kwargs):
        super().__init__(orientation="vertical", **kwargs)
        theme = App.get_running_app().theme
        self.padding = [theme.margin * 2] * 4
        self.spacing = theme.gap
        with self.canvas.before:
            Color(*P.OVERLAY)
            self._bg = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
        self.question = Label(
            text=french_spacing(_("Êtes-vous toujours là ?")),
            font_size=theme.font_heading,
            bold=True,
            color=P.ON_PRIMARY,
            halign="center",
            valign="middle",
        )
        self.count = Label(font_size=theme.font_body, color=P.ON_PRIMARY, halign="center", valign="middle")
        for label in (self.question, self.count):
            label.bind(width=lambda lab, w: setattr(lab, "text_size", (w, None)))
        self.button = BigButton(
            text=_("Je continue"),
            style="nav",
            primary=True,
            size_hint_y=None,
            height=max(theme.primary_h * 1.6, theme.mm(28)),
            size_hint_x=0.8,
            pos_hint={"center_x": 0.5},
            font_role="heading",
            action="idle:continue",
        )
        self.button.bind(on_activate=lambda *_a: self.dispatch("on_continue"))
        self.add_widget(self.question)
        self.add_widget(self.button)
        self.add_widget(self.count)
        self.bind(seconds_left=self._recount)
        self._recount()
        self._reading = 0
        self.spoken_text = ""
        self.bind(parent=self._on_parent)

    def speech_text(self) -> str:
        """The question as it is said aloud."""
        return " ".join(
            (_("Êtes-vous toujours là ?"), _("Touchez « Je continue »."), " ".join(self.count.text.split()))
        )

    def _on_parent(self, _widget, parent) -> None:
        from kiosk.ui.speaker import speaker_of

        speaker = speaker_of(App.get_running_app())
        if parent is not None:  # shown: ask aloud too, for whoever is looking away from the screen
            self.spoken_text = self.speech_text()
            self._reading = speaker.say(self.spoken_text)
        else:  # answered or timed out: stop asking (a newer reading is left alone)
            speaker.stop_if(self._reading)
            self._reading = 0

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size

    def _recount(self, *_args) -> None:
        n = int(self.seconds_left)
        self.count.text = ngettext(
            "Sans réponse, retour à l'accueil dans {n} seconde.",
            "Sans réponse, retour à l'accueil dans {n} secondes.",
            n,
        ).format(n=n)

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True  # nothing under the overlay can be tapped

    def on_touch_move(self, touch):
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True

    def on_continue(self) -> None:
        """Default handler."""
