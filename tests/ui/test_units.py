"""Fast checks of the UI's pure parts: contrast, millimetres, typography, inactivity, keyboard, worker."""

from __future__ import annotations

import threading

import pytest

from kiosk.ui import palette
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.typography import NBSP, french_spacing


@pytest.mark.parametrize(("fg", "bg"), palette.TEXT_PAIRS)
def test_every_text_colour_pair_reaches_7_to_1(fg, bg):
    assert palette.contrast_ratio(palette.HEX[fg], palette.HEX[bg]) >= 7.0


def test_contrast_ratio_reference_values():
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_millimetres_are_real_millimetres():
    from kiosk.ui.theme import Theme

    pi = Theme(154.0, 800)  # Raspberry Pi 7" display: 800 px over 154 mm
    assert pi.px_per_mm == pytest.approx(800 / 154)
    assert pi.to_mm(pi.primary_h) >= 16 and pi.to_mm(pi.target_min) >= 10 and pi.to_mm(pi.gap) >= 4
    assert pi.to_mm(pi.font_heading) >= 9 and 6 <= pi.to_mm(pi.font_body) <= 7
    big = Theme(476.0, 1920, text_scale=2.0)
    assert big.to_mm(big.font_body) == pytest.approx(2 * pi.to_mm(pi.font_body))
    assert big.to_mm(big.primary_h) == pytest.approx(pi.to_mm(pi.primary_h))  # targets do not scale with text


def test_the_theme_tells_live_widgets_and_forgets_dropped_ones():
    """Buttons made and dropped by the thousand (every lesson step's) leave nothing with the theme, which
    lives as long as the kiosk; the widgets still shown follow « A+ »."""
    import gc

    from kivy.event import EventDispatcher

    from kiosk.ui.theme import Theme

    class Follower(EventDispatcher):
        seen = 0.0

        def sync(self, _theme, value):
            self.seen = value

    theme = Theme(154.0, 800)
    shown = Follower()
    theme.follow(shown.sync, "font_body")
    for _ in range(20_000):  # a season of lesson steps
        theme.follow(Follower().sync, "font_body", "font_button")
    gc.collect()
    assert theme.followers("font_body") == 1 and theme.followers("font_button") == 0
    assert len(theme.get_property_observers("font_body")) < 5  # Kivy's own list stays short
    theme.text_scale = 2.0  # « A+ »
    assert shown.seen == theme.font_body > 0
    theme.unfollow(shown.sync, "font_body")
    theme.text_scale = 1.0
    assert shown.seen != theme.font_body


def test_french_spacing():
    assert (
        french_spacing("Attente : environ 10 à 40 min.")
        == f"Attente{NBSP}: environ 10{NBSP}à{NBSP}40{NBSP}min."
    )
    assert french_spacing("« Retour » ?") == f"«{NBSP}Retour{NBSP}»{NBSP}?"
    assert french_spacing(french_spacing("C'est à vous !")) == f"C'est à vous{NBSP}!"
    assert (
        french_spacing("Payez 1,99 € ou 50 % de 148,50 €")
        == f"Payez 1,99{NBSP}€ ou 50{NBSP}% de 148,50{NBSP}€"
    )


def test_idle_watcher_asks_then_wipes():
    now = [0.0]
    watcher = IdleWatcher(timeout_s=120, answer_s=60, monotonic=lambda: now[0], guarded=lambda: True)
    now[0] = 119
    assert watcher.step() == "none"
    now[0] = 120
    assert watcher.step() == "ask" and watcher.seconds_left() == 60
    watcher.activity()  # a stray touch does not answer the question
    now[0] = 150
    assert watcher.step() == "tick" and watcher.seconds_left() == 30
    now[0] = 180
    assert watcher.step() == "wipe"


def test_idle_watcher_never_asks_on_an_unguarded_screen():
    now = [0.0]
    watcher = IdleWatcher(timeout_s=120, answer_s=60, monotonic=lambda: now[0], guarded=lambda: False)
    now[0] = 10_000
    assert watcher.step() == "none"


def test_keyboard_has_every_french_letter_in_both_cases():
    from kiosk.ui.widgets.keyboard import DIGIT_ROWS, LETTER_ROWS, key_label

    keys = {k for row in LETTER_ROWS for k in row}
    for letter in "azertyuiopqsdfghjklmwxcvbnéèêëàâçîïôûùœ'-":
        assert letter in keys
    assert {key_label(k, shift=True, digits=False) for k in "éèàçœ"} == set("ÉÈÀÇŒ")
    assert {"@", ".", "_", *"0123456789"} <= {k for row in DIGIT_ROWS for k in row} | keys
    assert all(len(row) <= 10 for row in LETTER_ROWS + DIGIT_ROWS)  # keys stay ≥ 10 mm on a 154 mm screen


def test_worker_drops_results_for_a_left_screen():
    from kiosk.ui.worker import CancelToken, Worker

    delivered: list[object] = []
    worker = Worker(schedule=lambda callback: callback())
    release = threading.Event()
    token = CancelToken()
    future = worker.submit(release.wait, 5, token=token, on_done=delivered.append)
    token.cancel()
    release.set()
    future.result(timeout=5)
    done = threading.Event()
    worker.submit(lambda: 42, on_done=lambda value: (delivered.append(value), done.set()))
    assert done.wait(5)
    worker.shutdown()
    assert delivered == [42]


def test_ticket_numbers_are_said_as_letter_then_number():
    from kiosk.ui.widgets.ticket_views import call_speech, spoken_number

    assert [spoken_number(t) for t in ("P07", "E12", "A100", "X")] == ["P 7", "E 12", "A 100", "X"]
    assert call_speech("P07") == "C'est à vous ! Numéro P 7. Allez voir le conseiller."


def test_the_speaker_prepares_the_text_and_reads_slower_while_a_plus_is_on(tmp_path):
    from types import SimpleNamespace

    from kiosk.config import Config, HubConfig
    from kiosk.ui.speaker import speaker_of

    submitted = []

    class Recording:  # the worker's seam: what would run off the main thread
        def submit(self, fn, *args, **_kw):
            submitted.append(args)

    config = Config(hub=HubConfig(data_dir=str(tmp_path)))
    app = SimpleNamespace(services=SimpleNamespace(config=config), worker=Recording(), speaker=None)
    app.theme = SimpleNamespace(text_scale=1.0)
    speaker = speaker_of(app)
    speaker.say("Attente : environ 10 à 40 min.")
    app.theme.text_scale = 1.5  # « A+ »
    speaker.say("Attente : environ 10 à 40 min.")
    assert submitted == [("Attente : environ 10 à 40 min.", False), ("Attente : environ 10 à 40 min.", True)]
    assert speaker.last_said == "Attente : environ 10 à 40 minutes."
    assert speaker.speech is not None and speaker.speech.rate(True) < speaker.speech.rate(False)
