"""Self-service station for French public libraries (médiathèques)."""

import os

__version__ = "0.1.0"
# The day this version was made: a clock reading earlier is wrong (kiosk.device.clock_watch). Bump on release.
__released__ = "2026-12-01"

# pydantic looks for plugins in every installed distribution's entry points when it builds its first model
# (importlib.metadata reads every package's metadata files): ~12 ms of CPU and 40-70 ms of wall time of
# the kiosk's start before its first frame, measured on a busy 2-core machine (tests/benchmarks/bench_ui.py).
# The project uses none, and a plugin is code that would see every validated value (config, lesson files,
# API bodies): off unless the environment asks for them.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
