"""The help queue's behaviour: daily tickets, transitions with timestamps, positions, waits, events, purge."""

from __future__ import annotations

import json
import logging
import threading
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from kiosk.config import Config
from kiosk.domain.help_requests import Status, clean_first_name, estimate_wait, format_ticket, next_status
from kiosk.domain.topics import topic_by_id
from kiosk.hub.events import Broker
from kiosk.hub.models import NEED_IDS, HelpRequestForAdvisor, HelpRequestIn, HelpRequestOut
from kiosk.hub.store import HelpRequestRow, Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

# Which timestamp each action stamps.
_STAMPS = {
    "call": "called_at",
    "start": "started_at",
    "done": "finished_at",
    "no-show": "finished_at",
    "cancel": "finished_at",
}
PURGE_EVERY = timedelta(hours=1)


class HelpDesk:
    """Creates and moves help requests, and renders them for kiosks and advisors.

    Thread-safety: safe from any thread. Writes are serialized by one lock held until their event is
    handed to the broker, so SSE clients receive events in id order.
    """

    def __init__(self, config: Config, store: Store, broker: Broker, clock: Clock) -> None:
        self.config = config
        self.store = store
        self.broker = broker
        self.clock = clock
        self._zone = zoneinfo.ZoneInfo(config.site.timezone)
        self._write = threading.Lock()
        self._last_purge: datetime | None = None

    def site_day(self, moment: datetime) -> str:
        """The site's local calendar day of ``moment`` (tickets restart at 1 each day), as YYYY-MM-DD."""
        return moment.astimezone(self._zone).date().isoformat()

    def create(self, kiosk_id: str, body: HelpRequestIn) -> tuple[HelpRequestRow, bool]:
        """Queue a request from ``kiosk_id``.

        Returns:
            (the request, True) when new; (the earlier request, False) when the kiosk already sent
            this idempotency key.
        """
        topic = topic_by_id(body.topic)
        assert topic is not None  # HelpRequestIn checked it
        needs = tuple(n for n in NEED_IDS if n in body.needs)
        now = self.clock()
        self.purge_if_due(now)
        with self._write:
            with self.store.transaction():
                if body.idempotency_key is not None:
                    earlier = self.store.find_by_key(kiosk_id, body.idempotency_key)
                    if earlier is not None:
                        return earlier, False
                day = self.site_day(now)
                number = self.store.next_ticket_number(day, topic.prefix)
                row = self.store.insert_help_request(
                    kiosk_id=kiosk_id,
                    idempotency_key=body.idempotency_key,
                    day=day,
                    ticket=format_ticket(topic.prefix, number),
                    topic=topic.id,
                    first_name=clean_first_name(body.first_name),
                    needs=needs,
                    now=now,
                )
                event = self.store.add_event("help_request", self._event_data(row), now)
            self.broker.publish(event)
        log.info("help request %d created: ticket %s from kiosk %s", row.id, row.ticket, kiosk_id)
        return row, True

    def act(self, request_id: int, action: str) -> HelpRequestRow:
        """Apply ``action`` (call, recall, start, done, no-show, cancel, redirect) and stamp its time.

        Raises:
            LookupError: no such request.
            KeyError: unknown action.
            TransitionError: the action is impossible from the request's status.
        """
        now = self.clock()
        with self._write:
            with self.store.transaction():
                row = self.store.help_request(request_id)
                if row is None:
                    raise LookupError(request_id)
                status = next_status(row.status, action)
                row = self.store.update_status(
                    request_id, status, now, stamp=_STAMPS.get(action), recall=action == "recall"
                )
                event = self.store.add_event("help_request", self._event_data(row), now)
            self.broker.publish(event)
        log.info("help request %d: %s, now %s", request_id, action, status.value)
        return row

    def get(self, request_id: int) -> HelpRequestRow | None:
        """One request, or None."""
        return self.store.help_request(request_id)

    def find(self, statuses: Iterable[Status] | None, limit: int) -> list[HelpRequestRow]:
        """Requests in queue order, filtered by status when given."""
        return self.store.help_requests(statuses, limit)

    def public_view(self, rows: Sequence[HelpRequestRow]) -> list[HelpRequestOut]:
        """What a kiosk may see of ``rows`` (no first names, no needs), with positions and waits."""
        return [HelpRequestOut(**fields) for fields, _row in self._shared_fields(rows)]

    def advisor_view(self, rows: Sequence[HelpRequestRow]) -> list[HelpRequestForAdvisor]:
        """Everything an advisor sees of ``rows``, with positions and waits."""
        return [
            HelpRequestForAdvisor(
                **fields, first_name=row.first_name, needs=list(row.needs), recall_count=row.recall_count
            )
            for fields, row in self._shared_fields(rows)
        ]

    def _shared_fields(self, rows: Sequence[HelpRequestRow]) -> list[tuple[dict[str, Any], HelpRequestRow]]:
        rank = {request_id: i for i, request_id in enumerate(self.store.waiting_ids())}
        service = self.store.recent_service_minutes()
        shared = []
        for row in rows:
            ahead = rank.get(row.id) if row.status is Status.WAITING else None
            topic = topic_by_id(row.topic)
            fields = {
                "id": row.id,
                "ticket": row.ticket,
                "topic": row.topic,
                "topic_label": topic.label if topic else row.topic,
                "status": row.status.value,
                "position": None if ahead is None else ahead + 1,
                "ahead": ahead,
                "wait_minutes": estimate_wait(ahead or 0, service),
                "created_at": row.created_at,
                "called_at": row.called_at,
                "started_at": row.started_at,
                "finished_at": row.finished_at,
                "kiosk_id": row.kiosk_id,
            }
            shared.append((fields, row))
        return shared

    def _event_data(self, row: HelpRequestRow) -> str:
        return json.dumps(
            self.advisor_view([row])[0].model_dump(mode="json"),
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def purge_if_due(self, now: datetime) -> None:
        """Erase personal data past the retention time, at most once per `PURGE_EVERY`."""
        if self._last_purge is not None and now - self._last_purge < PURGE_EVERY:
            return
        self._last_purge = now
        keep = timedelta(days=self.config.hub.retention_days)
        anonymised, deleted = self.store.purge(
            personal_before=now - keep, events_before=now - max(keep, timedelta(hours=1))
        )
        if anonymised or deleted:
            log.info("purge: %d requests anonymised, %d events deleted", anonymised, deleted)
