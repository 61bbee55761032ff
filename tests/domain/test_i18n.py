"""French plural forms through kiosk.i18n (the source language, no catalogue)."""

from __future__ import annotations

from kiosk.i18n import ngettext


def test_french_counts_zero_in_the_singular():
    forms = ("{n} indice trouvé sur 4.", "{n} indices trouvés sur 4.")
    said = [ngettext(*forms, n).format(n=n) for n in (0, 1, 2)]
    assert said == ["0 indice trouvé sur 4.", "1 indice trouvé sur 4.", "2 indices trouvés sur 4."]
