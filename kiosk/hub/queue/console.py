"""The queue console around the help desk: a site's status for kiosks (away, wait, cut-off), pause and
resume, the public display's data, and the CRA line an advisor confirms.

Thread-safety: safe from any thread (the store serializes writes; the agenda cache has its own lock).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from kiosk.domain.cra import Activity, CraError
from kiosk.domain.help_requests import Status
from kiosk.domain.queue_hours import away_sentence, drop_in_end, is_cut_off
from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.db.store import iso
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue.desk import HelpDesk
from kiosk.hub.queue.models import ActivityIn, ActivityOut, DisplayCall, DisplayOut, QueueStatus
from kiosk.i18n import _

log = logging.getLogger(__name__)

Sessions = Callable[[datetime], list[Any]]
AGENDA_CACHE = timedelta(minutes=5)
DISPLAY_RECENT = 5


def agenda_sessions(config: Any) -> Sessions:
    """Sessions running around ``now`` from the configured agenda (kiosk.content.agenda_source), cached 5 min.

    Never raises: a broken agenda means no known drop-in end (so no cut-off).
    """
    lock = threading.Lock()
    cache: dict[str, Any] = {"at": None, "sessions": []}

    def sessions(now: datetime) -> list[Any]:
        with lock:
            if cache["at"] is not None and abs(now - cache["at"]) < AGENDA_CACHE:
                return list(cache["sessions"])
        try:
            from kiosk.content.agenda_source import upcoming_sessions

            found = upcoming_sessions(config, now - timedelta(hours=12), days=1)
        except Exception:  # the agenda is an edge: never take the queue down with it
            log.exception("agenda unavailable for the cut-off")
            found = []
        with lock:
            cache["at"], cache["sessions"] = now, found
        return list(found)

    return sessions


def parse_local_time(text: str) -> time | None:
    """« 15:00 », « 15h30 » → time; "" or malformed → None."""
    text = text.strip().replace("h", ":")
    try:
        hour, minute = text.split(":")
        return time(int(hour), int(minute or 0))
    except ValueError:
        return None


class QueueConsole:
    """Site-level queue operations. One per hub."""

    def __init__(self, desk: HelpDesk, sessions: Sessions) -> None:
        self.desk = desk
        self.store = desk.store
        self.sessions = sessions

    def status(self, site_id: str) -> QueueStatus:
        """Whether a kiosk of ``site_id`` may issue a ticket now, and what to say."""
        now = self.desk.clock()
        site = cs.site(self.store, site_id)
        closing = parse_local_time(site.closing_time) if site and site.closing_time else None
        local = now.astimezone(self.desk.zone)
        ends = drop_in_end(local, self.sessions(now), place=site.place if site else "", closing=closing)
        waiting = self.desk.waiting_count(site_id)
        advisors = max(1, len(self.desk.advisors_on_duty(site_id, now)))
        wait = self.desk.wait_for(waiting, site_id, advisors=advisors)
        if waiting == 0:  # nobody ahead: still count the advisor's return
            delay, _until = self.desk.away_delay(site_id, now)
            wait = (delay, delay)
        state = cs.queue_state(self.store, site_id)
        away_until = (
            state.away_until if state.paused and state.away_until and state.away_until > now else None
        )
        paused = state.paused and (state.away_until is None or away_until is not None)
        cut = is_cut_off(now, ends, wait)
        message = ""
        if cut:
            message = _("Le conseiller ne pourra plus recevoir personne aujourd'hui.")
        return QueueStatus(
            site_id=site_id,
            site_name=self.desk.site_name(site_id),
            waiting=waiting,
            wait_minutes=wait,
            advisors=advisors,
            away=paused,
            away_until=iso(away_until) if away_until else None,
            away_message=away_sentence(away_until.astimezone(self.desk.zone) if away_until else None, paused),
            ends_at=iso(ends) if ends else None,
            accepting=not cut,
            message=message,
            closing_time=site.closing_time if site and site.closing_time else None,
        )

    def pause(self, site_id: str, until: str | None, actor: str) -> QueueStatus:
        """Pause a site's queue, until a local time today (« 15:00 ») when given."""
        now = self.desk.clock()
        back = None
        if until:
            moment = parse_local_time(until)
            if moment is not None:
                local = now.astimezone(self.desk.zone)
                back = local.replace(hour=moment.hour, minute=moment.minute, second=0, microsecond=0)
                if back <= local:
                    back += timedelta(days=1)
        cs.set_queue_state(self.store, site_id, paused=True, away_until=back, by=actor, now=now)
        admin_sql.audit(self.store, now, actor, "pause", site_id, until or "")
        status = self.status(site_id)
        self.desk.publish_queue_change(site_id, status.model_dump(mode="json"))
        return status

    def resume(self, site_id: str, actor: str) -> QueueStatus:
        """The advisor is back."""
        now = self.desk.clock()
        cs.set_queue_state(self.store, site_id, paused=False, away_until=None, by=actor, now=now)
        admin_sql.audit(self.store, now, actor, "resume", site_id)
        status = self.status(site_id)
        self.desk.publish_queue_change(site_id, status.model_dump(mode="json"))
        return status

    def display(self, site_id: str) -> DisplayOut:
        """Ticket numbers called now and the last calls of today at ``site_id``; never names."""
        now = self.desk.clock()
        today = self.desk.site_day(now)
        rows = [r for r in self.desk.find(None, 300, site_id) if r.day == today and r.called_at is not None]
        rows.sort(key=lambda r: r.called_at or "", reverse=True)
        current = [r for r in rows if r.status in (Status.CALLED, Status.IN_PROGRESS)]
        recent = [r for r in rows if r not in current][:DISPLAY_RECENT]
        status = self.status(site_id)

        def call(r: Any) -> DisplayCall:
            return DisplayCall(
                ticket=r.ticket, status=r.status.value, called_at=r.called_at, recall_count=r.recall_count
            )

        return DisplayOut(
            site_name=status.site_name,
            current=[call(r) for r in current],
            recent=[call(r) for r in recent],
            away_message=status.away_message,
            waiting=status.waiting,
        )

    def activity(self, request_id: int) -> ActivityOut | None:
        """The CRA line of a finished request, or None."""
        found = cs.activity_of_request(self.store, request_id)
        return _activity_out(found) if found else None

    def confirm(self, request_id: int, body: ActivityIn, actor: str) -> ActivityOut | None:
        """Save the advisor's CRA line. None when the request has none; raises CraError on bad values."""
        found = cs.activity_of_request(self.store, request_id)
        if found is None:
            return None
        activity = Activity(
            day=found.activity.day,
            duration_min=body.duration_min,
            theme=body.theme,
            place=found.activity.place,
            equipment=tuple(dict.fromkeys(body.equipment)),
            autonomy=body.autonomy,
            redirection=body.redirection,
            note=body.note.strip(),
            place_type=found.activity.place_type,
        ).checked()
        now = self.desk.clock()
        saved = cs.confirm_activity(self.store, request_id, activity, now)
        admin_sql.audit(self.store, now, actor, "cra", str(request_id))
        return _activity_out(saved) if saved else None


def _activity_out(row: cs.ActivityRow) -> ActivityOut:
    a = row.activity
    return ActivityOut(
        request_id=row.request_id or 0,
        day=a.day,
        duration_min=a.duration_min,
        theme=a.theme,
        place=a.place,
        place_type=a.place_type,
        equipment=list(a.equipment),
        autonomy=a.autonomy,
        redirection=a.redirection,
        note=a.note,
        advisor=row.advisor,
        confirmed=row.confirmed,
    )


__all__ = ["CraError", "QueueConsole", "agenda_sessions", "parse_local_time"]
