"""The help flow without Kivy: what a help visit and a lesson's « Appeler le conseiller » do, effect by
effect, against the UI tests' fake hub (a HubPort)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.client.port import HubRefused, HubUnavailable, Queued, QueueStatus
from kiosk.flows import help_visit as flow
from kiosk.flows.help_visit import (
    Announce,
    GoHome,
    HelpAsk,
    HelpVisit,
    PrintTicket,
    RepeatCallLater,
    StartPolling,
    Visit,
)

sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))
import fakes  # noqa: E402

NOW = datetime(2026, 11, 26, 15, 30, tzinfo=ZoneInfo("Europe/Paris"))
CUT_OFF = QueueStatus(accepting=False, message="Le conseiller ne pourra plus recevoir personne avant 18 h.")
AWAY = QueueStatus(
    away=True, away_until=datetime(2026, 11, 26, 14, 45, tzinfo=UTC), away_message="Absent jusqu'à 15 h 45"
)


class KeepingHub(fakes.FakeHub):
    """The hub is away: the request goes to the outbox."""

    def request_help(self, topic, first_name="", needs=(), *, lesson_id=None, step_id=None):
        super().request_help(topic, first_name, needs, lesson_id=lesson_id, step_id=step_id)
        return Queued(idempotency_key="k1", topic=topic)


class SilentQueueHub(fakes.FakeHub):
    def queue_status(self) -> QueueStatus:
        raise HubUnavailable("no answer")


def visit_with_ticket(hub: fakes.FakeHub, **kwargs) -> tuple[HelpVisit, list]:
    visit = HelpVisit(poll_interval_s=3.0, called_home_s=90.0, **kwargs)
    assert visit.start()
    effects = visit.sent(flow.submit(hub, HelpAsk("papiers", "Zoé")), NOW)
    return visit, effects


def test_a_ticket_is_printed_and_polled():
    hub = fakes.FakeHub()
    visit, effects = visit_with_ticket(hub)
    assert visit.state == Visit.TICKET
    assert (visit.ticket, visit.request_id, visit.ahead, visit.wait_minutes) == ("P07", 7, 2, (10, 40))
    assert effects == [PrintTicket(), StartPolling(3.0)]
    assert hub.calls == [("papiers", "Zoé")]


def test_a_second_tap_while_sending_sends_nothing_more():
    visit = HelpVisit()
    assert visit.start()
    assert not visit.start()


def test_the_cut_off_issues_no_ticket():
    hub = fakes.FakeHub(queue=CUT_OFF)
    visit = HelpVisit()
    visit.start()
    outcome = flow.submit(hub, HelpAsk("papiers"))
    assert visit.sent(outcome, NOW) == []
    assert visit.state == Visit.CUTOFF
    assert visit.cut_off_message == CUT_OFF.message
    assert hub.calls == []  # the request never left


def test_away_is_shown_in_local_time():
    visit, _ = visit_with_ticket(fakes.FakeHub(queue=AWAY))
    assert visit.away_message == "Absent jusqu'à 15 h 45"
    assert visit.away_until == datetime(2026, 11, 26, 15, 45, tzinfo=ZoneInfo("Europe/Paris"))
    assert visit.away_until.utcoffset() == NOW.utcoffset()


def test_an_unreachable_hub_keeps_the_request():
    visit = HelpVisit()
    visit.start()
    assert visit.sent(flow.submit(KeepingHub(), HelpAsk("papiers")), NOW) == []
    assert visit.state == Visit.QUEUED


def test_no_queue_status_still_sends_the_request():
    hub = SilentQueueHub()
    visit, effects = visit_with_ticket(hub)
    assert visit.state == Visit.TICKET and hub.calls


def test_a_refusal_is_an_error():
    visit = HelpVisit()
    visit.start()
    visit.failed(HubRefused(422, "unknown topic"))
    assert visit.state == Visit.ERROR


def test_the_call_is_announced_then_repeated_once_unless_the_resident_came():
    hub = fakes.FakeHub()
    visit, _ = visit_with_ticket(hub, call_repeat_s=20.0)
    assert visit.poll_due() == 7
    assert visit.poll_due() is None  # one fetch at a time
    visit.polled(*flow.fetch(hub, 7), NOW)
    assert visit.state == Visit.TICKET
    hub.status = "called"
    visit.poll_due()
    assert visit.polled(*flow.fetch(hub, 7), NOW) == [Announce(), GoHome(90.0), RepeatCallLater(20.0)]
    assert visit.state == Visit.CALLED
    assert visit.repeat_due() == [Announce()]
    hub.status = "in_progress"
    visit.poll_due()
    assert visit.polled(*flow.fetch(hub, 7), NOW) == []
    assert visit.repeat_due() == []  # with the advisor now: not said again


def test_rappeler_announces_again():
    hub = fakes.FakeHub(status="called")
    visit, _ = visit_with_ticket(hub)
    visit.poll_due()
    visit.polled(*flow.fetch(hub, 7), NOW)
    hub.recall_count = 1
    visit.poll_due()
    assert visit.polled(*flow.fetch(hub, 7), NOW) == [Announce()]
    visit.poll_due()
    assert visit.polled(*flow.fetch(hub, 7), NOW) == []


@pytest.mark.parametrize("status", ["done", "no_show", "cancelled"])
def test_a_closed_request_goes_home(status):
    hub = fakes.FakeHub()
    visit, _ = visit_with_ticket(hub)
    hub.status = status
    visit.poll_due()
    assert visit.polled(*flow.fetch(hub, 7), NOW) == [GoHome()]


def test_cancelling_asks_first_and_survives_a_refusal():
    visit, _ = visit_with_ticket(fakes.FakeHub())
    assert visit.begin_cancel() is None  # not asked yet
    visit.ask_cancel()
    visit.keep()
    assert visit.state == Visit.TICKET
    visit.ask_cancel()
    assert visit.begin_cancel() == 7
    visit.cancel_failed(HubRefused(409, "already called"))
    assert visit.state == Visit.TICKET
    visit.ask_cancel()
    visit.begin_cancel()
    assert visit.cancelled() == [GoHome(flow.CANCELLED_HOME_S)]


def test_polling_stops_once_the_visit_is_over():
    visit, _ = visit_with_ticket(fakes.FakeHub())
    visit.reset()
    assert visit.poll_due() is None and visit.state == Visit.IDLE and visit.ticket == ""


# -- « Appeler le conseiller » from a lesson: the same flow, without printing or polling -----------------
def test_a_lesson_call_carries_the_lesson_and_step_and_is_not_printed():
    hub = fakes.FakeHub()
    visit = HelpVisit(follow=False)
    visit.start()
    ask = HelpAsk("emails", lesson_id="premier-mail", step_id="envoyer")
    assert visit.sent(flow.submit(hub, ask), NOW) == []
    assert (visit.state, visit.ticket) == (Visit.TICKET, "P07")
    assert hub.asks == [{"topic": "emails", "lesson_id": "premier-mail", "step_id": "envoyer"}]


def test_a_lesson_call_honours_the_cut_off():
    hub = fakes.FakeHub(queue=CUT_OFF)
    visit = HelpVisit(follow=False)
    visit.start()
    visit.sent(flow.submit(hub, HelpAsk("emails", lesson_id="premier-mail", step_id="envoyer")), NOW)
    assert visit.state == Visit.CUTOFF
    assert hub.asks == []


def test_a_lesson_call_shows_the_advisor_away():
    visit = HelpVisit(follow=False)
    visit.start()
    visit.sent(flow.submit(fakes.FakeHub(queue=AWAY), HelpAsk("emails", lesson_id="premier-mail")), NOW)
    assert (visit.state, visit.away_message) == (Visit.TICKET, "Absent jusqu'à 15 h 45")
