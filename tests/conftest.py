"""Fixtures every test directory shares: headless Chromium (tests/browser.py) for the browser tests; at
start-up, the mounts a killed session left behind are unmounted (tests/stale_mounts.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from browser import CHROMEDRIVER, chromium
from stale_mounts import unmount_before_session


def pytest_configure(config: pytest.Config) -> None:
    """Unmount what a killed session left mounted in pytest's temporary folders, before pytest deletes
    the old ones (tests/stale_mounts.py: a stale bind of /dev would lose the host's device nodes)."""
    unmount_before_session(config.option.basetemp)


@pytest.fixture
def open_browser() -> Iterator[Callable[..., Any]]:
    """``open_browser(size=(w, h))`` → a headless Chromium; every one opened is quit after the test.
    Skips the test when chromedriver is not installed."""
    if not CHROMEDRIVER.exists():
        pytest.skip(f"{CHROMEDRIVER} is missing (apt-get install chromium-driver)")
    with ExitStack() as stack:
        yield lambda size=(1000, 800): stack.enter_context(chromium(size))


@pytest.fixture
def browser(open_browser) -> Any:
    """A headless Chromium, 1000×800."""
    return open_browser()


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords at the old scrypt cost (N=2^14, 16 MiB, ~40 ms) instead of the production one
    (N=2^17, ~0.6 s each): hundreds of test accounts would otherwise cost minutes. Verification reads
    the cost from each stored hash, so every check stays real; tests/hub/test_attacks.py proves the
    production cost and the rehash on login."""
    from kiosk import passwords

    monkeypatch.setattr(passwords, "SCRYPT_N", 2**14)
