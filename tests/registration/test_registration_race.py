"""Two kiosks race for the last seat over real HTTP: exactly one gets it, the other heads the waitlist."""

from __future__ import annotations

import threading

import requests
from registration_agenda import MAILS


def test_two_kiosks_racing_for_the_last_seat(live):
    url, hub = live
    tokens = [hub.add_kiosk(f"borne-{n}") for n in range(1, 3)]
    first = requests.post(
        f"{url}/api/registrations",
        json={"session_id": MAILS, "first_name": "Anne", "no_phone": True},
        headers=tokens[0],
        timeout=5,
    )
    assert first.json()["session"]["seats_left"] == 1  # one seat left
    for round_ in range(3):  # the race, a few times over (each round frees the seat again)
        start = threading.Barrier(2)
        answers: list[dict] = []
        lock = threading.Lock()

        def register(headers, name, answers=answers, start=start, lock=lock):
            with requests.Session() as session:
                session.trust_env = False
                start.wait(5)
                answer = session.post(
                    f"{url}/api/registrations",
                    json={"session_id": MAILS, "first_name": name, "no_phone": True},
                    headers=headers,
                    timeout=10,
                )
            with lock:
                answers.append(answer.json())

        threads = [threading.Thread(target=register, args=(h, f"P{round_}{i}")) for i, h in enumerate(tokens)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(15)
        statuses = sorted((a["status"], a["position"]) for a in answers)
        assert statuses == [("confirmed", None), ("waitlisted", 1)], answers
        regs = hub.app.state.hub.registrations
        holders = [r for r in regs.for_session(MAILS) if r.status == "confirmed"]
        assert len(holders) == 2  # Anne and the winner: never more than the seats
        winner = next(r for r in holders if r.first_name != "Anne")
        loser = next(r for r in regs.for_session(MAILS) if r.status == "waitlisted")
        regs.act(winner.id, "cancel", hub.clock())  # promotes the loser, who takes the seat
        assert regs.get(loser.id).status == "confirmed"
        regs.act(loser.id, "cancel", hub.clock())
