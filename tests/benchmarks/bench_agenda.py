"""Agenda benchmarks: a year of a busy .ics agenda expanded (weekly drop-ins, fortnightly Saturdays,
weekly workshops, moved and cancelled occurrences), cold (parse) and warm (parse cached)."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.config import AgendaConfig, Config
from kiosk.content.agenda_source import _parsed, agenda_between

PARIS = ZoneInfo("Europe/Paris")


def _calendar() -> str:
    events = [
        ("p@b", "20260102T160000", "20260102T170000", "FREQ=WEEKLY;BYDAY=FR", "Permanence"),
        (
            "s@b",
            "20260110T100000",
            "20260110T120000",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            "Permanence du samedi",
        ),
        ("a@b", "20260108T140000", "20260108T160000", "FREQ=WEEKLY;BYDAY=TH", "Atelier"),
        ("m@b", "20260105T093000", "20260105T120000", "FREQ=WEEKLY;BYDAY=MO,WE", "Rendez-vous"),
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//FR"]
    for uid, start, end, rule, title in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTART;TZID=Europe/Paris:{start}",
            f"DTEND;TZID=Europe/Paris:{end}",
            f"RRULE:{rule}",
            f"SUMMARY:{title}",
            "X-KIOSK-SEATS:8",
            "END:VEVENT",
        ]
    for week in range(0, 50, 3):  # some moved and cancelled occurrences
        day = datetime(2026, 1, 2, 16, tzinfo=PARIS) + timedelta(weeks=week)
        lines += [
            "BEGIN:VEVENT",
            "UID:p@b",
            f"RECURRENCE-ID;TZID=Europe/Paris:{day:%Y%m%dT%H%M%S}",
            f"DTSTART;TZID=Europe/Paris:{day + timedelta(hours=1):%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Paris:{day + timedelta(hours=2):%Y%m%dT%H%M%S}",
            "STATUS:CANCELLED" if week % 2 else "SUMMARY:Permanence déplacée",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"}."""
    folder = Path(tempfile.mkdtemp(prefix="bench-agenda-"))
    path = folder / "agenda.ics"
    path.write_text(_calendar(), encoding="utf-8")
    config = Config(agenda=AgendaConfig(source=str(path)))
    start = datetime(2026, 1, 1, tzinfo=PARIS)
    end = start + timedelta(days=365)
    cold, warm = [], []
    count = 0
    for _ in range(5):
        _parsed.clear()
        began = time.perf_counter()
        count = len(agenda_between(config, start, end).sessions)
        cold.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        agenda_between(config, start, end)
        warm.append((time.perf_counter() - began) * 1000)
    demo = Config()
    began = time.perf_counter()
    agenda_between(demo, start, end)
    demo_ms = (time.perf_counter() - began) * 1000
    return [
        {
            "name": "agenda: sessions in a year (.ics, 4 series)",
            "value": count,
            "unit": "sessions",
            "target": "",
        },
        {
            "name": "agenda: a year expanded, cold (parse), median of 5",
            "value": statistics.median(cold),
            "unit": "ms",
            "target": "< 1000",
        },
        {
            "name": "agenda: a year expanded, warm (parse cached), median of 5",
            "value": statistics.median(warm),
            "unit": "ms",
            "target": "< 500",
        },
        {"name": "agenda: a year of the demo agenda", "value": demo_ms, "unit": "ms", "target": "< 200"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.4g} {row['unit']} (target {row['target'] or '-'})")
