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
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape

from kiosk.domain.cra import EXPORT_COLUMNS, THEMES, Activity, export_row
from kiosk.domain.topics import topic_by_id
from kiosk.hub.stats.sql import PeriodCounts
from kiosk.hub.stats.svg_text import text_width, wrap

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


def _median(histogram: Sequence[tuple[float, int]], total: int) -> float:
    """`statistics.median` of the values a sorted (value, count) histogram stands for."""
    middle = [(total - 1) // 2, total // 2]  # the one or two middle positions, 0-based
    found: list[float] = []
    seen = 0
    for value, count in histogram:
        while len(found) < 2 and middle[len(found)] < seen + count:
            found.append(value)
        seen += count
    return found[0] if total % 2 else (found[0] + found[1]) / 2


def _minutes(seconds: Iterable[tuple[int, int]]) -> tuple[float | None, float | None]:
    """(median, mean) in minutes of a (seconds, count) histogram, equal to `statistics.median` and
    `statistics.fmean` of the expanded values, bit for bit."""
    histogram = sorted((s / 60, n) for s, n in seconds)
    total = sum(n for _m, n in histogram)
    if not total:
        return None, None
    return _median(histogram, total), _repeated_fsum(histogram) / total


def _repeated_fsum(histogram: Sequence[tuple[float, int]]) -> float:
    """`math.fsum` of each value repeated its count times, without writing out the ~100,000 values of a
    year (5 ms): a float is an integer over a power of two, so their exact sum is one integer over the
    largest of those powers, and an integer division rounds correctly, as fsum does."""
    ratios = [(value.as_integer_ratio(), count) for value, count in histogram]
    scale = max(below for (_above, below), _count in ratios)
    return sum(above * (scale // below) * count for (above, below), count in ratios) / scale


def _first_seen(items: Iterable[tuple[str, int, int]]) -> list[tuple[str, int]]:
    """(label, count) summed per label, most common first, ties in the order their first request came:
    what a `Counter` fed row by row in arrival order gives with `most_common()`."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for label, first_id, count in items:
        counts[label] = counts.get(label, 0) + count
        first[label] = min(first.get(label, first_id), first_id)
    arrival = sorted(counts, key=first.__getitem__)
    return Counter({label: counts[label] for label in arrival}).most_common()


def summarize(counts: PeriodCounts, zone: tzinfo, site_names: dict[str, str]) -> Summary:
    """What the statistics page shows of a period's aggregated requests.

    Args:
        counts: `statistics_store.period_counts` of the period.
        zone: the site's time zone (days and hours are local).
        site_names: site id → name.
    """
    themes = []
    for topic_id, first_id, count in counts.topics:  # each topic looked up once, not once per request
        topic = topic_by_id(topic_id)
        themes.append((THEMES.get(topic.cra_theme, topic_id) if topic else topic_id, first_id, count))
    # Every real time zone's offset, and each change of it, falls on a quarter-hour: all the requests of
    # one UTC quarter-hour share their local day and hour. Plain dicts and a (month, day) key: a year has
    # ~15,000 quarter-hours with requests, and a label and Counter per quarter took 15 of this loop's 26 ms.
    days: dict[tuple[int, int], int] = {}
    hours: dict[int, int] = {}
    local_time = datetime.fromtimestamp
    for quarter, count in counts.quarters:
        local = local_time(quarter * 900, zone)
        day = (local.month, local.day)
        days[day] = days.get(day, 0) + count
        hours[local.hour] = hours.get(local.hour, 0) + count
    wait_median, wait_mean = _minutes(counts.waits)
    service_median, service_mean = _minutes(counts.services)
    done, no_show = counts.statuses.get("done", 0), counts.statuses.get("no_show", 0)
    return Summary(
        total=sum(counts.statuses.values()),
        by_theme=_first_seen(themes),
        by_day=[(f"{d:02d}/{m:02d}", n) for (m, d), n in sorted(days.items())],  # strftime("%d/%m")
        by_hour=[
            (f"{h} h", hours.get(h, 0)) for h in range(min(hours, default=9), max(hours, default=18) + 1)
        ],
        by_site=_first_seen((site_names.get(s, s), first, n) for s, first, n in counts.sites),
        wait_median=wait_median,
        wait_mean=wait_mean,
        service_median=service_median,
        service_mean=service_mean,
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


# A cell starting with one of these is read as a formula by spreadsheets (OWASP « CSV injection »).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(cell: str) -> str:
    """A free-text cell that a spreadsheet shows as text, never runs: a leading ' when it starts like a
    formula (« =HYPERLINK(…) », « +33… », « -2 »); other text unchanged."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _csv_lines(rows: Iterable[Sequence[str]]) -> str:
    """CSV lines: ``;`` separated, quoted where needed, CRLF."""
    out = io.StringIO()
    csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return out.getvalue()


def activity_cells(activity: Activity) -> list[str]:
    """La Coop's « Activités » columns of one CRA line, its free text (place, note) neutralised."""
    cells = export_row(activity)
    place, note = EXPORT_COLUMNS.index("Lieu"), EXPORT_COLUMNS.index("Notes supplémentaires")
    cells[place], cells[note] = spreadsheet_text(cells[place]), spreadsheet_text(cells[note])
    return cells


def activities_csv_chunks(batches: Iterable[Sequence[Activity]]) -> Iterator[bytes]:
    """The export as UTF-8 chunks (BOM and header first, then one chunk per batch of activities), so a
    year of lines is sent without ever being held in memory at once."""
    yield (BOM + _csv_lines([EXPORT_COLUMNS])).encode("utf-8")
    for batch in batches:
        yield _csv_lines(activity_cells(a) for a in batch).encode("utf-8")
