"""Staff mode PIN: its format rules and the lockout after repeated failures. Pure; a PinLock is not
thread-safe (the kiosk uses it from the UI thread only). Hashing lives in kiosk.passwords (scrypt)."""

from __future__ import annotations

import re
from collections.abc import Callable

MIN_DIGITS, MAX_DIGITS = 4, 8
MAX_FAILURES = 5
LOCK_S = 300.0  # the first lockout; each further one doubles, up to MAX_LOCK_S
MAX_LOCK_S = 3600.0
DEMO_PIN = "1234"  # only when running on demo defaults without a pin_hash


def valid_pin(pin: str) -> bool:
    """4 to 8 digits."""
    return bool(re.fullmatch(rf"\d{{{MIN_DIGITS},{MAX_DIGITS}}}", pin))


class PinLock:
    """Counts wrong PINs; after MAX_FAILURES in a row, refuses every try for a while.

    Args:
        monotonic: a clock in seconds (injected by tests).
    """

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self.monotonic = monotonic
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0

    def seconds_left(self) -> float:
        """Seconds before a PIN may be tried again (0 when it may)."""
        return max(0.0, self.locked_until - self.monotonic())

    def failed(self) -> None:
        """One wrong PIN; the MAX_FAILURES-th locks."""
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.locked_until = self.monotonic() + min(MAX_LOCK_S, LOCK_S * 2**self.lockouts)
            self.lockouts += 1
            self.failures = 0

    def succeeded(self) -> None:
        """A right PIN: the count starts again."""
        self.failures = 0
        self.lockouts = 0

    @property
    def tries_left(self) -> int:
        return MAX_FAILURES - self.failures
