"""The kiosk session as shipped: Weston's kiosk-shell (deploy/weston.ini) started headless, the real
`kiosk run` in kiosk mode as a non-root user with Debian's own Python (through Xwayland, as on a Pi).
The window fills the screen; the keys a curious visitor tries open nothing and leave the kiosk in front.

Weston runs two ways: headless (the output sizes; keys typed into Xwayland reach the kiosk's window
directly) and nested in a private Xvfb (keys typed into Weston's window pass through Weston's own key
bindings first, as a USB keyboard plugged into a Pi would). After each key a harmless marker key
(Shift) must reach the kiosk: the input path is alive and the key before it was handled."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from session import ROOT, Session, ensure_user, system_venv, usable, user_dir

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(usable()), reason=usable() or "ok")]
PROBE = Path(__file__).resolve().parent / "kiosk_probe.py"
# What a visitor tries, as xdotool names them, and the Kivy key codes the window must receive for each.
KEYS = {"alt+F4": 285, "alt+Tab": 9, "ctrl+alt+t": 116, "super": 309, "F1": 282, "ctrl+e": 101, "Escape": 27}
COMPOSITOR_KEYS = {"ctrl+alt+BackSpace": 8, "super+Return": 13, "ctrl+alt+F2": 283, "super+shift+space": 32}
MARKER = ("shift", 304)
TITLE = "Borne de la médiathèque"


def _state(path: Path, until, what: str, timeout: float = 60) -> dict:
    """The probe's last state once ``until(state)`` holds. Fails with the last state on timeout."""
    deadline = time.monotonic() + timeout
    state: dict = {}
    while time.monotonic() < deadline:
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if state and until(state):
            return state
        time.sleep(0.1)  # the probe writes every 0.2 s in another process
    raise AssertionError(f"{what}: not within {timeout} s; last state {state}")


def _start_kiosk(session: Session, folder: Path) -> Path:
    config = folder / "kiosk.toml"
    config.write_text(
        '[kiosk]\nhub_url = "http://127.0.0.1:9"\nhub_token = "t"\nfullscreen = true\n'
        f'[hub]\ndata_dir = "{folder / "data"}"\n[speech]\nenabled = false\n',
        encoding="utf-8",
    )
    shutil.chown(config, "kiosk-test-user")
    # A Kivy config left on the machine asks for the inspector (Ctrl+E): kiosk mode must not load it.
    (folder / "kivy").mkdir()
    (folder / "kivy" / "config.ini").write_text("[modules]\ninspector =\nmonitor =\n", encoding="utf-8")
    for path in (folder / "kivy", folder / "kivy" / "config.ini"):
        shutil.chown(path, "kiosk-test-user")
    state = folder / "state.json"
    session.spawn(
        str(system_venv() / "bin/python"),
        str(PROBE),
        str(config),
        str(state),
        env={
            "PYTHONPATH": str(ROOT),
            "PYTHONDONTWRITEBYTECODE": "1",
            "SDL_VIDEODRIVER": "x11",
            "SDL_AUDIODRIVER": "dummy",
            "KIVY_HOME": str(folder / "kivy"),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "XDG_DATA_HOME": str(folder / "data"),
        },
        log="kiosk.log",
    )
    return state


@pytest.fixture(scope="module", autouse=True)
def _prepared():
    ensure_user()
    system_venv()


def test_the_shipped_weston_config_has_no_launcher_and_no_console_switch():
    ini = (ROOT / "deploy" / "weston.ini").read_text(encoding="utf-8")
    assert "shell=kiosk-shell.so" in ini and "vt-switching=false" in ini
    assert "[launcher]" not in ini and "[autolaunch]" not in ini


@pytest.mark.parametrize(
    ("size", "backend"),
    [((800, 480), "headless"), ((1280, 800), "headless"), ((800, 480), "x11")],
    ids=["7-inch", "10-inch", "7-inch-keyboard-through-weston"],
)
def test_the_kiosk_fills_the_screen_and_visitors_keys_open_nothing(size, backend):
    folder = user_dir()
    session = Session(folder, size, backend)
    try:
        state_file = _start_kiosk(session, folder)
        # Kivy opens its window at its own size; kiosk-shell then makes it fill the output.
        _state(
            state_file, lambda s: s["screen"] == "home" and s["size"] == list(size), f"home filling {size}"
        )
        assert session.windows() == [(TITLE, *size)]
        processes = session.user_processes()
        keys = {**KEYS, **(COMPOSITOR_KEYS if backend == "x11" else {})}
        for name, code in keys.items():
            seen = sum(1 for k, _ in _state(state_file, lambda s: True, "before")["keys"] if k == MARKER[1])
            session.press(name)
            session.press(MARKER[0])
            state = _state(
                state_file,
                lambda s, n=seen: sum(1 for k, _ in s["keys"] if k == MARKER[1]) > n,
                f"the marker after {name}",
            )
            if backend == "headless":
                assert code in [k for k, _ in state["keys"]], name
            # Checked after each key: Escape would close a settings panel that F1 had opened.
            assert state["screen"] == "home", name
            assert state["on_top"] == ["KioskRoot"] and not state["settings_open"], name
            assert session.weston.poll() is None, f"{name} stopped Weston"
        time.sleep(0.5)  # let anything the keys might have started show up
        assert _state(state_file, lambda s: True, "after the keys")["modules"] == []  # no inspector…
        assert session.windows() == [(TITLE, *size)]  # still the only window, still fullscreen
        assert session.user_processes() == processes  # no terminal, no menu, no settings program
    finally:
        session.close()
        shutil.rmtree(folder, ignore_errors=True)
