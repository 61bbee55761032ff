"""Kiosk UI memory over a day of use: RSS after 1,000 screen changes (home ↔ « Apprendre », whose lesson list
is read and drawn at each visit), against a bare Kivy ScreenManager switching two screens as often, with the
same Kivy settings (`kiosk.ui.kivy_settings`), in the same run. Needs an X display (`make bench`).

RSS is sampled at the start and after every 100 changes, so the table shows whether memory is flat.

A third run splits the difference: the same bare app, having first imported every module the kiosk had
loaded by its last change except Kivy's and the kiosk's screens (`kiosk.ui`), shows what the libraries
of the kiosk's other jobs cost (hub client, printer, agenda, lesson models), and so what its screens hold.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "ui"))
from ui_only_config import write_ui_only_config  # noqa: E402  (the UI without a hub child)

CHANGES = int(os.environ.get("KIOSK_BENCH_CHANGES", "1000"))
SIZE = (1280, 800)
TARGET = 1.3

_RSS = """
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
"""

KIOSK = f"""
import sys
{_RSS}
from kiosk.config import load_config
from kiosk.ui.app import configure_kivy, create_app
config = load_config(sys.argv[1])
configure_kivy(config, kiosk_mode=False, size={SIZE}, debug=False)
from kivy.clock import Clock
from kiosk.ui.services import real_services
services = real_services(config)
app = create_app(services, kiosk_mode=False)
state = {{"n": 0}}
_SCREENS = ("kivy", "kiosk.ui", "__main__")

def step(_dt):
    current = app.manager.current
    if current == "learn" and app.current_screen().status == "Un instant…":
        return  # the lesson list is still being read
    if state["n"] % 100 == 0:
        print(f"RSS {{state['n']}} {{rss():.1f}}", flush=True)
    if state["n"] >= {CHANGES}:
        print("MODULES", " ".join(m for m in sys.modules if not m.startswith(_SCREENS)), flush=True)
        app.stop()
        return False
    state["n"] += 1
    app.go_home() if current == "learn" else app.go("learn")

Clock.schedule_once(lambda _dt: Clock.schedule_interval(step, 0), 0.5)
try:
    app.run()
finally:
    services.close()
"""

BARE = f"""
{_RSS}
import importlib, os
modules = os.environ.get("KIOSK_BENCH_MODULES", "").split()
if "escpos" in modules:
    from kiosk import printing
    printing.prepare()  # as the kiosk does: escpos's printer database from the cache
for name in modules:
    try:
        importlib.import_module(name)
    except Exception:  # a module that only imports as part of its package's import
        pass
from kiosk.ui.kivy_settings import apply
apply(kiosk_mode=False, size={SIZE}, debug=False)
from kivy.app import App
from kivy.clock import Clock
from kivy.uix.label import Label
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager
state = {{"n": 0}}

class Bare(App):
    def build(self):
        self.manager = ScreenManager(transition=NoTransition())
        for name in ("home", "learn"):
            screen = Screen(name=name)
            screen.add_widget(Label(text=name))
            self.manager.add_widget(screen)
        Clock.schedule_once(lambda _dt: Clock.schedule_interval(self.step, 0), 0.5)
        return self.manager

    def step(self, _dt):
        if state["n"] % 100 == 0:
            print(f"RSS {{state['n']}} {{rss():.1f}}", flush=True)
        if state["n"] >= {CHANGES}:
            self.stop()
            return False
        state["n"] += 1
        self.manager.current = "home" if self.manager.current == "learn" else "learn"

Bare().run()
"""


def _samples(script: Path, args: list[str], env: dict[str, str]) -> tuple[dict[int, float], list[str]]:
    """RSS (MiB) after every 100 changes, and the modules the child listed at its end (the kiosk only)."""
    done = subprocess.run(
        [sys.executable, str(script), *args], env=env, capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    lines = [line.split() for line in done.stdout.splitlines()]
    found = {int(parts[1]): float(parts[2]) for parts in lines if parts and parts[0] == "RSS"}
    if done.returncode != 0 or CHANGES not in found:
        raise RuntimeError(f"{script.name}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return found, next((parts[1:] for parts in lines if parts and parts[0] == "MODULES"), [])


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"} for tests/benchmarks/run.py."""
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("no X display: run through scripts/with_xvfb.py (make bench does)")
    compileall.compile_dir(ROOT / "kiosk", quiet=1)  # as deploy/install-pi.sh does: pip compiled Kivy
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "kiosk_screens.py").write_text(KIOSK, encoding="utf-8")
        (work / "bare_screens.py").write_text(BARE, encoding="utf-8")
        config = write_ui_only_config(work)
        env = {**os.environ, "KIVY_HOME": str(work / "kivy"), "SDL_AUDIODRIVER": "dummy"}
        kiosk, modules = _samples(work / "kiosk_screens.py", [str(config)], env)
        bare, _none = _samples(work / "bare_screens.py", [], env)
        with_modules = {**env, "KIOSK_BENCH_MODULES": " ".join(modules)}
        loaded, _none = _samples(work / "bare_screens.py", [], with_modules)
    ratio = kiosk[CHANGES] / bare[CHANGES]
    growth = kiosk[CHANGES] - kiosk[100]
    return [
        {
            "name": f"kiosk RSS: start → 100 → {CHANGES} screen changes",
            "value": f"{kiosk[0]:.0f} → {kiosk[100]:.0f} → {kiosk[CHANGES]:.0f}",
            "unit": "MiB",
            "target": "",
        },
        {
            "name": "kiosk RSS every 100 changes",
            "value": " ".join(f"{kiosk[n]:.0f}" for n in sorted(kiosk)),
            "unit": "MiB",
            "target": "flat",
        },
        {
            "name": f"bare ScreenManager RSS: start → {CHANGES} changes",
            "value": f"{bare[0]:.0f} → {bare[CHANGES]:.0f}",
            "unit": "MiB",
            "target": "",
        },
        {
            "name": f"bare + the kiosk's {len(modules)} modules but its screens: start → {CHANGES}",
            "value": f"{loaded[0]:.0f} → {loaded[CHANGES]:.0f} ({loaded[CHANGES] / bare[CHANGES]:.2f}x bare)",
            "unit": "MiB",
            "target": "",
        },
        {
            "name": f"kiosk above bare after {CHANGES} changes: its modules + its screens",
            "value": f"{loaded[CHANGES] - bare[CHANGES]:.0f} + {kiosk[CHANGES] - loaded[CHANGES]:.0f}",
            "unit": "MiB",
            "target": f"<= {(TARGET - 1) * bare[CHANGES]:.0f} in all",
        },
        {
            "name": f"kiosk / bare RSS after {CHANGES} changes",
            "value": ratio,
            "unit": "x",
            "target": f"<= {TARGET:g}x ({'met' if ratio <= TARGET else 'MISSED'})",
        },
        {
            "name": f"kiosk RSS growth from 100 to {CHANGES} changes",
            "value": growth,
            "unit": "MiB",
            "target": "about 0 (flat)",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:50} {row['value']!s:>30} {row['unit']:4} {row['target']}")
