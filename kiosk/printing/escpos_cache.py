"""Keeps python-escpos's parsed printer database between runs, so a kiosk start does not parse it again.

python-escpos 3.1 parses its printer-capabilities YAML (about 1 MB) when ``escpos.capabilities`` is first
imported: 350 ms on a desktop PC, more on a Raspberry Pi, measured with ``python -X importtime``. It caches
the result as a pickle in ``$ESCPOS_CAPABILITIES_PICKLE_DIR``, by default a new temporary directory in every
process, so the cache is never reused. `load_capabilities` points it at a per-user cache directory that
we fill atomically ourselves (a half-written pickle read by another process would fail the import), and
falls back to the library's own parsing when the cache is missing, unreadable or broken.

Call `load_capabilities` before anything imports ``escpos`` (``kiosk/printing/__init__.py`` does). Runs
once per process, at import time; not meant for threads.
"""

from __future__ import annotations

import logging
import os
import pickle
import platform
import sys
from pathlib import Path

from kiosk.user_cache import cache_folder, write_atomically

log = logging.getLogger(__name__)
ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def cache_dir() -> Path:
    """Where the parsed database is kept (``~/.cache/kiosk-mediatheque/escpos`` on Linux)."""
    return cache_folder("escpos")


def pickle_path(directory: Path) -> Path:
    """The file name python-escpos looks for in ``directory``."""
    return directory / f"{platform.python_version()}.capabilities.pickle"


def load_capabilities() -> None:
    """Import ``escpos.capabilities`` from our cache when it is there, else parse it and fill the cache."""
    if ENV in os.environ or "escpos.capabilities" in sys.modules:
        return  # the operator chose a directory, or it is loaded already
    directory = cache_dir()
    if pickle_path(directory).is_file():
        os.environ[ENV] = str(directory)
        try:
            import escpos.capabilities  # noqa: F401  (loads the pickle)

            return
        except Exception:  # a broken or foreign pickle: parse the YAML as if there were no cache
            log.warning("printer database cache unreadable in %s: rebuilt", directory, exc_info=True)
            del os.environ[ENV]
            sys.modules.pop("escpos.capabilities", None)
    import escpos.capabilities as capabilities  # parses the YAML (in a throw-away temporary directory)

    _save(capabilities.CAPABILITIES, directory)


def _save(database: object, directory: Path) -> None:
    """Write the pickle atomically; a read-only home just skips the cache."""
    write_atomically(pickle_path(directory), pickle.dumps(database, protocol=2), "printer database")
