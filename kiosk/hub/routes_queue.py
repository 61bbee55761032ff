"""JSON API of the queue console: a site's status (away, wait, cut-off), pause and resume, the public
display feed, the priority flag, and the CRA line of a finished request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status

from kiosk.domain.cra import CraError
from kiosk.hub import console_store as cs
from kiosk.hub.auth import Caller
from kiosk.hub.auth_deps import advisor, caller
from kiosk.hub.console import QueueConsole
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
from kiosk.hub.state import HubState, hub_state
from kiosk.i18n import _

router = APIRouter(tags=["queue console"])
Hub = Annotated[HubState, Depends(hub_state)]
SiteQuery = Annotated[str | None, Query(max_length=40, description="a site id; default: the caller's site")]
_REFUSALS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "no or unknown credentials"},
    403: {"model": Problem, "description": "wrong kind of caller, or missing CSRF header"},
    404: {"model": Problem, "description": "unknown site or request"},
}


def console_of(hub: HubState) -> QueueConsole:
    """The hub's queue console (set by create_app)."""
    assert hub.console is not None
    return hub.console


def site_for(hub: HubState, who: Caller, wanted: str | None) -> str:
    """The site a call is about: a kiosk's own; a user's choice, else their account's site. 404 if unknown."""
    if who.kiosk_id is not None:
        return hub.store.kiosk_site(who.kiosk_id)
    site_id = wanted or (who.user.site_id if who.user else None) or "main"
    if cs.site(hub.store, site_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Ce site n'existe pas."))
    return site_id


@router.get("/api/queue", responses=_REFUSALS)
def queue_status(hub: Hub, who: Annotated[Caller, Depends(caller)], site: SiteQuery = None) -> QueueStatus:
    """A site's queue (kiosk: its own site): people waiting, the wait for a new ticket, whether the
    advisor is away, and ``accepting: false`` when the wait runs past the end of the drop-in."""
    return console_of(hub).status(site_for(hub, who, site))


@router.post("/api/queue/pause", responses=_REFUSALS)
def pause_queue(hub: Hub, who: Annotated[Caller, Depends(advisor)], body: PauseIn) -> QueueStatus:
    """« Absent jusqu'à 15 h »: kiosks and the display say so; tickets keep their place."""
    assert who.user is not None
    return console_of(hub).pause(site_for(hub, who, body.site), body.until, who.user.name)


@router.post("/api/queue/resume", responses=_REFUSALS)
def resume_queue(hub: Hub, who: Annotated[Caller, Depends(advisor)], body: SiteIn) -> QueueStatus:
    """The advisor is back."""
    assert who.user is not None
    return console_of(hub).resume(site_for(hub, who, body.site), who.user.name)


@router.get("/api/display", responses={404: {"model": Problem}})
def display_feed(hub: Hub, site: Annotated[str, Query(max_length=40)] = "main") -> DisplayOut:
    """The public call display's data (no login): ticket numbers only, never names."""
    if cs.site(hub.store, site) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Ce site n'existe pas."))
    return console_of(hub).display(site)


@router.post("/api/help-requests/{request_id}/priority", responses=_REFUSALS)
def set_priority(
    request_id: RequestId, hub: Hub, who: Annotated[Caller, Depends(advisor)], body: PriorityIn
) -> HelpRequestForAdvisor:
    """Priority (seniors, disability…): the request passes at most 2 people, so nobody starves."""
    assert who.user is not None
    try:
        row = hub.desk.set_priority(request_id, body.priority, who.user.name)
    except LookupError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Demande introuvable.")) from None
    return hub.desk.advisor_view([row])[0]


@router.get("/api/help-requests/{request_id}/activity", responses=_REFUSALS)
def get_activity(request_id: RequestId, hub: Hub, who: Annotated[Caller, Depends(advisor)]) -> ActivityOut:
    """The CRA draft made when the request was marked « Terminé »."""
    found = console_of(hub).activity(request_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Pas de compte rendu pour cette demande."))
    return found


@router.put("/api/help-requests/{request_id}/activity", responses=_REFUSALS)
def confirm_activity(
    request_id: RequestId, hub: Hub, who: Annotated[Caller, Depends(advisor)], body: ActivityIn
) -> ActivityOut:
    """Save the CRA line as the advisor confirms it (La Coop's values; 422 for an unknown one)."""
    assert who.user is not None
    try:
        saved = console_of(hub).confirm(request_id, body, who.user.name)
    except CraError as exc:
        field = str(exc).split(":")[0]
        detail = [{"loc": ["body", field], "msg": str(exc), "type": "value_error"}]
        raise HTTPException(422, detail=detail) from None
    if saved is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Pas de compte rendu pour cette demande."))
    return saved
