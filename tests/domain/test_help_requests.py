"""Help-request states, tickets, wait estimates and first-name cleaning."""

import pytest

from kiosk.domain.help_requests import (
    ACTIONS,
    Status,
    TransitionError,
    clean_first_name,
    estimate_wait,
    format_ticket,
    next_status,
)


def test_the_usual_path_call_start_done():
    status = Status.WAITING
    for action, expected in (
        ("call", Status.CALLED),
        ("recall", Status.CALLED),
        ("start", Status.IN_PROGRESS),
        ("done", Status.DONE),
    ):
        status = next_status(status, action)
        assert status is expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.DONE, "call"),
        (Status.DONE, "start"),
        (Status.WAITING, "done"),
        (Status.WAITING, "no-show"),
        (Status.WAITING, "recall"),
        (Status.IN_PROGRESS, "cancel"),
        (Status.NO_SHOW, "start"),
        (Status.CANCELLED, "call"),
    ],
)
def test_impossible_transitions_are_refused(status, action):
    with pytest.raises(TransitionError) as info:
        next_status(status, action)
    assert info.value.status is status


def test_every_action_of_the_contract_exists():
    assert set(ACTIONS) == {"call", "recall", "start", "done", "no-show", "cancel", "redirect"}


def test_a_no_show_only_after_a_call():
    assert next_status(Status.CALLED, "no-show") is Status.NO_SHOW


def test_redirect_puts_the_request_back_in_a_queue():
    assert next_status(Status.CALLED, "redirect") is Status.WAITING


def test_ticket_numbers_have_their_topic_letter_and_two_digits():
    assert format_ticket("P", 7) == "P07"
    assert format_ticket("E", 112) == "E112"


def test_nobody_ahead_means_no_wait():
    assert estimate_wait(0) == (0, 0)


def test_wait_without_history_is_10_to_20_minutes_a_person():
    assert estimate_wait(1) == (10, 20)
    assert estimate_wait(3) == (30, 60)


def test_wait_learns_from_recent_durations():
    quick = [5, 6, 5, 7, 6, 5, 6]
    low, high = estimate_wait(2, quick)
    assert (low, high) < (15, 25)
    assert high > low
    slow = [40, 45, 50, 42, 48]
    assert estimate_wait(2, slow)[0] >= 80


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Zoé", "Zoé"),
        ("  Jean-Pierre  ", "Jean-Pierre"),
        ("Ève\x1b@\x1dV", "Ève@V".replace("@", "")),
        ("Léa 😀🎉", "Léa"),
        ("Anne\tMarie", "Anne Marie"),
        ("O’Neil", "O’Neil"),
        ("Œdipe", "Œdipe"),
        ("", ""),
        (None, ""),
        ("x" * 100, "x" * 30),
    ],
)
def test_first_names_are_cleaned(raw, clean):
    assert clean_first_name(raw) == clean


def test_a_decomposed_accent_is_composed():
    assert clean_first_name("Zoe\u0301") == "Zoé"
