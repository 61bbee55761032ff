"""Read-aloud on the kiosk: text → WAV (kiosk.speech, in a worker thread) → played with Kivy's SoundLoader.

Never crashes without audio (Xvfb, a Pi without speakers): the text stays on screen. Also gathers the
readable text of a screen, top to bottom, for the 🔊 button. Thread-safety: main thread only; synthesis
runs in the app's worker (hub lane) and the sound is played back on the main thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.uix.label import Label

from kiosk.domain.spoken import spoken
from kiosk.speech import Speech
from kiosk.ui.widgets.top_bar import BarTitle

log = logging.getLogger(__name__)


class Speaker:
    """Says one text at a time; a new text stops the previous one. ``slow()`` tells whether to read at the
    « A+ » rate. ``last_text`` (as shown), ``last_said`` (as prepared for the voice by
    ``kiosk.domain.spoken``), ``last_wav`` and ``spoken`` are for tests."""

    def __init__(self, speech: Speech | None, worker: Any, slow: Callable[[], bool] | None = None) -> None:
        self.speech = speech
        self.worker = worker
        self.slow = slow or (lambda: False)
        self.sound: Any = None
        self.last_wav: Path | None = None
        self.last_text = ""
        self.last_said = ""
        self.spoken = 0  # texts whose audio was made and handed to the sound card
        self._asked = 0

    def say(self, text: str) -> int:
        """Read ``text`` aloud (synthesised in the worker; silent when speech is unavailable).

        Returns:
            A number naming this reading, for ``stop_if`` (0 when nothing will be said).
        """
        self.stop()
        self.last_text = " ".join(text.split())
        self.last_said = spoken(self.last_text)
        if self.speech is None or not self.last_text:
            return 0
        self._asked += 1
        ticket = self._asked
        self.worker.submit(
            self.speech.wav_for, self.last_text, self.slow(), on_done=lambda path: self._play(path, ticket)
        )
        return ticket

    def stop_if(self, ticket: int) -> None:
        """Stop the reading ``ticket`` (from ``say``) if it is still the current one; else do nothing."""
        if ticket and ticket == self._asked:
            self.stop()

    def _play(self, path: Path | None, ticket: int) -> None:
        if path is None or ticket != self._asked:  # failed, or a newer text was asked meanwhile
            return
        if self.speech is not None:
            self.speech.release(self.last_wav)
            self.speech.hold(path)  # the cache pruner never deletes a file being played
        self.last_wav = path
        self.spoken += 1
        try:
            from kivy.core.audio import SoundLoader

            self.sound = SoundLoader.load(str(path))
            if self.sound is not None:
                self.sound.play()
        except Exception:  # no audio device: the words are on screen anyway
            log.warning("cannot play read-aloud audio", exc_info=True)
            self.sound = None

    def stop(self) -> None:
        """Stop what is being read (a new screen, the session ends)."""
        self._asked += 1
        if self.sound is not None:
            try:
                self.sound.stop()
            except Exception:
                log.debug("stopping the sound failed", exc_info=True)
            self.sound = None


def speaker_of(app: Any) -> Speaker:
    """The app's Speaker, made on first use from ``[speech]`` (WAV cache in ``<data_dir>/speech``); it reads
    at ``rate_large_text`` while « A+ » is on."""
    speaker = app.speaker
    if speaker is None:
        config = app.services.config
        speech = Speech(config.speech, config.data_dir / "speech") if config.speech.enabled else None
        speaker = Speaker(speech, app.worker, slow=lambda: large_text(app))
        app.speaker = speaker
    return speaker


def large_text(app: Any) -> bool:
    """Whether « A+ » is on (text above 100 %): the voice then reads slower."""
    return bool(app.theme.text_scale > 1.0)


def readable_text(root: Any) -> str:
    """The words a resident sees under ``root``, top to bottom then left to right, once each.

    Widgets with ``speak_skip = True`` (navigation buttons, keyboard keys) and their children are left out.
    """
    found: list[tuple[float, float, str]] = []

    def walk(widget: Any) -> None:
        # Any Kivy widget class stands in the tree; ``speak_skip`` is set only on the few not read aloud.
        if getattr(widget, "speak_skip", False) or widget.opacity == 0:
            return
        if type(widget).__name__ == "AzertyKeyboard":
            return
        text = ""
        if isinstance(widget, Label):
            text = (widget.full_text or widget.text) if isinstance(widget, BarTitle) else widget.text
        if text.strip():
            x, top = widget.to_window(widget.x, widget.top)
            found.append((-round(top), x, text))
        for child in widget.children:
            walk(child)

    walk(root)
    seen: set[str] = set()
    lines = []
    for _top, _x, text in sorted(found, key=lambda item: (item[0], item[1])):
        clean = " ".join(text.replace("\u00a0", " ").split())
        if clean and clean not in seen:
            seen.add(clean)
            lines.append(clean if clean[-1] in ".!?:»" else clean + ".")
    return " ".join(lines)
