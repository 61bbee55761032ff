"""Print jobs (slips staff print from the dashboard) and kiosks' printer health, stored in the hub.

A job is ``pending`` until a kiosk claims it (``printing``), then ``done`` or ``failed`` with the
printer's reason; a claim not acknowledged within CLAIM_TIMEOUT is handed out again. Payloads hold
a first name: it is erased ``retention_days`` after the job ends. Thread-safety: safe from any
thread (each method is one store transaction).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from kiosk.config import Config
from kiosk.hub.db.store import Store
from kiosk.hub.print_jobs import sql
from kiosk.hub.print_jobs.sql import KioskHealth, KioskSelf, PrintJob
from kiosk.hub.web.errors import NotFound
from kiosk.i18n import _

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(seconds=90)
EXPIRED_ERROR = "expired: never printed, erased"
# A kiosk that has not reported for this long is shown as silent (it reports every minute).
HEALTH_SILENT_AFTER = timedelta(minutes=3)


class PrintJobs:
    """The hub's print jobs and kiosk health. One per app."""

    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store

    def create(
        self, kiosk_id: str, kind: str, payload: dict[str, Any], created_by: str, now: datetime
    ) -> PrintJob:
        """A new pending job for ``kiosk_id``. Raises NotFound when no such kiosk is in service."""
        job = sql.insert_job(self.store, kiosk_id, kind, payload, created_by, now)
        if job is None:
            raise NotFound(_("Cette borne n'existe pas."))
        log.info("print job %d (%s) for kiosk %s by %s", job.id, kind, kiosk_id, created_by)
        return job

    def get(self, job_id: int) -> PrintJob | None:
        return sql.job(self.store, job_id)

    def recent(self, limit: int = 50) -> list[PrintJob]:
        """The newest jobs first."""
        return sql.recent_jobs(self.store, limit)

    def claim(self, kiosk_id: str, now: datetime) -> PrintJob | None:
        """The oldest job for this kiosk that is pending (or claimed too long ago), now ``printing``."""
        return sql.claim_job(self.store, kiosk_id, now, now - CLAIM_TIMEOUT)

    def finish(self, job_id: int, kiosk_id: str, *, ok: bool, error: str, now: datetime) -> PrintJob | None:
        """Record the kiosk's result; None when the job is not this kiosk's."""
        if not sql.finish_job(self.store, job_id, kiosk_id, ok=ok, error=error, now=now):
            return None
        log.info("print job %d %s%s", job_id, "done" if ok else "failed: ", "" if ok else error)
        return self.get(job_id)

    def retry(self, job_id: int) -> PrintJob | None:
        """A failed (or stuck) job back to pending."""
        sql.retry_job(self.store, job_id)
        return self.get(job_id)

    def purge(self, now: datetime) -> int:
        """Erase the payloads (first names) of jobs finished more than ``retention_days`` ago, and of jobs
        never finished a day (at least) after they were made: those are marked failed, never printed
        empty. The retention timer calls this."""
        days = self.config.hub.retention_days
        return sql.purge_jobs(
            self.store,
            now,
            finished_before=now - timedelta(days=days),
            stale_before=now - timedelta(days=max(1, days)),
            error=EXPIRED_ERROR,
        )

    # -- kiosk health -----------------------------------------------------------------------------
    def report_health(
        self,
        kiosk_id: str,
        *,
        printer_uri: str,
        online: bool | None,
        paper: str | None,
        last_error: str,
        now: datetime,
        itself: KioskSelf | None = None,
    ) -> KioskHealth:
        """Store what a kiosk says of its printer and ``itself``; an empty ``last_error`` keeps the previous
        one's time, and what ``itself`` leaves None keeps its previous value (older kiosks send none)."""
        sql.save_health(
            self.store,
            kiosk_id,
            printer_uri=printer_uri,
            online=online,
            paper=paper,
            last_error=last_error,
            now=now,
            itself=itself or KioskSelf(),
        )
        found = [h for h in self.health() if h.kiosk_id == kiosk_id]
        return found[0]

    def health(self) -> list[KioskHealth]:
        """Every kiosk's last report, by kiosk id."""
        return sql.health(self.store)
