"""The chime played when the advisor calls the resident's number; silent (never crashing) without audio.

Thread-safety: main thread only (Kivy's SoundLoader).
"""

from __future__ import annotations

import logging

from kiosk.ui.theme import ASSETS

log = logging.getLogger(__name__)
CHIME = ASSETS / "sounds" / "chime.wav"


class Chime:
    """Loads the chime on first use. ``plays`` counts the times it was asked to play (tests read it)."""

    def __init__(self, path=CHIME) -> None:
        self._path = path
        self._sound = None
        self._loaded = False
        self.plays = 0

    def play(self) -> bool:
        """Play once; False without an audio device or file (the screen still shows the call)."""
        self.plays += 1
        try:
            if not self._loaded:
                self._loaded = True
                from kivy.core.audio import SoundLoader

                self._sound = SoundLoader.load(str(self._path)) if self._path.exists() else None
            if self._sound is None:
                return False
            self._sound.stop()
            self._sound.play()
            return True
        except Exception:  # no audio device (Xvfb, a Pi without speakers): the visual call is enough
            log.warning("cannot play the chime", exc_info=True)
            self._sound = None
            return False
