"""Fixtures every test directory shares: headless Chromium (tests/browser.py) for the browser tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from browser import CHROMEDRIVER, chromium


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
