"""The help queue's behaviour: daily tickets, transitions with timestamps, redirects, bounded priority,
per-site positions and waits, the CRA draft on « Terminé », events, audit and purge."""

from __future__ import annotations

import json
import logging
import math
import threading
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from kiosk.config import Config
from kiosk.domain.cra import Activity, duration_minutes
from kiosk.domain.help_requests import (
    Status,
    clean_first_name,
    estimate_wait,
    format_ticket,
    next_status,
    service_pace,
    wait_at_pace,
)
from kiosk.domain.queue_hours import PRIORITY_JUMP, Waiting, queue_order
from kiosk.domain.topics import topic_by_id
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import DEFAULT_SITE, Store, parse_iso
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.queue.events import Broker
from kiosk.hub.queue.models import NEED_IDS, ActionIn, HelpRequestForAdvisor, HelpRequestIn, HelpRequestOut
from kiosk.hub.queue.sql import HelpRequestRow
from kiosk.hub.web.errors import NotFound
from kiosk.i18n import _

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
ON_DUTY_WINDOW = timedelta(minutes=30)  # an advisor who acted this recently is serving the site
KIOSK_ACTOR = "borne"


class UnknownTarget(ValueError):
    """A redirect names a site or advisor that does not exist."""


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
        self.zone = zoneinfo.ZoneInfo(config.site.timezone)
        self._write = threading.Lock()
        self._last_fields: tuple[HelpRequestRow, dict[str, Any]] | None = None

    def site_day(self, moment: datetime) -> str:
        """The site's local calendar day of ``moment`` (tickets restart at 1 each day), as YYYY-MM-DD."""
        return moment.astimezone(self.zone).date().isoformat()

    def site_name(self, site_id: str) -> str:
        """The site's display name (the configured [site] name for the main site)."""
        found = cs.site(self.store, site_id)
        return (found.name if found else "") or self.config.site.name

    def create(self, kiosk_id: str, body: HelpRequestIn) -> tuple[HelpRequestRow, bool]:
        """Queue a request from ``kiosk_id`` in the kiosk's site.

        Returns:
            (the request, True) when new; (the earlier request, False) when the kiosk already sent
            this idempotency key.
        """
        topic = topic_by_id(body.topic)
        assert topic is not None  # HelpRequestIn checked it
        needs = tuple(n for n in NEED_IDS if n in body.needs)
        now = self.clock()
        with self._write:
            with self.store.transaction():
                if body.idempotency_key is not None:
                    earlier = requests_sql.find_by_key(self.store, kiosk_id, body.idempotency_key)
                    if earlier is not None:
                        return earlier, False
                day = self.site_day(now)
                number = requests_sql.next_ticket_number(self.store, day, topic.prefix)
                row = requests_sql.insert_help_request(
                    self.store,
                    kiosk_id=kiosk_id,
                    idempotency_key=body.idempotency_key,
                    day=day,
                    ticket=format_ticket(topic.prefix, number),
                    topic=topic.id,
                    first_name=clean_first_name(body.first_name),
                    needs=needs,
                    now=now,
                    site_id=accounts_sql.kiosk_site(self.store, kiosk_id),
                    lesson_id=body.lesson_id,
                    step_id=body.step_id,
                )
                event = requests_sql.add_event(self.store, "help_request", self._event_data(row), now)
            self.broker.publish(event)
        log.info("help request %d created: ticket %s from kiosk %s", row.id, row.ticket, kiosk_id)
        return row, True

    def act(
        self, request_id: int, action: str, *, actor: str = "", body: ActionIn | None = None
    ) -> HelpRequestRow:
        """Apply ``action`` (call, recall, start, done, no-show, cancel, redirect) and stamp its time.

        ``actor`` is the account name (or `KIOSK_ACTOR`); it becomes the request's advisor on call and
        start, and goes to the audit log. A redirect may name a ``site`` and/or an ``advisor``: the
        request goes back to waiting there, keeping its arrival rank. « done » drafts the CRA line.

        Raises:
            NotFound: no such request.
            TransitionError: the action is impossible from the request's status.
            UnknownTarget: the redirect's site or advisor does not exist.
        """
        now = self.clock()
        with self._write:
            with self.store.transaction():
                row = requests_sql.help_request(self.store, request_id)
                if row is None:
                    raise NotFound(_("Demande introuvable."))
                status = next_status(row.status, action)
                changes = self._changes(row, action, actor, body)
                row = requests_sql.update_status(
                    self.store,
                    request_id,
                    status,
                    now,
                    stamp=_STAMPS.get(action),
                    recall=action == "recall",
                    redirect=action == "redirect",
                    changes=changes,
                )
                if action == "done":
                    self._draft_activity(row, actor, now)
                admin_sql.audit(self.store, now, actor or "?", action, row.ticket, _detail(changes))
                event = requests_sql.add_event(self.store, "help_request", self._event_data(row), now)
            self.broker.publish(event)
        log.info("help request %d: %s, now %s", request_id, action, status.value)
        return row

    def _changes(
        self, row: HelpRequestRow, action: str, actor: str, body: ActionIn | None
    ) -> dict[str, object]:
        if action in ("call", "start") and actor and actor != KIOSK_ACTOR:
            return {"advisor": actor}
        if action != "redirect":
            return {}
        changes: dict[str, object] = {"assigned_to": None}
        if body is not None and body.site:
            if cs.site(self.store, body.site) is None:
                raise UnknownTarget("site")
            changes["site_id"] = body.site
        if body is not None and body.advisor:
            if accounts_sql.user_by_name(self.store, body.advisor) is None:
                raise UnknownTarget("advisor")
            changes["assigned_to"] = body.advisor
        return changes

    def set_priority(self, request_id: int, priority: bool, actor: str) -> HelpRequestRow:
        """Mark a request as priority (or not). Raises NotFound when unknown."""
        now = self.clock()
        with self._write:
            with self.store.transaction():
                row = requests_sql.help_request(self.store, request_id)
                if row is None:
                    raise NotFound(_("Demande introuvable."))
                row = requests_sql.update_status(
                    self.store, request_id, row.status, now, changes={"priority": int(priority)}
                )
                admin_sql.audit(self.store, now, actor, "priority" if priority else "no-priority", row.ticket)
                event = requests_sql.add_event(self.store, "help_request", self._event_data(row), now)
            self.broker.publish(event)
        return row

    def _draft_activity(self, row: HelpRequestRow, actor: str, now: datetime) -> None:
        topic = topic_by_id(row.topic)
        begun = row.called_at or row.started_at or row.created_at
        activity = Activity(
            day=self.site_day(now),
            duration_min=duration_minutes((now - parse_iso(begun)).total_seconds()),
            theme=topic.cra_theme if topic else "diagnostic_numerique",
            place=self.site_name(row.site_id),
        )
        cs.add_activity(
            self.store,
            request_id=row.id,
            site_id=row.site_id,
            advisor=actor or row.advisor or "",
            activity=activity,
            now=now,
        )

    def get(self, request_id: int) -> HelpRequestRow | None:
        """One request, or None."""
        return requests_sql.help_request(self.store, request_id)

    def find(
        self, statuses: Iterable[Status] | None, limit: int, site_id: str | None = None
    ) -> list[HelpRequestRow]:
        """Requests in arrival order, filtered by status and site when given."""
        return requests_sql.help_requests(self.store, statuses, limit, site_id)

    def public_view(self, rows: Sequence[HelpRequestRow]) -> list[HelpRequestOut]:
        """What a kiosk may see of ``rows`` (no first names, no needs), with positions and waits."""
        return [HelpRequestOut(**fields) for fields, _row in self._shared_fields(rows)]

    def advisor_view(self, rows: Sequence[HelpRequestRow]) -> list[HelpRequestForAdvisor]:
        """Everything an advisor sees of ``rows``, with positions and waits."""
        return [
            HelpRequestForAdvisor(
                **fields,
                first_name=row.first_name,
                needs=list(row.needs),
                priority=row.priority,
                lesson_id=row.lesson_id,
                step_id=row.step_id,
                assigned_to=row.assigned_to,
                advisor=row.advisor,
                redirect_count=row.redirect_count,
            )
            for fields, row in self._shared_fields(rows)
        ]

    def ranks(self, rows: Sequence[HelpRequestRow]) -> dict[int, int]:
        """Waiting request id → people before it in its site's queue (bounded priority applied), for the
        waiting ``rows`` of a list view, the same as `ahead_of` gives each of them.

        Per site, it orders the stretch of the line from the first to the last listed request, plus its
        ``PRIORITY_JUMP`` neighbours on each side, and counts the earlier arrivals in SQL: a list of
        200 rows costs the same with 20 or 10,000 people waiting.
        """
        rank: dict[int, int] = {}
        by_site: dict[str, list[int]] = {}
        for row in rows:
            if row.status is Status.WAITING:
                by_site.setdefault(row.site_id, []).append(row.id)
        for site_id, ids in by_site.items():
            first, last = min(ids), max(ids)
            before, window = requests_sql.waiting_window(self.store, site_id, first, last, PRIORITY_JUMP)
            previous = sum(1 for rid, _p in window if rid < first)
            order = queue_order(Waiting(rid, p) for rid, p in window)
            rank.update({rid: before - previous + i for i, rid in enumerate(order) if first <= rid <= last})
        return rank

    def ahead_of(self, row: HelpRequestRow) -> int:
        """People before a waiting ``row`` in its site's queue, the same as `ranks` gives.

        Only the ``PRIORITY_JUMP`` neighbours on each side can change places with it (`queue_order`
        moves a priority request past at most that many), so this counts the earlier arrivals in SQL
        and orders that small window: the cost does not grow with the queue.
        """
        return self.ranks([row])[row.id]

    def waiting_count(self, site_id: str) -> int:
        """How many people wait at this site."""
        return requests_sql.waiting_count(self.store, site_id)

    def advisors_on_duty(self, site_id: str, now: datetime) -> list[str]:
        """Advisors serving ``site_id`` now: accounts of that site with a dashboard open (or reconnecting)
        or an action in the last `ON_DUTY_WINDOW`. A paused site counts through `away_delay` instead."""
        return cs.advisors_on_duty(self.store, site_id, now - ON_DUTY_WINDOW, self.broker.watchers())

    def away_delay(self, site_id: str, now: datetime) -> tuple[int, str | None]:
        """(minutes until the advisor is back, rounded up to 5; their return time as iso or None)."""
        state = cs.queue_state(self.store, site_id)
        if not state.paused or state.away_until is None or state.away_until <= now:
            return 0, None
        minutes = math.ceil((state.away_until - now).total_seconds() / 60 / 5) * 5
        return minutes, state.away_until.strftime("%Y-%m-%dT%H:%M:%SZ")

    def wait_for(
        self,
        ahead: int,
        site_id: str,
        service: Sequence[float] | None = None,
        advisors: int | None = None,
    ) -> tuple[int, int]:
        """The wait range for someone with ``ahead`` people before them at ``site_id``: `estimate_wait`
        shared by the advisors on duty (``advisors`` when the caller counted them already; at least one
        is assumed, so an empty dashboard never hides the wait), plus the advisor's return time."""
        now = self.clock()
        recent = requests_sql.recent_service_minutes(self.store) if service is None else service
        if advisors is None:
            advisors = len(self.advisors_on_duty(site_id, now))
        low, high = shared_wait(estimate_wait(ahead, recent), advisors)
        delay, _until = self.away_delay(site_id, now)
        return (low + delay, high + delay)

    def _shared_fields(self, rows: Sequence[HelpRequestRow]) -> list[tuple[dict[str, Any], HelpRequestRow]]:
        # A create or an action renders its row twice (the advisors' event, then the caller's answer):
        # the second time reuses the first's position and wait instead of running their queries again.
        last = self._last_fields
        if len(rows) == 1 and last is not None and last[0] is rows[0]:
            return [(last[1], rows[0])]
        shared = self._compute_fields(rows)
        if len(rows) == 1:
            self._last_fields = (rows[0], shared[0][0])
        return shared

    def _compute_fields(self, rows: Sequence[HelpRequestRow]) -> list[tuple[dict[str, Any], HelpRequestRow]]:
        rank = self.ranks(rows)
        pace = service_pace(requests_sql.recent_service_minutes(self.store))  # once for the list's rows
        now = self.clock()
        per_site: dict[str, tuple[int, str | None, int]] = {}
        shared = []
        for row in rows:
            ahead = rank.get(row.id) if row.status is Status.WAITING else None
            topic = topic_by_id(row.topic)
            if row.site_id not in per_site:
                delay, until = self.away_delay(row.site_id, now)
                advisors = len(self.advisors_on_duty(row.site_id, now))
                per_site[row.site_id] = (delay, until, advisors)
            delay, until, advisors = per_site[row.site_id]
            low, high = shared_wait(wait_at_pace(ahead or 0, pace), advisors)
            waiting = row.status is Status.WAITING
            fields = {
                "id": row.id,
                "ticket": row.ticket,
                "topic": row.topic,
                "topic_label": topic.label if topic else row.topic,
                "status": row.status.value,
                "position": None if ahead is None else ahead + 1,
                "ahead": ahead,
                "wait_minutes": (low + delay, high + delay) if waiting else (low, high),
                "created_at": row.created_at,
                "called_at": row.called_at,
                "started_at": row.started_at,
                "finished_at": row.finished_at,
                "kiosk_id": row.kiosk_id,
                "site_id": row.site_id,
                "away_until": until if waiting else None,
                "recall_count": row.recall_count,
            }
            shared.append((fields, row))
        return shared

    def _event_data(self, row: HelpRequestRow) -> str:
        # pydantic writes compact JSON, non-ASCII as is: the same text as json.dumps(model_dump(mode="json"),
        # ensure_ascii=False, separators=(",", ":")) in one pass
        return self.advisor_view([row])[0].model_dump_json()

    def publish_queue_change(self, site_id: str, data: dict[str, Any]) -> None:
        """Tell advisors that a site's queue state changed (pause, resume): ``event: queue``."""
        now = self.clock()
        with self._write:
            event = requests_sql.add_event(
                self.store, "queue", json.dumps({"site_id": site_id, **data}, ensure_ascii=False), now
            )
            self.broker.publish(event)

    def personal_data_limit(self, now: datetime) -> datetime:
        """Requests closed before this moment lose their first name and needs.

        ``retention_days`` = 1: at the end of the request's day (local midnight); N: N - 1 days later;
        0: as soon as the request is closed.
        """
        days = self.config.hub.retention_days
        if days == 0:
            return now + timedelta(seconds=1)  # stamps are to the second: include this one
        local = now.astimezone(self.zone)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=days - 1)

    def purge(self, now: datetime) -> int:
        """Erase first names and needs past the retention time and drop old events (the retention
        timer calls this). Returns how many requests and events were touched."""
        limit = self.personal_data_limit(now)
        anonymised, deleted = requests_sql.purge(
            self.store,
            personal_before=limit,
            events_before=min(limit, now - timedelta(hours=1)),
            open_before=min(limit, now - timedelta(days=1)),
        )
        if anonymised or deleted:
            log.info("purge: %d requests anonymised, %d events deleted", anonymised, deleted)
        return anonymised + deleted


def shared_wait(wait: tuple[int, int], advisors: int) -> tuple[int, int]:
    """A one-advisor wait range shared by ``advisors`` serving in parallel (2 advisors: about half).

    Keeps `estimate_wait`'s shape: multiples of 5, at least 5 minutes when someone is ahead, and a high
    end at least 5 above the low one; (0, 0) stays (0, 0).
    """
    low, high = wait
    if advisors <= 1 or high == 0:
        return wait
    low = int(low / advisors // 5 * 5)
    high = int(math.ceil(high / advisors / 5) * 5)
    low = max(low, 5)
    return (low, max(high, low + 5))


def _detail(changes: dict[str, object]) -> str:
    parts = [
        f"{key}={value}" for key, value in changes.items() if key in ("site_id", "assigned_to") and value
    ]
    return " ".join(parts)


__all__ = ["DEFAULT_SITE", "HelpDesk", "UnknownTarget", "shared_wait"]
