"""The demo agenda (hand-checked dates, holidays, DST), .ics files, and sessions said in French."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import AgendaConfig, Config, SiteConfig
from kiosk.content.agenda_source import MAIN_PLACE, SATURDAY_PLACE, WORKSHOPS, upcoming_sessions
from kiosk.domain.agenda import Session, french_slot

PARIS = ZoneInfo("Europe/Paris")
DEMO = Config()


def _slots(sessions):
    return [(s.start.strftime("%a %Y-%m-%d %H:%M"), s.end.strftime("%H:%M"), s.kind) for s in sessions]


def test_demo_week_of_christmas_2026_skips_the_holidays():
    # Saturday 12 December has a permanence, so the 26th, two weeks later, would have one too.
    assert date(2026, 12, 12) in {s.start.date() for s in upcoming_sessions(DEMO, datetime(2026, 12, 7))}
    now = datetime(2026, 12, 20, 9, 0, tzinfo=PARIS)  # a Sunday
    sessions = upcoming_sessions(DEMO, now, days=14)
    # Thu 24: workshop. Fri 25 (Noël) and Sat 26 (Saint-Étienne, Moselle) have none, though the 26th is a
    # permanence Saturday. Thu 31, Fri 1 January (holiday), Sat 2 January (not a permanence week).
    assert _slots(sessions) == [
        ("Thu 2026-12-24 14:00", "16:00", "atelier"),
        ("Thu 2026-12-31 14:00", "16:00", "atelier"),
    ]
    later = upcoming_sessions(DEMO, datetime(2026, 12, 5, 0, 0, tzinfo=PARIS), days=14)
    assert _slots(later) == [
        ("Thu 2026-12-10 14:00", "16:00", "atelier"),
        ("Fri 2026-12-11 16:00", "17:00", "permanence"),
        ("Sat 2026-12-12 10:00", "12:00", "permanence"),
        ("Thu 2026-12-17 14:00", "16:00", "atelier"),
        ("Fri 2026-12-18 16:00", "17:00", "permanence"),
    ]  # Saturday 5 December is not a permanence week; the window ends on the 19th at midnight
    assert [s.place for s in later] == [MAIN_PLACE, MAIN_PLACE, SATURDAY_PLACE, MAIN_PLACE, MAIN_PLACE]


def test_demo_saturdays_alternate_and_workshops_rotate():
    sessions = upcoming_sessions(DEMO, datetime(2027, 1, 4, tzinfo=PARIS), days=42)
    saturdays = [s.start.date() for s in sessions if s.start.weekday() == 5]
    assert saturdays == [date(2027, 1, 9), date(2027, 1, 23), date(2027, 2, 6)]
    workshops = [s for s in sessions if s.kind == "atelier"]
    assert len(workshops) == 6
    assert {s.title for s in workshops[:3]} == set(WORKSHOPS)
    assert [s.title for s in workshops[:3]] == [s.title for s in workshops[3:]]
    assert all(0 <= s.seats_left <= 8 for s in workshops)
    assert all(s.seats_left is None for s in sessions if s.kind == "permanence")


def test_good_friday_is_a_holiday_in_moselle():
    sessions = upcoming_sessions(DEMO, datetime(2027, 3, 22, tzinfo=PARIS), days=14)
    fridays = [s.start.date() for s in sessions if s.start.weekday() == 4]
    # Easter 2027 is on 28 March: Good Friday, 26 March, is closed; the next Friday is open.
    assert date(2027, 3, 26) not in fridays and date(2027, 4, 2) in fridays


def test_dst_change_keeps_local_hours():
    # Summer time ends on Sunday 25 October 2026: Fridays on both sides stay at 16:00 local.
    sessions = upcoming_sessions(DEMO, datetime(2026, 10, 19, tzinfo=PARIS), days=14)
    fridays = [s for s in sessions if s.kind == "permanence" and s.start.weekday() == 4]
    assert [(f.start.hour, f.end.hour) for f in fridays] == [(16, 17), (16, 17)]
    assert [f.start.utcoffset() for f in fridays] == [timedelta(hours=2), timedelta(hours=1)]
    elapsed = fridays[1].start.astimezone(UTC) - fridays[0].start.astimezone(UTC)
    assert elapsed == timedelta(days=7, hours=1)


def test_only_future_sessions_sorted():
    now = datetime(2026, 12, 11, 16, 30, tzinfo=PARIS)  # during Friday's permanence
    sessions = upcoming_sessions(DEMO, now, days=60)
    assert sessions and all(s.start >= now for s in sessions)
    assert sessions == sorted(sessions, key=lambda s: s.start)
    assert sessions[0].start.date() == date(2026, 12, 12)
    assert max(s.start for s in sessions) <= now + timedelta(days=60)


def test_naive_now_is_local_time():
    naive = upcoming_sessions(DEMO, datetime(2026, 12, 11, 15, 0), days=1)
    assert _slots(naive) == [
        ("Fri 2026-12-11 16:00", "17:00", "permanence"),
        ("Sat 2026-12-12 10:00", "12:00", "permanence"),
    ]


ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//kiosk tests//FR
BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:perm-1@test
DTSTART;TZID=Europe/Paris:20261106T160000
DTEND;TZID=Europe/Paris:20261106T170000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Europe/Paris:20261113T160000
SUMMARY:Aide numérique sans rendez-vous
CATEGORIES:Permanence
LOCATION:Médiathèque de la Côte des Roses
END:VEVENT
BEGIN:VEVENT
UID:atelier-1@test
DTSTART:20261119T130000Z
DURATION:PT2H
SUMMARY:Atelier : la sécurité sur Internet
LOCATION:Salle 2
X-KIOSK-SEATS-LEFT:3
END:VEVENT
BEGIN:VEVENT
UID:rdv-1@test
DTSTART;TZID=Europe/Paris:20261110T100000
DTEND;TZID=Europe/Paris:20261110T103000
SUMMARY:RDV individuel
END:VEVENT
BEGIN:VEVENT
UID:closed@test
DTSTART;VALUE=DATE:20261111
SUMMARY:Fermé (11 novembre)
END:VEVENT
END:VCALENDAR
"""


def _ics_config(tmp_path, text: str = ICS) -> Config:
    path = tmp_path / "agenda.ics"
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return Config(agenda=AgendaConfig(source=str(path)))


def test_ics_file_with_rrule_and_exdate(tmp_path):
    sessions = upcoming_sessions(_ics_config(tmp_path), datetime(2026, 11, 1, tzinfo=PARIS), days=60)
    assert _slots(sessions) == [
        ("Fri 2026-11-06 16:00", "17:00", "permanence"),
        ("Tue 2026-11-10 10:00", "10:30", "rendez-vous"),
        ("Thu 2026-11-19 14:00", "16:00", "atelier"),
        ("Fri 2026-11-20 16:00", "17:00", "permanence"),
        ("Fri 2026-11-27 16:00", "17:00", "permanence"),
    ]  # the 13th is an EXDATE; the all-day closure is not a session
    assert all(s.start.tzinfo == PARIS for s in sessions)
    atelier = sessions[2]
    assert (atelier.title, atelier.place, atelier.seats_left) == (
        "Atelier : la sécurité sur Internet",
        "Salle 2",
        3,
    )
    assert sessions[0].place == "Médiathèque de la Côte des Roses"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), ("BEGIN:VCALENDAR\r\nthis is not\r\n", "not a valid iCalendar file")],
)
def test_a_broken_ics_source_gives_an_empty_agenda_and_one_log_line(tmp_path, caplog, content, message):
    config = _ics_config(tmp_path)
    if content is None:
        (tmp_path / "agenda.ics").unlink()
    else:
        (tmp_path / "agenda.ics").write_text(content, encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="kiosk.content.agenda_source"):
        assert upcoming_sessions(config, datetime(2026, 11, 1, tzinfo=PARIS)) == []
    assert len(caplog.records) == 1 and message in caplog.records[0].getMessage()


def test_the_site_timezone_is_used():
    config = Config(site=SiteConfig(timezone="America/Cayenne"))
    friday = upcoming_sessions(config, datetime(2026, 12, 11, tzinfo=ZoneInfo("America/Cayenne")), days=1)[0]
    assert (friday.start.hour, friday.start.utcoffset()) == (16, timedelta(hours=-3))


def test_french_slot():
    session = Session(
        datetime(2026, 12, 4, 16, tzinfo=PARIS),
        datetime(2026, 12, 4, 17, tzinfo=PARIS),
        "permanence",
        "P",
        "M",
    )
    assert french_slot(session) == "vendredi 4 décembre, de 16 h à 17 h"
    first = Session(
        datetime(2027, 4, 1, 14, 30, tzinfo=PARIS),
        datetime(2027, 4, 1, 16, tzinfo=PARIS),
        "atelier",
        "A",
        "M",
        8,
    )
    assert french_slot(first) == "jeudi 1er avril, de 14 h 30 à 16 h"
    two_days = Session(
        datetime(2026, 12, 4, 16, tzinfo=PARIS), datetime(2026, 12, 5, 12, tzinfo=PARIS), "atelier", "A", "M"
    )
    assert french_slot(two_days) == "du vendredi 4 décembre, 16 h, au samedi 5 décembre, 12 h"


def test_a_session_checks_its_times():
    start = datetime(2026, 12, 4, 16, tzinfo=PARIS)
    with pytest.raises(ValueError, match="before it starts"):
        Session(start, start, "permanence", "P", "M")
    with pytest.raises(ValueError, match="timezone-aware"):
        Session(start.replace(tzinfo=None), start.replace(tzinfo=None, hour=17), "permanence", "P", "M")
