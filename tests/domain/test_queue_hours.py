"""Bounded priority, the drop-in's end and the cut-off, the CRA vocabulary of the topics."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from kiosk.domain.cra import THEMES, Activity, duration_minutes, export_row
from kiosk.domain.queue_hours import PRIORITY_JUMP, Waiting, drop_in_end, is_cut_off, queue_order
from kiosk.domain.topics import all_topics

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 27, 16, 30, tzinfo=PARIS)


def test_a_flood_of_priority_tickets_passes_each_person_at_most_twice():
    waiting = [Waiting(i, priority=i % 2 == 1 or i > 10) for i in range(1, 40)]
    order = queue_order(waiting)
    for normal in (w for w in waiting if not w.priority):
        passed = [w for w in waiting if w.id > normal.id and order.index(w.id) < order.index(normal.id)]
        assert len(passed) <= PRIORITY_JUMP
    assert queue_order([Waiting(1), Waiting(2), Waiting(3, True)]) == [3, 1, 2]
    assert queue_order([Waiting(1), Waiting(2), Waiting(3), Waiting(4, True)]) == [1, 4, 2, 3]


def test_the_drop_in_end_comes_from_the_agenda_or_the_closing_time():
    drop_in = SimpleNamespace(
        start=NOW.replace(hour=16, minute=0),
        end=NOW.replace(hour=17, minute=0),
        kind="permanence",
        place="Médiathèque",
    )
    workshop = SimpleNamespace(
        start=NOW - timedelta(hours=1), end=NOW + timedelta(hours=2), kind="atelier", place=""
    )
    assert drop_in_end(NOW, [drop_in, workshop]) == drop_in.end
    assert drop_in_end(NOW, [drop_in], place="terville") is None  # another site's drop-in
    assert drop_in_end(NOW, [], closing=time(18, 0)) == NOW.replace(hour=18, minute=0)
    assert drop_in_end(NOW, [drop_in], closing=time(16, 45)) == NOW.replace(hour=16, minute=45)
    assert drop_in_end(NOW, [], closing=time(12, 0)) == NOW.replace(hour=12, minute=0)  # closed already
    assert not is_cut_off(NOW, None, (60, 90))
    assert not is_cut_off(NOW, drop_in.end, (10, 20))  # 15 + 5 min < 30 min left
    assert is_cut_off(NOW, drop_in.end, (20, 40))


def test_every_topic_maps_to_one_coop_theme_and_exports_in_its_columns():
    assert all(t.cra_theme in THEMES for t in all_topics())
    assert duration_minutes(30) == 1 and duration_minutes(22 * 60) == 22 and duration_minutes(10**6) == 1439
    row = export_row(Activity(day="2026-11-27", duration_min=22, theme="email", place="Médiathèque"))
    assert row[0] == "27/11/2026" and row[6] == "22" and row[9] == "E-mail" and row[13] == "Non"
