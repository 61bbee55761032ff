"""Fixtures for the printing tests: a help ticket and the test page with fixed dates."""

from __future__ import annotations

import pytest
from printing_helpers import make_test_page, make_ticket

from kiosk import printing
from kiosk.domain.receipts import Receipt

printing.prepare()  # as the kiosk does at start-up: escpos's printer database from the cache


@pytest.fixture
def ticket() -> Receipt:
    return make_ticket()


@pytest.fixture
def page() -> Receipt:
    return make_test_page()
