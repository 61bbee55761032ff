"""Translation of user-facing text through gettext.

French is the source language: message ids are the French sentences themselves, so the kiosk needs
no compiled catalogue to run in French. Another language adds kiosk/locale/<lang>/LC_MESSAGES/kiosk.mo.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str) -> None:
    """Select the UI language (``fr`` needs no catalogue). Not thread-safe: call at start-up."""
    global _translation
    _translation = gettext.translation("kiosk", LOCALE_DIR, languages=[language], fallback=True)


def translation() -> gettext.NullTranslations:
    """The current catalogue (a new object after each `set_language`: a key for per-language caches)."""
    return _translation


def _(message: str) -> str:
    """Translate one message."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count. In French (the source, no catalogue) 0 takes the
    singular like 1: « 0 indice trouvé », not gettext's default « 0 indices trouvés »."""
    if type(_translation) is gettext.NullTranslations:
        return singular if abs(n) < 2 else plural
    return _translation.ngettext(singular, plural, n)
