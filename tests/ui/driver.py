"""The one way to run a Kivy scenario in a child process (Kivy allows one App per process): the parent
side (``run_child``, from pytest) and the child side (``drive``, this file's ``main`` and
tests/staff/kiosk_driver.py).

Usage: python driver.py ARGS.json — see tests/ui/conftest.py for the arguments. With ARGS["socket"] the
child serves a remote pilot (tests/ui/remote.py, the way to write a new UI test); otherwise it runs
ARGS["scenario"] from scenarios.py, which returns a dict that the pytest side asserts on (results.json).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
DRIVER_TIMEOUT_S = 150


def child_command(out_dir: Path, args: dict[str, Any], script: Path | None = None) -> tuple[list[str], dict]:
    """The command line and environment that run ``script`` (this driver by default) with ``args`` (written
    to ARGS.json in ``out_dir``) under a private X display: for ``run_child`` and tests/ui/remote.py."""
    out_dir.mkdir(parents=True, exist_ok=True)
    args_file = out_dir / "args.json"
    args_file.write_text(json.dumps({"out_dir": str(out_dir), **args}), encoding="utf-8")
    env = {
        **os.environ,
        "SDL_AUDIODRIVER": "dummy",
        "KIVY_NO_CONSOLELOG": "1",
        "KIVY_HOME": str(out_dir / "kivy"),
    }
    with_xvfb = str(ROOT / "scripts" / "with_xvfb.py")
    return [sys.executable, with_xvfb, sys.executable, str(script or Path(__file__)), str(args_file)], env


def run_child(
    out_dir: Path, args: dict[str, Any], script: Path | None = None, timeout: float = DRIVER_TIMEOUT_S
) -> dict[str, Any]:
    """Parent side: run ``script`` (this driver by default) with ``args`` under a private X display;
    its results.json as a dict. Fails the test (with the child's error) when the scenario failed."""
    import pytest

    cmd, env = child_command(out_dir, args, script)
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=args.get("timeout_s", timeout), cwd=ROOT
    )
    results_file = out_dir / "results.json"
    if not results_file.exists():
        pytest.fail(f"driver died (status {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    results = json.loads(results_file.read_text(encoding="utf-8"))
    if not results.get("ok"):
        where = f" on {results['error_screen']}" if "error_screen" in results else ""
        pytest.fail(
            f"scenario {args['scenario']} failed{where}:\n{results.get('error')}\n{done.stderr[-3000:]}"
        )
    return results


def drive(
    app: Any,
    services: Any,
    out: Path,
    scenario: Callable[[Any], Awaitable[dict]],
    on_error: Callable[[Any, dict], Awaitable[None]] | None = None,
) -> int:
    """Child side: run ``app`` and ``scenario(pilot)`` together, then close ``services`` and write
    results.json ({"ok": True, **scenario's dict} or {"ok": False, "error": traceback}). Exit status."""
    from pilot import Pilot

    results: dict = {"ok": False}

    async def script() -> None:
        pilot = Pilot(app)
        try:
            await pilot.until(lambda: app.root is not None and app.manager is not None, "app built", 30)
            await pilot.frames(3)
            results.update(await scenario(pilot))
            results["ok"] = True
        except BaseException as exc:  # reported to pytest through results.json
            results["error"] = "".join(traceback.format_exception(exc))
            if on_error is not None:
                await on_error(pilot, results)
        finally:
            app.stop()

    async def both() -> None:
        await asyncio.gather(app.async_run(async_lib="asyncio"), script())

    try:
        asyncio.run(both())
    finally:
        services.close()
        (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if results.get("ok") else 1


def main() -> int:
    args = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(args["out_dir"])
    out.mkdir(parents=True, exist_ok=True)

    from kiosk.config import Config, load_config
    from kiosk.ui.app import configure_kivy

    config = load_config(args["config_path"]) if args.get("config_path") else Config()
    kiosk_keys = {
        "screen_width_mm": args["screen_width_mm"],
        "rotation": args.get("rotation", 0),
        # Scenarios jump the fake clock by minutes; only the screen's-day scenario wants the attract screen.
        "attract_after_s": args.get("attract_after_s", 3600),
        "opening_hours": args.get("opening_hours", ""),
    }
    config = replace(config, kiosk=replace(config.kiosk, **kiosk_keys))
    size = tuple(args["size"]) if args.get("size") else None  # None: the kiosk reads the screen's size
    configure_kivy(config, kiosk_mode=args.get("kiosk_mode", False), size=size, debug=False)
    if "maxfps" in args:  # a long walk (every shipped lesson) draws frames as fast as the machine can
        from kivy.config import Config as KivyConfig

        KivyConfig.set("graphics", "maxfps", str(args["maxfps"]))
        KivyConfig.set("graphics", "vsync", "0")  # a buffer swap without waiting for a (virtual) refresh

    import scenarios

    from kiosk.ui.app import create_app

    services, extra = scenarios.build_services(args, config)
    app = create_app(services, kiosk_mode=args.get("kiosk_mode", False))
    if args.get("socket"):  # a remote pilot (tests/ui/remote.py): the test sends the taps
        from probes import ui_probes
        from remote_child import serve

        probes = ui_probes(services, extra, out)
        return drive(
            app, services, out, lambda pilot: serve(pilot, args["socket"], out, probes, extra["clock"])
        )
    return drive(
        app, services, out, lambda pilot: scenarios.SCENARIOS[args["scenario"]](pilot, args, services, extra)
    )


if __name__ == "__main__":
    sys.exit(main())
