"""Agenda rules against hand-computed dates: every other Saturday across DST, moved and cancelled
occurrences, EXDATE, public holidays (with Moselle's) unless the agenda says otherwise, closure days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.config import AgendaConfig, Config
from kiosk.content.agenda_source import agenda_between, upcoming_sessions

PARIS = ZoneInfo("Europe/Paris")

HEAD = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//kiosk tests//FR\n"
SATURDAYS = """BEGIN:VEVENT
UID:samedi@test
DTSTART;TZID=Europe/Paris:20260307T100000
DTEND;TZID=Europe/Paris:20260307T120000
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA
SUMMARY:Permanence du samedi
CATEGORIES:Permanence
LOCATION:Maison de quartier
END:VEVENT
"""
FRIDAYS = """BEGIN:VEVENT
UID:vendredi@test
DTSTART;TZID=Europe/Paris:20260102T160000
DTEND;TZID=Europe/Paris:20260102T170000
RRULE:FREQ=WEEKLY;BYDAY=FR
EXDATE;TZID=Europe/Paris:20260417T160000
SUMMARY:Permanence numérique
LOCATION:Médiathèque
END:VEVENT
BEGIN:VEVENT
UID:vendredi@test
RECURRENCE-ID;TZID=Europe/Paris:20260410T160000
DTSTART;TZID=Europe/Paris:20260411T140000
DTEND;TZID=Europe/Paris:20260411T150000
SUMMARY:Permanence numérique (déplacée au samedi)
LOCATION:Médiathèque
END:VEVENT
BEGIN:VEVENT
UID:vendredi@test
RECURRENCE-ID;TZID=Europe/Paris:20260424T160000
DTSTART;TZID=Europe/Paris:20260424T160000
DTEND;TZID=Europe/Paris:20260424T170000
STATUS:CANCELLED
SUMMARY:Permanence numérique
END:VEVENT
"""


def _config(tmp_path, body: str) -> Config:
    path = tmp_path / "agenda.ics"
    path.write_text((HEAD + body + "END:VCALENDAR\n").replace("\n", "\r\n"), encoding="utf-8")
    return Config(agenda=AgendaConfig(source=str(path)))


def _days(sessions) -> list[str]:
    return [s.start.strftime("%a %d/%m %H:%M%z") for s in sessions]


def _between(config, first: date, last: date):
    start = datetime.combine(first, datetime.min.time(), PARIS)
    end = datetime.combine(last, datetime.max.time(), PARIS)
    return agenda_between(config, start, end).sessions


def test_every_other_saturday_across_the_spring_dst_change(tmp_path):
    # 7 March 2026 then every 14 days; summer time starts on Sunday 29 March (UTC+1 → UTC+2).
    sessions = _between(_config(tmp_path, SATURDAYS), date(2026, 3, 1), date(2026, 4, 30))
    assert _days(sessions) == [
        "Sat 07/03 10:00+0100",
        "Sat 21/03 10:00+0100",
        "Sat 04/04 10:00+0200",
        "Sat 18/04 10:00+0200",
    ]
    assert sessions[2].start.astimezone(UTC).hour == 8 and sessions[1].start.astimezone(UTC).hour == 9


def test_moved_cancelled_excluded_and_good_friday(tmp_path):
    # April 2026: Good Friday is 3 April (a Moselle holiday); the 10th moved to Saturday the 11th at 14 h;
    # the 17th is an EXDATE; the 24th is cancelled (STATUS:CANCELLED).
    sessions = _between(_config(tmp_path, FRIDAYS), date(2026, 3, 30), date(2026, 5, 3))
    assert _days(sessions) == ["Sat 11/04 14:00+0200"]
    assert sessions[0].title == "Permanence numérique (déplacée au samedi)"
    assert sessions[0].id == "vendredi@test/20260410T140000Z"  # keeps the original occurrence's id
    may = _between(_config(tmp_path, FRIDAYS), date(2026, 5, 1), date(2026, 5, 31))
    # 1 May (Fête du travail) is a holiday; 8 May (Victoire 1945) too; 15, 22, 29 take place.
    assert _days(may) == ["Fri 15/05 16:00+0200", "Fri 22/05 16:00+0200", "Fri 29/05 16:00+0200"]


def test_saint_etienne_closes_in_moselle_and_the_agenda_can_open_a_holiday(tmp_path):
    december = _between(_config(tmp_path, SATURDAYS), date(2026, 12, 1), date(2026, 12, 31))
    # The Saturdays of the series in December 2026: 12 and 26; the 26th is Saint-Étienne (Moselle).
    assert _days(december) == ["Sat 12/12 10:00+0100"]
    opened = SATURDAYS + (
        "BEGIN:VEVENT\nUID:open@test\nDTSTART;VALUE=DATE:20261226\nDTEND;VALUE=DATE:20261227\n"
        "SUMMARY:Ouverture exceptionnelle\nEND:VEVENT\n"
    )
    assert _days(_between(_config(tmp_path, opened), date(2026, 12, 1), date(2026, 12, 31))) == [
        "Sat 12/12 10:00+0100",
        "Sat 26/12 10:00+0100",
    ]


def test_a_one_off_event_on_a_holiday_takes_place(tmp_path):
    one_off = (
        "BEGIN:VEVENT\nUID:noel@test\nDTSTART;TZID=Europe/Paris:20261225T100000\n"
        "DTEND;TZID=Europe/Paris:20261225T110000\nSUMMARY:Atelier de Noël\nX-KIOSK-SEATS:6\nEND:VEVENT\n"
    )
    sessions = _between(_config(tmp_path, one_off), date(2026, 12, 24), date(2026, 12, 26))
    assert [(s.title, s.capacity, s.seats_left) for s in sessions] == [("Atelier de Noël", 6, 6)]


def test_a_closure_event_closes_every_session_of_its_days(tmp_path):
    closure = (
        FRIDAYS
        + SATURDAYS
        + (
            "BEGIN:VEVENT\nUID:travaux@test\nDTSTART;VALUE=DATE:20260612\nDTEND;VALUE=DATE:20260614\n"
            "SUMMARY:Médiathèque fermée (inventaire)\nEND:VEVENT\n"
        )
    )
    june = _between(_config(tmp_path, closure), date(2026, 6, 8), date(2026, 6, 21))
    # Friday 12 and Saturday 13 are closed; Friday 19 stays. (Saturdays of the series: 13 and 27 June.)
    assert _days(june) == ["Fri 19/06 16:00+0200"]


def test_autumn_dst_week_keeps_local_hours(tmp_path):
    sessions = _between(_config(tmp_path, FRIDAYS), date(2026, 10, 19), date(2026, 11, 1))
    assert _days(sessions) == ["Fri 23/10 16:00+0200", "Fri 30/10 16:00+0100"]
    assert sessions[1].start.astimezone(UTC) - sessions[0].start.astimezone(UTC) == timedelta(days=7, hours=1)


def test_upcoming_sessions_keeps_its_signature(tmp_path):
    config = _config(tmp_path, FRIDAYS)
    sessions = upcoming_sessions(config, datetime(2026, 6, 1, 9, tzinfo=PARIS), days=7)
    assert _days(sessions) == ["Fri 05/06 16:00+0200"]
