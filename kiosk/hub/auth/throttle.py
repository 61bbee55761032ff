"""Login throttling: growing delays per (account, address), a ceiling per address, and known browsers.

A stranger's wrong passwords slow down only the stranger: the delay grows per (name, address), and a
browser that has logged in to the account before (it holds a known-browser cookie, `known_browser_mark`)
is counted apart, so the owner is never locked out of their own phone. Thread-safety: safe from any
thread. Memory stays bounded: keys without a recent failure are forgotten.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_FAILURES = 2  # the first mistakes cost nothing
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
ADDRESS_LIMIT, ADDRESS_WINDOW = 30, timedelta(minutes=15)  # one machine spraying many names
FORGET_AFTER = timedelta(hours=1)


def known_browser_mark(user_id: int, password_hash: str) -> str:
    """The known-browser cookie value of an account: an HMAC keyed by its password hash, so it needs no
    storage and every mark dies when the password changes."""
    digest = hmac.new(password_hash.encode(), f"known-browser:{user_id}".encode(), hashlib.sha256)
    return f"{user_id}.{digest.hexdigest()}"


def delay_after(failures: int) -> timedelta:
    """How long a key waits after ``failures`` failures in a row: 0, 0, 1 s, 2 s, 4 s… at most 15 min."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - FREE_FAILURES - 1))


@dataclass
class _Failures:
    count: int
    last: datetime
    window: list[datetime]


class LoginThrottle:
    """Failures per key: ``("pair", name, address)``, ``("browser", name, mark)``, ``("addr", address)``."""

    def __init__(self, max_keys: int = 10_000) -> None:
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._keys: dict[tuple[str, ...], _Failures] = {}

    @staticmethod
    def keys(name: str, address: str, known_browser: bool) -> list[tuple[str, ...]]:
        """The keys a login attempt is counted under. A known browser is its own key: neither a stranger
        at the same address nor one guessing the same name slows it down."""
        if known_browser:
            return [("browser", name)]
        return [("pair", name, address), ("addr", address)]

    def wait(self, keys: list[tuple[str, ...]], now: datetime) -> timedelta:
        """How long before these keys may try again (0 when they may now)."""
        longest = timedelta(0)
        with self._lock:
            for key in keys:
                found = self._keys.get(key)
                if found is None:
                    continue
                if key[0] == "addr":
                    recent = [t for t in found.window if now - t < ADDRESS_WINDOW]
                    found.window = recent
                    if len(recent) >= ADDRESS_LIMIT:
                        longest = max(longest, ADDRESS_WINDOW - (now - recent[0]))
                else:
                    longest = max(longest, found.last + delay_after(found.count) - now)
        return max(longest, timedelta(0))

    def failed(self, keys: list[tuple[str, ...]], now: datetime) -> None:
        """Record one failure under each key."""
        with self._lock:
            if len(self._keys) >= self.max_keys:
                self._forget_old(now)
            for key in keys:
                found = self._keys.setdefault(key, _Failures(0, now, []))
                found.count += 1
                found.last = now
                found.window.append(now)
                del found.window[:-ADDRESS_LIMIT]

    def succeeded(self, keys: list[tuple[str, ...]]) -> None:
        """Forget the name's failures under these keys (the address ceiling stays)."""
        with self._lock:
            for key in keys:
                if key[0] != "addr":
                    self._keys.pop(key, None)

    def _forget_old(self, now: datetime) -> None:
        for key in [k for k, f in self._keys.items() if now - f.last > FORGET_AFTER]:
            del self._keys[key]
        while len(self._keys) >= self.max_keys:  # still full: drop the oldest
            del self._keys[min(self._keys, key=lambda k: self._keys[k].last)]
