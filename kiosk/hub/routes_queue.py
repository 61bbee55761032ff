"""JSON API of the queue console: a site's status (away, wait, cut-off), pause and resume, the public
display feed, the priority flag, and the CRA line of a finished request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kiosk.domain.cra import CraError
from kiosk.hub import console_store as cs
from kiosk.hub.auth.deps import AdvisorCaller, AnyCaller, Hub, Public
from kiosk.hub.auth.roles import may_act_on_site
from kiosk.hub.auth.sessions import Caller
from kiosk.hub.models import (
    ActivityIn,
    ActivityOut,
    DisplayOut,
    HelpRequestForAdvisor,
    PauseIn,
    PriorityIn,
    Problem,
    QueueStatus,
    SiteIn,
)
from kiosk.hub.routes_api import RequestId
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import Forbidden, Invalid, NotFound
from kiosk.i18n import _

router = APIRouter(tags=["queue console"])
SiteQuery = Annotated[str | None, Query(max_length=40, description="a site id; default: the caller's site")]
_REFUSALS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "no or unknown credentials"},
    403: {"model": Problem, "description": "wrong kind of caller, or missing CSRF header"},
    404: {"model": Problem, "description": "unknown site or request"},
}


def site_for(hub: HubState, who: Caller, wanted: str | None) -> str:
    """The site a call is about: a kiosk's own; a user's choice, else their account's site. 404 if unknown."""
    if who.kiosk_id is not None:
        return hub.store.kiosk_site(who.kiosk_id)
    site_id = wanted or (who.user.site_id if who.user else None) or "main"
    if cs.site(hub.store, site_id) is None:
        raise NotFound(_("Ce site n'existe pas."))
    return site_id


def site_to_change(hub: HubState, who: Caller, wanted: str | None) -> str:
    """`site_for`, and 403 unless the caller may change that site's queue (`roles.may_act_on_site`)."""
    site_id = site_for(hub, who, wanted)
    if who.user is None or not may_act_on_site(who.user, site_id):
        raise Forbidden(_("Ce site n'est pas le vôtre."))
    return site_id


@router.get("/api/queue", responses=_REFUSALS)
def queue_status(hub: Hub, who: AnyCaller, site: SiteQuery = None) -> QueueStatus:
    """A site's queue (kiosk: its own site): people waiting, the wait for a new ticket, whether the
    advisor is away, and ``accepting: false`` when the wait runs past the end of the drop-in."""
    return hub.console.status(site_for(hub, who, site))


@router.post("/api/queue/pause", responses=_REFUSALS)
def pause_queue(hub: Hub, who: AdvisorCaller, body: PauseIn) -> QueueStatus:
    """« Absent jusqu'à 15 h »: kiosks and the display say so; tickets keep their place (own site)."""
    assert who.user is not None
    return hub.console.pause(site_to_change(hub, who, body.site), body.until, who.user.name)


@router.post("/api/queue/resume", responses=_REFUSALS)
def resume_queue(hub: Hub, who: AdvisorCaller, body: SiteIn) -> QueueStatus:
    """The advisor is back (own site)."""
    assert who.user is not None
    return hub.console.resume(site_to_change(hub, who, body.site), who.user.name)


@router.get("/api/display", responses={404: {"model": Problem}}, dependencies=[Public])
def display_feed(hub: Hub, site: Annotated[str, Query(max_length=40)] = "main") -> DisplayOut:
    """The public call display's data (no login): ticket numbers only, never names."""
    if cs.site(hub.store, site) is None:
        raise NotFound(_("Ce site n'existe pas."))
    return hub.console.display(site)


@router.post("/api/help-requests/{request_id}/priority", responses=_REFUSALS)
def set_priority(
    request_id: RequestId, hub: Hub, who: AdvisorCaller, body: PriorityIn
) -> HelpRequestForAdvisor:
    """Priority (seniors, disability…): the request passes at most 2 people, so nobody starves."""
    assert who.user is not None
    found = hub.desk.get(request_id)
    if found is None:
        raise NotFound(_("Demande introuvable."))
    if not may_act_on_site(who.user, found.site_id):
        raise Forbidden(_("Cette demande est dans la file d'un autre site."))
    row = hub.desk.set_priority(request_id, body.priority, who.user.name)
    return hub.desk.advisor_view([row])[0]


@router.get("/api/help-requests/{request_id}/activity", responses=_REFUSALS)
def get_activity(request_id: RequestId, hub: Hub, who: AdvisorCaller) -> ActivityOut:
    """The CRA draft made when the request was marked « Terminé »."""
    found = hub.console.activity(request_id)
    if found is None:
        raise NotFound(_("Pas de compte rendu pour cette demande."))
    return found


@router.put("/api/help-requests/{request_id}/activity", responses=_REFUSALS)
def confirm_activity(request_id: RequestId, hub: Hub, who: AdvisorCaller, body: ActivityIn) -> ActivityOut:
    """Save the CRA line as the advisor confirms it (La Coop's values; 422 for an unknown one)."""
    assert who.user is not None
    try:
        saved = hub.console.confirm(request_id, body, who.user.name)
    except CraError as exc:
        raise Invalid(str(exc), field=str(exc).split(":")[0]) from None
    if saved is None:
        raise NotFound(_("Pas de compte rendu pour cette demande."))
    return saved
