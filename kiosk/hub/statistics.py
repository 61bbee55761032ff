"""Anonymous statistics of the help queue (by theme, day, hour, site; waits, service times, no-shows),
their charts as server-drawn SVG, and the CRA activities as a spreadsheet-ready CSV.

SVG is written by hand (bars and text, escaped) so the page needs no JavaScript library and no CDN. The
CSV is UTF-8 with a BOM and ``;`` separators: what French LibreOffice and Excel open directly with
accents right and one value a column. Pure functions, thread-safe.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape

from kiosk.domain.cra import EXPORT_COLUMNS, THEMES, Activity, export_row
from kiosk.domain.topics import topic_by_id
from kiosk.hub.svg_text import text_width, wrap

CSV_DELIMITER = ";"
LABEL_MAX = (
    300  # the widest label column of a bar chart (SVG units of a 640-wide picture); longer labels wrap
)
BAR_MIN = 250  # the room always left for the bars and their numbers
BOM = "\ufeff"


@dataclass(frozen=True)
class Summary:
    """What the statistics page shows. Minutes are None when nothing was measured."""

    total: int
    by_theme: list[tuple[str, int]]
    by_day: list[tuple[str, int]]
    by_hour: list[tuple[str, int]]
    by_site: list[tuple[str, int]]
    wait_median: float | None
    wait_mean: float | None
    service_median: float | None
    service_mean: float | None
    no_show_rate: float | None  # no-shows / (done + no-shows)


def _minutes(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return max(0.0, (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60)


def summarize(
    rows: Iterable[tuple[str, str, str, str, str | None, str | None, str | None]],
    zone: tzinfo,
    site_names: dict[str, str],
) -> Summary:
    """Counts and durations of help requests.

    Args:
        rows: (site_id, topic, status, created_at, called_at, started_at, finished_at), as stored.
        zone: the site's time zone (days and hours are local).
        site_names: site id → name.
    """
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


def bar_chart(title: str, items: Sequence[tuple[str, int]], *, label_width: int = 230) -> str:
    """A horizontal bar chart as an SVG element (escaped text, a <title> for screen readers).

    Labels are drawn whole: the label column grows to the longest label (up to ``LABEL_MAX``), longer ones
    wrap at word boundaries onto more lines, and the picture widens when a single word needs it.
    """
    font, line = 17, 21
    longest = max((text_width(label, font) for label, _v in items), default=0.0)
    column = max(float(label_width), min(longest, LABEL_MAX))
    column = max([column] + [text_width(w, font) for label, _v in items for w in label.split()])
    left = 8 + math.ceil(column) + 8  # labels end 8 units before the bars; 8 units of margin on the left
    width = max(640, left + BAR_MIN + 60)
    room = width - left - 60
    top = max((v for _label, v in items), default=0) or 1
    rows = [(wrap(label, column, font), value) for label, value in items]
    height = sum(max(34, len(lines) * line + 10) for lines, _v in rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    y = 5
    for lines, value in rows:
        row = max(34, len(lines) * line + 10)
        middle = y + row / 2
        bar = max(round(room * value / top), 2)
        first = middle + 6 - (len(lines) - 1) * line / 2  # baseline of the first line
        spans = "".join(
            f'<tspan x="{left - 8:g}" y="{first + n * line:g}">{escape(text)}</tspan>'
            for n, text in enumerate(lines)
        )
        parts.append(
            f'<text class="label" text-anchor="end" font-size="{font}" fill="#111">{spans}</text>'
            f'<rect x="{left:g}" y="{middle - 12:g}" width="{bar}" height="24" fill="#0b4a8b"/>'
            f'<text x="{left + bar + 8:g}" y="{middle + 6:g}" font-size="{font}" fill="#111">{value}</text>'
        )
        y += row
    if not items:
        parts.append('<text x="10" y="25" font-size="17" fill="#3d3d3d">—</text>')
    parts.append("</svg>")
    return "".join(parts)


def activities_csv(activities: Sequence[Activity]) -> bytes:
    """La Coop's « Activités » columns, one row per CRA line: UTF-8 with BOM, ``;`` separated, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(EXPORT_COLUMNS)
    for activity in activities:
        writer.writerow(export_row(activity))
    return (BOM + out.getvalue()).encode("utf-8")
