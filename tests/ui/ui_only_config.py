"""A kiosk config for running the UI alone (start-up and memory measurements, the first-frame test): a hub
URL on a closed loopback port, so no hub child process starts and the hub client only fails quietly, a
printer writing to a file, and every data file in ``folder``."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_ui_only_config(folder: Path) -> Path:
    """``folder``/kiosk.toml as described above; its path."""
    config = folder / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nhub_url = "http://127.0.0.1:{closed_port()}"\nhub_token = "ui-only"\n'
        f'[hub]\ndata_dir = "{folder / "data"}"\n[printer]\nuri = "file:{folder / "out.bin"}"\n',
        encoding="utf-8",
    )
    return config


def ui_only_env(folder: Path) -> dict[str, str]:
    """The environment of a kiosk (or bare Kivy app) stopped at its first frame: Kivy's settings in
    ``folder``, no console log, no sound card, and « FIRST_FRAME … » printed when the frame is drawn."""
    return {
        **os.environ,
        "KIOSK_EXIT_AFTER_FIRST_FRAME": "1",
        "KIVY_HOME": str(folder / "kivy"),
        "KIVY_NO_CONSOLELOG": "1",
        "SDL_AUDIODRIVER": "dummy",
    }
