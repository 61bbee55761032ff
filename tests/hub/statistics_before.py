"""The statistics as the hub computed them before issue 14 (every row of the period read into Python),
kept as the reference the SQL aggregates must equal, and as the benchmark's « before »."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, tzinfo

from kiosk.domain.cra import THEMES
from kiosk.domain.topics import topic_by_id
from kiosk.hub.stats.report import Summary


def request_times(store, first_day: str, last_day: str, site_id: str | None = None) -> list[tuple]:
    """(site_id, topic, status, created_at, called_at, started_at, finished_at) of requests of those days."""
    sql = (
        "SELECT site_id, topic, status, created_at, called_at, started_at, finished_at "
        "FROM help_requests WHERE day BETWEEN ? AND ?"
    )
    params: list[object] = [first_day, last_day]
    if site_id is not None:
        sql += " AND site_id = ?"
        params.append(site_id)
    return [tuple(r) for r in store.rows(sql + " ORDER BY id", params)]


def _minutes(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60)


def summarize(rows: Iterable[tuple], zone: tzinfo, site_names: dict[str, str]) -> Summary:
    """The former `kiosk.hub.statistics.summarize`, unchanged."""
    themes: Counter[str] = Counter()
    days: Counter[str] = Counter()
    hours: Counter[int] = Counter()
    sites: Counter[str] = Counter()
    waits, services = [], []
    done = no_show = total = 0
    for site_id, topic_id, status, created, called, _started, finished in rows:
        total += 1
        topic = topic_by_id(topic_id)
        themes[THEMES.get(topic.cra_theme, topic_id) if topic else topic_id] += 1
        local = datetime.fromisoformat(created).astimezone(zone)
        days[local.strftime("%d/%m")] += 1
        hours[local.hour] += 1
        sites[site_names.get(site_id, site_id)] += 1
        wait = _minutes(created, called)
        if wait is not None:
            waits.append(wait)
        if status == "done":
            done += 1
            service = _minutes(called or _started, finished)
            if service is not None:
                services.append(service)
        elif status == "no_show":
            no_show += 1
    ordered_days = sorted(days.items(), key=lambda kv: kv[0][3:] + kv[0][:2])
    return Summary(
        total=total,
        by_theme=themes.most_common(),
        by_day=ordered_days,
        by_hour=[(f"{h} h", hours[h]) for h in range(min(hours, default=9), max(hours, default=18) + 1)],
        by_site=sites.most_common(),
        wait_median=statistics.median(waits) if waits else None,
        wait_mean=statistics.fmean(waits) if waits else None,
        service_median=statistics.median(services) if services else None,
        service_mean=statistics.fmean(services) if services else None,
        no_show_rate=no_show / (done + no_show) if done + no_show else None,
    )
