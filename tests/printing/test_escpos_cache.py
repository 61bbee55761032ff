"""python-escpos's printer database is parsed once, then read from our cache at every start; a broken
cache file never stops the kiosk from starting (real imports in fresh processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, os, sys
import kiosk.printing
kiosk.printing.prepare()
from escpos.capabilities import CAPABILITIES
print(json.dumps({"dir": os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR"),
                  "profiles": len(CAPABILITIES["profiles"])}))
"""


def _start(cache_home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_printer_database_is_parsed_once_then_read_from_the_cache(tmp_path):
    cache = tmp_path / "kiosk-mediatheque" / "escpos"
    first = _start(tmp_path)
    (saved,) = cache.glob("*.capabilities.pickle")
    stamp = saved.stat().st_mtime_ns
    second = _start(tmp_path)
    assert first["dir"] is None and second["dir"] == str(cache)  # the second start reads our cache
    assert first["profiles"] == second["profiles"] > 10
    assert saved.stat().st_mtime_ns == stamp  # read, not written again
    assert not list(cache.glob("*.tmp"))


def test_a_broken_cache_file_is_rebuilt_and_the_kiosk_still_starts(tmp_path):
    _start(tmp_path)
    (saved,) = (tmp_path / "kiosk-mediatheque" / "escpos").glob("*.capabilities.pickle")
    saved.write_bytes(b"half a pickle")
    assert _start(tmp_path)["profiles"] > 10
    assert _start(tmp_path)["dir"] == str(saved.parent)  # rebuilt: the next start reads it again
