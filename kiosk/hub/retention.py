"""The retention timer: one task that erases everything carrying a resident's name or phone once its
time is up, whether or not anyone uses the hub (README, Privacy, lists what and when).

Thread-safety: `Retention.run_once` may be called from any thread (each service is thread-safe);
`Retention.loop` runs on the app's event loop and calls it in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from kiosk.hub.agenda.registrations import Registrations
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import Store
from kiosk.hub.print_jobs.jobs import PrintJobs
from kiosk.hub.queue.desk import HelpDesk

log = logging.getLogger(__name__)

PURGE_EVERY_S = 600.0  # ten minutes: nothing outlives its date by more than that


class Retention:
    """Erases help requests' first names and needs, events, registrations' names and phones, print
    jobs' slips and expired sessions, each at its own date."""

    def __init__(
        self,
        store: Store,
        desk: HelpDesk,
        registrations: Registrations,
        print_jobs: PrintJobs,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.desk = desk
        self.registrations = registrations
        self.print_jobs = print_jobs
        self.clock = clock
        self.runs = 0

    def run_once(self) -> int:
        """One pass at the clock's time. Returns how many rows were erased or deleted."""
        now = self.clock()
        touched = self.desk.purge(now)
        touched += self.registrations.purge(now)
        touched += self.print_jobs.purge(now)
        touched += accounts_sql.purge_sessions(self.store, now)
        self.runs += 1
        if touched:
            log.info("retention: %d rows erased or deleted", touched)
        return touched

    async def loop(self, every_s: float = PURGE_EVERY_S) -> None:
        """Run a pass now and then every ``every_s`` seconds until cancelled; a failed pass is logged and
        retried at the next tick (the hub keeps serving)."""
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:  # a locked or full disk must not stop the timer for good
                log.exception("retention pass failed; retrying at the next tick")
            await asyncio.sleep(every_s)
