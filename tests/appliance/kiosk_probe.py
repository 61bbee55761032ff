"""Runs the real ``kiosk run`` entry point in kiosk mode with a probe beside it: every 0.2 s it writes to a
JSON file what a person would see — the window's size, the screen shown, the widgets on top of it (a
Kivy settings panel, an inspector), the Kivy modules loaded — and every key the window received.

Usage: python kiosk_probe.py CONFIG.toml STATE.json (the compositor's DISPLAY in the environment).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")


def main() -> int:
    from kivy.clock import Clock

    from kiosk.config import load_config
    from kiosk.ui.app import run_kiosk

    config = load_config(sys.argv[1])
    out = Path(sys.argv[2])
    keys: list[list] = []

    def write(_dt: float) -> None:
        from kivy.app import App
        from kivy.config import Config
        from kivy.core.window import Window
        from kivy.uix.settings import Settings

        app = App.get_running_app()
        state = {
            "size": list(Window.size),
            "screen": app.manager.current if app and app.manager else None,
            "on_top": [type(w).__name__ for w in Window.children],
            "settings_open": any(isinstance(w, Settings) for w in Window.children),
            "modules": [name for name, _ in Config.items("modules")],
            "keys": keys,
            "pid": os.getpid(),
        }
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(out)

    def start(_dt: float) -> None:
        from kivy.core.window import Window

        Window.bind(on_key_down=lambda _w, key, _code, _text, mods: keys.append([key, sorted(mods)]))
        Clock.schedule_interval(write, 0.2)

    Clock.schedule_once(start, 0)
    return run_kiosk(config, windowed=False)


if __name__ == "__main__":
    sys.exit(main())
