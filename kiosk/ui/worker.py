"""Runs blocking work (hub calls, printing) off the UI thread and hands results back through the Kivy Clock.

Thread-safety: ``submit`` may be called from any thread; callbacks always run on the Kivy main thread,
and only while their ``CancelToken`` is live (results for a screen the resident left are dropped).
Printing has its own single thread ("printer" lane): printers are not thread-safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

Schedule = Callable[[Callable[..., Any]], Any]


def _kivy_schedule(callback: Callable[..., Any]) -> Any:
    from kivy.clock import Clock

    return Clock.schedule_once(lambda _dt: callback(), 0)


class CancelToken:
    """Owned by a screen visit; ``cancel()`` when the resident leaves so late results are ignored."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


ALWAYS = CancelToken()  # a token nobody cancels, for app-wide jobs


class Worker:
    """A small thread pool per lane. ``submit`` returns the Future (tests may wait on it)."""

    def __init__(self, schedule: Schedule = _kivy_schedule, hub_threads: int = 2) -> None:
        self._schedule = schedule
        self._lanes = {
            "hub": ThreadPoolExecutor(hub_threads, thread_name_prefix="kiosk-hub"),
            "printer": ThreadPoolExecutor(1, thread_name_prefix="kiosk-printer"),
        }
        self._closed = False

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        token: CancelToken = ALWAYS,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        lane: str = "hub",
    ) -> Future | None:
        """Run ``fn(*args)`` in ``lane``; then, on the main thread, ``on_done(result)``/``on_error(exc)``."""
        if self._closed:
            return None
        future = self._lanes[lane].submit(fn, *args)

        def deliver(done: Future) -> None:
            if token.cancelled or done.cancelled():  # cancelled: the app is stopping
                return
            exc = done.exception()
            if exc is not None:
                log.info(
                    "background call %s failed: %s", getattr(fn, "__name__", fn), exc
                )  # lambdas and partials too
                if on_error is not None:
                    self._schedule(lambda: None if token.cancelled else on_error(exc))
            elif on_done is not None:
                result = done.result()
                self._schedule(lambda: None if token.cancelled else on_done(result))

        future.add_done_callback(deliver)
        return future

    def shutdown(self) -> None:
        """Stop accepting work; running calls finish on their own (each has its own timeout)."""
        self._closed = True
        for pool in self._lanes.values():
            pool.shutdown(wait=False, cancel_futures=True)
