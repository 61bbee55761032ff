"""The per-user cache of what the kiosk and the hub compute once and keep between runs (python-escpos's
parsed printer database, France's holiday dates), and the one way to write a file there.

The folder is ``$XDG_CACHE_HOME/kiosk-mediatheque/<name>`` (``~/.cache/…`` by default); the systemd units
set ``XDG_CACHE_HOME`` and ``CacheDirectory=`` for each service. Nothing there is needed: a cache that
cannot be written is skipped, and its owner computes the data again.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)


def cache_folder(name: str) -> Path:
    """``~/.cache/kiosk-mediatheque/<name>`` on Linux (not created here)."""
    return Path(platformdirs.user_cache_dir("kiosk-mediatheque", appauthor=False)) / name


def write_atomically(path: Path, data: bytes, what: str) -> bool:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so that
    another process reads the former file or the new one, never half of one (the folder is created).
    False, with one INFO line naming ``what``, when it cannot be written (a read-only home, a full disk);
    the temporary file is then removed, so failed writes do not pile up."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as out:
            temporary = Path(out.name)
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        log.info("%s not cached in %s (%s)", what, path.parent, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return False
    return True
