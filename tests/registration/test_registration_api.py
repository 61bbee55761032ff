"""Workshop registration through the hub API: seats, the ordered waitlist, validation, promotion, privacy."""

from __future__ import annotations

from registration_agenda import FULL, MAILS


def _register(hub, headers, session_id=MAILS, **fields):
    body = {"session_id": session_id, "first_name": "Zoé", "phone": "06 12 34 56 78", **fields}
    return hub.client.post("/api/registrations", json=body, headers=headers)


def test_agenda_api_gives_offsets_kinds_and_seats(hub):
    headers = hub.add_kiosk()
    answer = hub.client.get("/api/agenda?from=2026-12-01&to=2026-12-31", headers=headers)
    assert answer.status_code == 200, answer.text
    sessions = answer.json()["sessions"]
    assert [(s["start"], s["kind"]) for s in sessions] == [
        ("2026-12-03T14:00:00+01:00", "atelier"),
        ("2026-12-04T16:00:00+01:00", "permanence"),
        ("2026-12-10T14:00:00+01:00", "atelier"),
        ("2026-12-11T16:00:00+01:00", "permanence"),
        ("2026-12-18T16:00:00+01:00", "permanence"),
    ]
    mails = sessions[0]
    assert (mails["title"], mails["place"], mails["seats_left"], mails["capacity"]) == (
        "Envoyer une pièce jointe",
        "Salle 2",
        2,
        8,
    )
    assert (mails["theme"], mails["level"], mails["registrable"]) == ("Mails", "débutant", True)
    assert sessions[1]["seats_left"] is None and not sessions[1]["registrable"]


def test_agenda_api_needs_a_kiosk_or_staff_and_sane_dates(hub):
    assert hub.client.get("/api/agenda").status_code == 401
    headers = hub.add_kiosk()
    assert hub.client.get("/api/agenda?from=2026-12-10&to=2026-12-01", headers=headers).status_code == 422
    assert hub.client.get("/api/agenda?from=2026-12-10&to=2028-12-01", headers=headers).status_code == 422
    assert hub.client.get("/api/agenda?from=demain", headers=headers).status_code == 422
    staff, _csrf = hub.advisor()
    assert staff.get("/api/agenda?from=2026-12-01&to=2026-12-05").status_code == 200


def test_seats_then_an_ordered_waitlist(hub):
    headers = hub.add_kiosk()
    answers = [
        _register(hub, headers, first_name=name).json() for name in ("Anne", "Bernard", "Chloé", "Denis")
    ]
    assert [(a["status"], a["position"]) for a in answers] == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert [a["session"]["seats_left"] for a in answers] == [1, 0, 0, 0]
    agenda = hub.client.get("/api/agenda?from=2026-12-03&to=2026-12-03", headers=headers).json()
    assert agenda["sessions"][0]["seats_left"] == 0
    # What the kiosk learns carries no personal data back.
    assert "phone" not in answers[0] and "first_name" not in answers[0]


def test_a_full_workshop_puts_the_first_person_on_the_waitlist(hub):
    headers = hub.add_kiosk()
    answer = _register(hub, headers, FULL, phone="", no_phone=True)
    assert answer.status_code == 201
    assert (answer.json()["status"], answer.json()["position"]) == ("waitlisted", 1)


def test_the_same_idempotency_key_registers_once(hub):
    headers = hub.add_kiosk()
    first = _register(hub, headers, idempotency_key="k-1")
    again = _register(hub, headers, idempotency_key="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert _register(hub, headers, first_name="Autre").json()["session"]["seats_left"] == 0


def test_bad_input_gets_a_clear_refusal(hub):
    headers = hub.add_kiosk()
    assert _register(hub, headers, phone="").status_code == 422  # neither phone nor « pas de téléphone »
    bad_phone = _register(hub, headers, phone="12 34")
    assert bad_phone.status_code == 422 and "10 chiffres" in bad_phone.text
    assert _register(hub, headers, first_name="\x1b\x1d").status_code == 422
    assert _register(hub, headers, "inconnu/20261203T130000Z").status_code == 404
    hub.clock.advance(days=6, hours=1)  # Thursday 3 December, 15:00: the workshop has started
    assert _register(hub, headers).status_code == 409
    staff, csrf = hub.advisor()
    assert (
        staff.post(
            "/api/registrations", json={"session_id": MAILS, "first_name": "A"}, headers=csrf
        ).status_code
        == 403
    )


def test_staff_see_registrants_cancel_promotes_and_no_show_rule(hub):
    headers = hub.add_kiosk()
    ids = [_register(hub, headers, first_name=n).json()["id"] for n in ("Anne", "Bernard")]
    waiting = _register(hub, headers, first_name="Chloé", phone="", no_phone=True).json()
    assert hub.client.get(f"/api/registrations?session_id={MAILS}", headers=headers).status_code == 403
    staff, csrf = hub.advisor("sophie", role="staff")
    people = staff.get(f"/api/registrations?session_id={MAILS}").json()
    assert [(p["first_name"], p["phone"], p["status"]) for p in people] == [
        ("Anne", "06 12 34 56 78", "confirmed"),
        ("Bernard", "06 12 34 56 78", "confirmed"),
        ("Chloé", "", "waitlisted"),
    ]
    advisor, _csrf = hub.advisor("karim")  # advisors do not call residents back: names, no numbers
    assert [
        (p["first_name"], p["phone"]) for p in advisor.get(f"/api/registrations?session_id={MAILS}").json()
    ] == [
        ("Anne", ""),
        ("Bernard", ""),
        ("Chloé", ""),
    ]
    cancelled = staff.post(f"/api/registrations/{ids[0]}/cancel", headers=csrf)
    assert cancelled.json()["status"] == "cancelled"
    promoted = [
        p for p in staff.get(f"/api/registrations?session_id={MAILS}").json() if p["id"] == waiting["id"]
    ]
    assert promoted[0]["status"] == "confirmed" and promoted[0]["promoted"] and not promoted[0]["notified"]
    # Three absences with the same phone: the next registration asks staff to call first.
    for _ in range(3):
        row = _register(hub, headers, FULL).json()
        staff.post(f"/api/registrations/{row['id']}/noshow", headers=csrf)
    assert staff.get(f"/api/registrations?session_id={MAILS}").json()[0]["must_confirm"] is True


def test_personal_data_is_erased_after_the_workshop(hub):
    headers = hub.add_kiosk()
    row = _register(hub, headers).json()
    regs = hub.app.state.hub.registrations
    hub.clock.advance(days=6, hours=8)  # Thursday evening: the workshop is over, the day is not
    assert regs.purge(hub.clock()) == 0
    hub.clock.advance(days=2)  # retention_days (1) after the workshop's day
    assert regs.purge(hub.clock()) == 1
    stored = regs.get(row["id"])
    assert (stored.first_name, stored.phone, stored.status) == ("", "", "confirmed")
    assert stored.phone_key  # the no-show rule still counts absences
