"""Kiosk UI cost: cold start of `kiosk run --windowed` to its first drawn frame, and its peak RSS, each
compared with a bare Kivy app showing one Label with the kiosk's own Kivy settings (`kiosk.ui.kivy_settings`:
multisamples, fonts, input…), measured in the same run (median of 11, alternating: on this shared 2-core
machine, medians of 5 ranged from 1.03x to 1.45x in four runs of the same code).

The kiosk's modules are compiled to bytecode first, as deploy/install-pi.sh does (its units never write
bytecode): pip compiled the bare app's Kivy. A kiosk compiling its own modules at each start (a fresh clone
under PYTHONDONTWRITEBYTECODE, as here) measured 1.31-1.42x the bare app in five runs, 1.13-1.31x right
after with them compiled.

The kiosk runs with a hub URL on a closed loopback port, so no hub child process is started and only the
UI is measured (the embedded hub starts in a worker thread and never delays the first frame anyway).
Needs an X display (`make bench` provides Xvfb).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "ui"))
from ui_only_config import ui_only_env, write_ui_only_config  # noqa: E402  (the UI without a hub child)

RUNS = 11
START_TARGET = 1.3
SIZE = (1280, 800)
BARE_APP = f"""
import os, sys, time
from kiosk.ui.kivy_settings import apply
apply(kiosk_mode=False, size=({SIZE[0]}, {SIZE[1]}), debug=False)  # the kiosk's own Kivy settings
from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.label import Label

class Bare(App):
    def build(self):
        return Label(text="Bonjour")
    def on_start(self):
        Window.bind(on_flip=self.first)
    def first(self, *args):
        Window.unbind(on_flip=self.first)
        from kiosk.ui.kivy_settings import peak_kib
        print(f"FIRST_FRAME {{time.time():.6f}} {{time.process_time():.6f}} {{peak_kib()}}", flush=True)
        Clock.schedule_once(lambda dt: self.stop(), 0)

Bare().run()
"""


def _measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds to the first frame, peak RSS in MiB, CPU seconds) up to the first frame of one cold start.

    The CPU time (user + system, every thread, as the process reads it when the frame is drawn) hardly
    moves when other work shares the cores, unlike the wall time: both are printed. The peak is the
    process's own VmHWM (`kiosk.ui.kivy_settings.peak_kib`): wait4's ru_maxrss kept this runner's peak."""
    started = time.time()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT
    )
    first = cpu = peak = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("FIRST_FRAME "):
            _word, at, cpu_s, peak_kib = line.split()
            first, cpu, peak = float(at) - started, float(cpu_s), int(peak_kib) / 1024
    proc.wait()
    if first is None or cpu is None or peak is None or proc.returncode != 0:
        raise RuntimeError(f"{cmd[-1]}: no first frame (exit status {proc.returncode})")
    return first, peak, cpu


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"} for tests/benchmarks/run.py."""
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("no X display: run through scripts/with_xvfb.py (make bench does)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bare = work / "bare_kivy.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        config = write_ui_only_config(work)
        env = ui_only_env(work)
        commands = {
            "bare": [sys.executable, str(bare)],
            "kiosk": [sys.executable, "-m", "kiosk", "run", "--windowed", "--config", str(config)],
        }
        compileall.compile_dir(ROOT / "kiosk", quiet=1)  # as the installer does (see the module's doc)
        _measure(commands["bare"], env)  # warm the disk cache for both (fonts, Kivy's modules)
        samples: dict[str, list[tuple[float, float, float]]] = {"bare": [], "kiosk": []}
        for _ in range(RUNS):
            for name, cmd in commands.items():
                samples[name].append(_measure(cmd, env))
    start = {name: statistics.median(s[0] for s in runs) for name, runs in samples.items()}
    rss = {name: statistics.median(s[1] for s in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(s[2] for s in runs) for name, runs in samples.items()}
    ratio = start["kiosk"] / start["bare"]
    cpu_ratio = cpu["kiosk"] / cpu["bare"]
    rss_ratio = rss["kiosk"] / rss["bare"]
    return [
        {"name": "bare Kivy (same Kivy settings): start to first frame", "value": start["bare"], "unit": "s"},
        {
            "name": "kiosk run: start to first frame (ratio to bare)",
            "value": f"{start['kiosk']:.3f} ({ratio:.2f}x)",
            "unit": "s",
            "target": f"<= {START_TARGET:g}x ({'met' if ratio <= START_TARGET else 'MISSED'})",
        },
        {"name": "bare Kivy: CPU time to first frame", "value": cpu["bare"], "unit": "s", "target": ""},
        {
            "name": "kiosk run: CPU time to first frame (ratio to bare)",
            "value": f"{cpu['kiosk']:.3f} ({cpu_ratio:.2f}x)",
            "unit": "s",
            "target": "",
        },
        {"name": "bare Kivy: peak RSS", "value": rss["bare"], "unit": "MiB", "target": ""},
        {
            "name": "kiosk run: peak RSS (ratio to bare)",
            "value": f"{rss['kiosk']:.0f} ({rss_ratio:.2f}x)",
            "unit": "MiB",
            "target": "<= 1.5x",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:55} {row['value']!s:>16} {row['unit']:4} {row.get('target', '')}")
