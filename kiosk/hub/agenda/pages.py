"""The workshops page: upcoming (and last week's) workshops with their registrants, the call list, and the
attendance buttons. Server-rendered forms, no script: every POST carries the session's CSRF token."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kiosk.domain.agenda import french_slot
from kiosk.domain.registration import spaced_phone
from kiosk.hub.agenda.registrations import ACTIONS
from kiosk.hub.auth.deps import AdvisorForm, AdvisorPage, Hub
from kiosk.hub.auth.roles import sees_phones
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import RowId, see_other, staff_page
from kiosk.i18n import _

router = APIRouter(include_in_schema=False)
PAST_DAYS, AHEAD_DAYS = 7, 45


@router.get("/staff/ateliers")
def workshops(request: Request, hub: Hub, who: AdvisorPage) -> Response:
    """Upcoming (and last week's) workshops with their registrants, and who to tell about a free seat.
    Phone numbers only for staff and admins (`roles.sees_phones`)."""
    assert who.user is not None
    regs, now, phones = hub.registrations, hub.clock(), sees_phones(who.user)
    sessions = [s for s in regs.sessions(now - timedelta(days=PAST_DAYS), now + timedelta(days=AHEAD_DAYS))]
    cards, to_tell = [], []
    for session in sessions:
        if not session.registrable:
            continue
        people = []
        for row in regs.for_session(session.id):
            person = {
                "id": row.id,
                "first_name": row.first_name or _("(effacé)"),
                "phone": spaced_phone(row.phone) if row.phone and phones else "",
                "status": row.status,
                "position": row.position,
                "must_confirm": regs.must_confirm(row, now),
            }
            people.append(person)
            if (row.promoted and not row.notified and row.status == "confirmed") or (
                row.status == "waitlisted" and row.no_phone
            ):
                to_tell.append(
                    {
                        **person,
                        "promoted": row.promoted,
                        "session": session.title,
                        "when": french_slot(session),
                    }
                )
        cards.append(
            {
                "id": session.id,
                "title": session.title,
                "when": french_slot(session),
                "place": session.place,
                "level": session.level,
                "seats_left": session.seats_left,
                "past": session.start < now,
                "people": people,
            }
        )
    return staff_page(
        request, hub, who, "staff_workshops.html", {"cards": cards, "to_tell": to_tell, "page": "ateliers"}
    )


@router.post("/staff/inscriptions/{registration_id}/{action}")
def registration_action(
    hub: Hub,
    who: AdvisorForm,
    registration_id: RowId,
    action: str,
) -> Response:
    """A button of the workshops page (cancel, attended, noshow, notified)."""
    if action not in ACTIONS:
        raise NotFound(_("Action inconnue."))
    if hub.registrations.act(registration_id, action, hub.clock()) is None:
        raise NotFound(_("Inscription introuvable."))
    return see_other("/staff/ateliers")
