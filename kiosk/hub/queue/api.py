"""The queue's JSON API, used by kiosks and the dashboard: topics, help requests, actions, the SSE stream;
and the queue console's: a site's status (away, wait, cut-off), pause and resume, the public display feed,
the priority flag, and the CRA line of a finished request."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from kiosk.domain.cra import CraError
from kiosk.domain.help_requests import ACTIONS, OPEN_STATUSES, Status, TransitionError
from kiosk.domain.topics import all_topics
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.auth.deps import AdvisorCaller, AnyCaller, Hub, KioskCaller, Public
from kiosk.hub.auth.roles import may_act_on_site
from kiosk.hub.auth.sessions import Caller, same_session
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue.desk import KIOSK_ACTOR, UnknownTarget
from kiosk.hub.queue.events import MAX_STREAMS_PER_ACCOUNT, event_stream, parse_event_id
from kiosk.hub.queue.labels import refused_transition
from kiosk.hub.queue.models import (
    ActionIn,
    ActivityIn,
    ActivityOut,
    DisplayOut,
    HelpRequestForAdvisor,
    HelpRequestIn,
    HelpRequestOut,
    PauseIn,
    PriorityIn,
    Problem,
    QueueStatus,
    SiteIn,
    Topic,
)
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import Conflict, Forbidden, Invalid, NotFound, TooMany
from kiosk.i18n import _

router = APIRouter()
RequestId = Annotated[int, Path(ge=1, le=2**62, description="the help request's id")]
_REFUSALS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "no or unknown credentials"},
    403: {"model": Problem, "description": "wrong kind of caller, or missing CSRF header"},
}


def _request_link(path: str, method: str, **fixed: str) -> dict[str, object]:
    ref = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
    return {"operationRef": ref, "parameters": {"request_id": "$response.body#/id", **fixed}}


# OpenAPI links from a new request to what can be done with it (clients, and schemathesis' stateful runs).
NEW_REQUEST_LINKS = {
    "Read": _request_link("/api/help-requests/{request_id}", "get"),
    **{
        action.title().replace("-", ""): _request_link(
            "/api/help-requests/{request_id}/{action}", "post", action=action
        )
        for action in ("call", "start", "done", "cancel", "no-show", "recall")
    },
    "Priority": _request_link("/api/help-requests/{request_id}/priority", "post"),
    "Activity": _request_link("/api/help-requests/{request_id}/activity", "get"),
}


_CONSOLE_REFUSALS: dict[int | str, dict[str, object]] = {
    **_REFUSALS,
    404: {"model": Problem, "description": "unknown site or request"},
}
CONSOLE_TAGS: list[str | Enum] = ["queue console"]
SiteQuery = Annotated[str | None, Query(max_length=40, description="a site id; default: the caller's site")]


def site_for(hub: HubState, who: Caller, wanted: str | None) -> str:
    """The site a call is about: a kiosk's own; a user's choice, else their account's site. 404 if unknown."""
    if who.kiosk_id is not None:
        return accounts_sql.kiosk_site(hub.store, who.kiosk_id)
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


# The kiosks' two everyday calls come first: FastAPI tries a router's routes in order, twice per
# request (the app's router, then this one), and these were 10th and 12th (measured: ~5 % of a
# poll's CPU). Paths that share a prefix keep their order: /priority and /activity before /{action}.
@router.post(
    "/api/help-requests",
    status_code=status.HTTP_201_CREATED,
    tags=["help requests"],
    responses={
        **_REFUSALS,
        200: {"model": HelpRequestOut, "description": "idempotent replay"},
        201: {"description": "queued", "links": NEW_REQUEST_LINKS},
    },
)
async def create_help_request(
    body: HelpRequestIn, response: Response, hub: Hub, who: KioskCaller
) -> HelpRequestOut:
    """Join the queue (kiosk token). The same idempotency key again returns the same request with 200.

    Writes run on the event loop too: with WAL checkpoints in their own thread a write is ~0.3 ms, and
    under load a worker thread waited up to ~150 ms for the GIL to take the queue's lock (measured).
    """
    assert who.kiosk_id is not None
    row, created = hub.desk.create(who.kiosk_id, body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return hub.desk.public_view([row])[0]


@router.get(
    "/api/help-requests/{request_id}",
    tags=["help requests"],
    responses={**_REFUSALS, 404: {"model": Problem}},
)
async def get_help_request(
    request_id: RequestId, hub: Hub, who: AnyCaller
) -> HelpRequestForAdvisor | HelpRequestOut:
    """One request: advisors see everything; a kiosk sees only its own, without first name or needs.

    A coroutine on purpose: kiosks poll this every few seconds, and its few indexed reads (on the
    read-only connection, which never waits for a writer) cost less than the thread-pool hop FastAPI
    gives a plain ``def`` (see ARCHITECTURE.md, Performance).
    """
    with hub.store.reading():
        row = hub.desk.get(request_id)
        if row is None or (who.kiosk_id is not None and row.kiosk_id != who.kiosk_id):
            raise NotFound(_("Demande introuvable."))
        if who.user is None:
            return hub.desk.public_view([row])[0]
        return hub.desk.advisor_view([row])[0]


@router.get("/api/queue", tags=CONSOLE_TAGS, responses=_CONSOLE_REFUSALS)
def queue_status(hub: Hub, who: AnyCaller, site: SiteQuery = None) -> QueueStatus:
    """A site's queue (kiosk: its own site): people waiting, the wait for a new ticket, whether the
    advisor is away, and ``accepting: false`` when the wait runs past the end of the drop-in."""
    return hub.console.status(site_for(hub, who, site))


@router.post("/api/queue/pause", tags=CONSOLE_TAGS, responses=_CONSOLE_REFUSALS)
def pause_queue(hub: Hub, who: AdvisorCaller, body: PauseIn) -> QueueStatus:
    """« Absent jusqu'à 15 h »: kiosks and the display say so; tickets keep their place (own site)."""
    assert who.user is not None
    return hub.console.pause(site_to_change(hub, who, body.site), body.until, who.user.name)


@router.post("/api/queue/resume", tags=CONSOLE_TAGS, responses=_CONSOLE_REFUSALS)
def resume_queue(hub: Hub, who: AdvisorCaller, body: SiteIn) -> QueueStatus:
    """The advisor is back (own site)."""
    assert who.user is not None
    return hub.console.resume(site_to_change(hub, who, body.site), who.user.name)


@router.get("/api/display", tags=CONSOLE_TAGS, responses={404: {"model": Problem}}, dependencies=[Public])
def display_feed(hub: Hub, site: Annotated[str, Query(max_length=40)] = "main") -> DisplayOut:
    """The public call display's data (no login): ticket numbers only, never names."""
    if cs.site(hub.store, site) is None:
        raise NotFound(_("Ce site n'existe pas."))
    return hub.console.display(site)


@router.post("/api/help-requests/{request_id}/priority", tags=CONSOLE_TAGS, responses=_CONSOLE_REFUSALS)
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


@router.get("/api/help-requests/{request_id}/activity", tags=CONSOLE_TAGS, responses=_CONSOLE_REFUSALS)
def get_activity(request_id: RequestId, hub: Hub, who: AdvisorCaller) -> ActivityOut:
    """The CRA draft made when the request was marked « Terminé »."""
    found = hub.console.activity(request_id)
    if found is None:
        raise NotFound(_("Pas de compte rendu pour cette demande."))
    return found


@router.put("/api/help-requests/{request_id}/activity", tags=CONSOLE_TAGS, responses=_CONSOLE_REFUSALS)
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


@router.get("/healthz", tags=["hub"], dependencies=[Public])
def healthz() -> dict[str, str]:
    """Liveness check."""
    return {"status": "ok"}


@router.get("/api/topics", tags=["help requests"], dependencies=[Public])
def topics() -> list[Topic]:
    """The help topics, in the order kiosks show them."""
    return [Topic(id=t.id, label=t.label, prefix=t.prefix, pictogram=t.pictogram) for t in all_topics()]


def _statuses(raw: str | None) -> set[Status] | None:
    if raw is None:
        return None
    wanted: set[Status] = set()
    for part in raw.split(","):
        part = part.strip()
        if part == "open":
            wanted |= OPEN_STATUSES
        elif part in {s.value for s in Status}:
            wanted.add(Status(part))
        else:
            raise RequestValidationError(
                [
                    {
                        "type": "value_error",
                        "loc": ["query", "status"],
                        "msg": _("Statut inconnu : {status}.").format(status=part[:40]),
                        "input": raw[:200],
                    }
                ]
            )
    return wanted


@router.get("/api/help-requests", tags=["help requests"], responses=_REFUSALS)
def list_help_requests(
    hub: Hub,
    who: AdvisorCaller,
    status_filter: Annotated[
        str | None, Query(alias="status", max_length=200, description="comma-separated statuses, or open")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    site: Annotated[
        str | None, Query(max_length=40, description="one site's queue; all sites when absent")
    ] = None,
) -> list[HelpRequestForAdvisor]:
    """Requests in arrival order (advisor), filtered by ``status`` (``waiting``, ``called,in_progress``…)
    and ``site``; ``position`` gives the calling order (a priority request passes at most 2 people)."""
    return hub.desk.advisor_view(hub.desk.find(_statuses(status_filter), limit, site))


@router.post(
    "/api/help-requests/{request_id}/{action}",
    tags=["help requests"],
    responses={
        **_REFUSALS,
        404: {"model": Problem},
        409: {"model": Problem},
    },
)
async def act_on_help_request(
    request_id: RequestId,
    action: Annotated[str, Path(max_length=20)],
    hub: Hub,
    who: AnyCaller,
    body: ActionIn | None = None,
) -> HelpRequestForAdvisor | HelpRequestOut:
    """Move a request: call, recall, start, done, no-show, cancel, redirect (advisor); 409 when impossible.

    A kiosk may only cancel its own request (« Annuler ma demande »). ``redirect`` takes an optional body
    ``{"site", "advisor"}``: the request waits there, keeping its arrival rank.
    """
    if action not in ACTIONS:
        raise NotFound(_("Action inconnue."))
    row = hub.desk.get(request_id)
    if row is None or (who.kiosk_id is not None and row.kiosk_id != who.kiosk_id):
        raise NotFound(_("Demande introuvable."))
    if who.kiosk_id is not None and action != "cancel":
        raise Forbidden(_("Réservé aux conseillers."))
    if who.user is not None and not may_act_on_site(who.user, row.site_id):
        raise Forbidden(_("Cette demande est dans la file d'un autre site."))
    actor = who.user.name if who.user is not None else KIOSK_ACTOR
    try:
        row = hub.desk.act(request_id, action, actor=actor, body=body)
    except TransitionError as exc:
        raise Conflict(refused_transition(action, exc.status)) from None
    except UnknownTarget as exc:  # shaped like a validation error, as /openapi.json says for 422
        field = str(exc)
        message = _("Ce site n'existe pas.") if field == "site" else _("Ce conseiller n'existe pas.")
        raise Invalid(message, field=field) from None
    if who.user is None:
        return hub.desk.public_view([row])[0]
    return hub.desk.advisor_view([row])[0]


@router.get(
    "/api/events",
    tags=["help requests"],
    response_class=StreamingResponse,
    responses={
        **_REFUSALS,
        200: {
            "content": {"text/event-stream": {}},
            "description": "event: help_request, data: HelpRequest JSON",
        },
    },
)
async def events(
    request: Request,
    hub: Hub,
    who: AdvisorCaller,
    last_event_id: Annotated[str | None, Query(max_length=30)] = None,
) -> StreamingResponse:
    """Server-Sent Events for advisors; ``Last-Event-ID`` (or ``?last_event_id=``) replays missed ones.
    The stream ends within seconds of logout, a disabled account or a changed role or site; an account
    holds at most `MAX_STREAMS_PER_ACCOUNT` streams (429 beyond)."""
    after = parse_event_id(request.headers.get("last-event-id"), last_event_id)
    assert who.user is not None
    if hub.broker.streams_of(who.user.name) >= MAX_STREAMS_PER_ACCOUNT:
        raise TooMany(_("Trop de tableaux de bord ouverts avec ce compte."), headers={"Retry-After": "10"})

    def still_allowed() -> bool:
        with hub.store.reading():
            return same_session(hub, request, who)

    stream = event_stream(
        hub.store,
        hub.broker,
        after,
        heartbeat_s=hub.heartbeat_s,
        still_allowed=still_allowed,
        user=who.user.name,
    )
    return StreamingResponse(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
