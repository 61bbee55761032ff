"""Screenshots of the key screens, compared with the committed PNGs in tests/ui/snapshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SNAPSHOT_SCREENS, SNAPSHOTS
from snapshots import check_snapshot

pytestmark = pytest.mark.ui

CASES = (
    [((800, 480), name) for name in SNAPSHOT_SCREENS]
    + [((1280, 800), name) for name in SNAPSHOT_SCREENS]
    + [((1920, 1080), "home")]
)


@pytest.mark.parametrize(("size", "name"), CASES, ids=[f"{n}-{w}x{h}" for (w, h), n in CASES])
def test_snapshot(screens_runs, size, name):
    shot = Path(screens_runs[size]["shots"][name])
    problem = check_snapshot(shot, SNAPSHOTS / f"{name}-{size[0]}x{size[1]}.png")
    assert not problem, problem
