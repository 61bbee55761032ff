"""The statistics page's figures from SQL aggregates equal, number for number, what the former row-by-row
code computed on the same data; the CRA export is streamed and its free text never runs as a formula."""

from __future__ import annotations

import csv
import io
import math
import random
import statistics
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from statistics_before import request_times
from statistics_before import summarize as summarize_before

from kiosk.domain.cra import Activity
from kiosk.domain.help_requests import Status
from kiosk.hub.db.store import Store, iso
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue import sql as requests_sql
from kiosk.hub.stats.report import _minutes, _repeated_fsum, summarize
from kiosk.hub.stats.sql import period_counts

TOPICS = ("papiers", "emails", "appareil", "imprimer", "internet", "emploi", "autre", "retired-topic")
STATUSES = ("done", "done", "done", "no_show", "cancelled", "waiting", "called", "in_progress")


def _fill(store: Store, count: int, seed: int) -> None:
    """Requests over two years across DST changes: missing and backwards stamps, several sites."""
    chance = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(count):
        created = start + timedelta(seconds=chance.randrange(0, 2 * 365 * 86400))
        status = chance.choice(STATUSES)
        called = created + timedelta(seconds=chance.randrange(-300, 5400)) if chance.random() < 0.8 else None
        started = (
            (called or created) + timedelta(seconds=chance.randrange(0, 600))
            if chance.random() < 0.7
            else None
        )
        finished = (started or called or created) + timedelta(seconds=chance.randrange(-60, 4000))
        rows.append(
            (
                f"borne-{i % 3}",
                created.date().isoformat(),
                f"T{i}",
                chance.choice(TOPICS),
                status,
                iso(created),
                iso(called) if called else None,
                iso(started) if started else None,
                iso(finished) if status in ("done", "no_show", "cancelled") else None,
                chance.choice(("main", "main", "yutz", "thionville", "twin")),
            )
        )
    with store.transaction() as c:
        c.executemany(
            "INSERT INTO help_requests (kiosk_id, day, ticket, topic, status, created_at, called_at, "
            "started_at, finished_at, site_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"])
def test_sql_aggregates_equal_the_former_row_by_row_figures(tmp_path, zone):
    store = Store(tmp_path / "hub.sqlite3")
    try:
        _fill(store, 3000, seed=len(zone))
        chance = random.Random(1)
        for request_id in chance.sample(range(1, 3001), 300):  # stamps written later: the update trigger
            moment = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(seconds=chance.randrange(0, 10**7))
            status, stamp = chance.choice(
                [(Status.CALLED, "called_at"), (Status.DONE, "finished_at"), (Status.WAITING, None)]
            )
            requests_sql.update_status(store, request_id, status, moment, stamp=stamp)
        tz = zoneinfo.ZoneInfo(zone)
        names = {"main": "Médiathèque", "yutz": "Yutz", "twin": "Médiathèque"}  # two sites, one name
        periods = [("2025-01-01", "2026-12-31"), ("2025-03-29", "2025-04-02"), ("2025-10-20", "2025-11-10")]
        periods += [("2026-06-01", "2026-06-01"), ("2027-01-01", "2027-02-01")]  # one day, nothing
        for first, last in periods:
            for site_id in (None, "main", "thionville", "nowhere"):
                before = summarize_before(request_times(store, first, last, site_id), tz, names)
                after = summarize(period_counts(store, first, last, site_id), tz, names)
                assert after == before, (zone, first, last, site_id)
    finally:
        store.close()


def _activity_with(hub, note: str, place: str) -> None:
    made = hub.create(hub.add_kiosk(f"borne-{len(note)}-{len(place)}"))
    cs.add_activity(
        hub.store,
        request_id=made["id"],
        site_id="main",
        advisor="anne",
        activity=Activity(day="2026-11-27", duration_min=5, theme="email", place=place),
        now=hub.clock(),
    )
    done = Activity(day="2026-11-27", duration_min=5, theme="email", place=place, note=note)
    assert cs.confirm_activity(hub.store, made["id"], done, hub.clock()) is not None


def test_export_cells_that_look_like_formulas_stay_text(hub, advisor):
    client, _csrf = advisor
    attacks = ['=HYPERLINK("http://x";"clic")', "+33 6 12", "-2+3", "@SUM(A1)", "\tcaché", "\rretour"]
    for i, attack in enumerate(attacks):
        _activity_with(hub, attack, "Médiathèque" if i % 2 else attack)
    _activity_with(hub, "Aide à l'envoi d'un e-mail", "Médiathèque de Yutz")
    export = client.get("/statistics/activities.csv?start=2026-11-27&end=2026-11-27")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert "content-length" not in export.headers  # streamed
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, lines = rows[0], rows[1:]
    notes = [r[header.index("Notes supplémentaires")] for r in lines]
    places = [r[header.index("Lieu")] for r in lines]
    assert notes == ["'" + a for a in attacks] + ["Aide à l'envoi d'un e-mail"]
    assert places == ["'" + a if i % 2 == 0 else "Médiathèque" for i, a in enumerate(attacks)] + [
        "Médiathèque de Yutz"
    ]
    for cell in [*notes, *places]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert [r[header.index("Commune de résidence du bénéficiaire")] for r in lines] == ["-"] * len(lines)


def test_a_long_export_comes_in_batches(hub, advisor):
    client, _csrf = advisor
    with hub.store.transaction() as c:
        c.executemany(
            "INSERT INTO activities (site_id, advisor, day, duration_min, theme, place, created_at) "
            "VALUES ('main', 'anne', '2026-11-27', 5, 'email', 'Médiathèque', ?)",
            [(iso(hub.clock()),)] * 1203,
        )
    with client.stream("GET", "/statistics/activities.csv?start=2026-11-27&end=2026-11-27") as answer:
        chunks = list(answer.iter_raw())
    text = b"".join(chunks).decode("utf-8-sig")
    assert text.count("\r\n") == 1 + 1203
    assert len(chunks) >= 4  # header, then batches of 100: never the whole year in one piece
    page = client.get("/statistics?start=2026-11-27&end=2026-11-27").text
    assert "1203 lignes" in page


def test_the_mean_of_a_histogram_is_fsum_of_its_values_written_out_bit_for_bit():
    """The page's mean minutes come from (seconds, count) pairs without writing out a year's values; the
    sum must still be the one `statistics.fmean` gives (fsum of value × count, the obvious shortcut, is off by
    an ulp in one case in eight here)."""
    chance = random.Random(5)
    for _ in range(500):
        pairs = [
            (chance.randrange(0, 10 ** chance.randrange(1, 8)), chance.randrange(1, 500)) for _ in range(40)
        ]
        histogram = sorted((seconds / 60, count) for seconds, count in pairs)
        written_out = [minutes for minutes, count in histogram for _ in range(count)]
        assert _repeated_fsum(histogram) == math.fsum(written_out), histogram
        assert _minutes(pairs) == (statistics.median(written_out), statistics.fmean(written_out))
