"""Runs one UI scenario in its own process (Kivy allows one App per process) and writes results.json.

Usage: python driver.py ARGS.json — see tests/ui/conftest.py for the arguments. Scenarios live in
scenarios.py; each returns a dict that the pytest side asserts on.
"""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> int:
    args = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(args["out_dir"])
    out.mkdir(parents=True, exist_ok=True)

    from kiosk.config import Config, load_config
    from kiosk.ui.app import configure_kivy

    config = load_config(args["config_path"]) if args.get("config_path") else Config()
    config = config.model_copy(
        update={"kiosk": config.kiosk.model_copy(update={"screen_width_mm": args["screen_width_mm"]})}
    )
    configure_kivy(config, kiosk_mode=args.get("kiosk_mode", False), size=tuple(args["size"]), debug=False)

    import scenarios
    from pilot import Pilot

    from kiosk.ui.app import create_app

    services, extra = scenarios.build_services(args, config)
    app = create_app(services, kiosk_mode=args.get("kiosk_mode", False))
    results: dict = {"ok": False}

    async def script() -> None:
        pilot = Pilot(app)
        try:
            await pilot.until(lambda: app.root is not None and app.manager is not None, "app built", 30)
            await pilot.frames(3)
            results.update(await scenarios.SCENARIOS[args["scenario"]](pilot, args, services, extra))
            results["ok"] = True
        except BaseException as exc:  # reported to pytest through results.json
            results["error"] = "".join(traceback.format_exception(exc))
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


if __name__ == "__main__":
    sys.exit(main())
