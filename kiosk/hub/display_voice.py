"""The call display's voice: ``GET /display/call.wav?site=&ticket=`` says « Numéro P 7 » as a WAV made by the
hub with espeak-ng (offline, the kiosk's ``[speech]`` settings and speech rules), cached in
``<data_dir>/display-speech``. Public like ``/display``, and only for a ticket on that display now, so
nobody can make the hub say anything else. Thread-safety: synthesis blocks, so the route is a plain
``def`` (FastAPI's thread pool); ``Speech`` is safe to share between threads."""

from __future__ import annotations

import re
import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, Response

from kiosk.hub import console_store as cs
from kiosk.hub.auth.deps import Hub, Public
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
from kiosk.i18n import _
from kiosk.speech import Speech

router = APIRouter(include_in_schema=False)
TICKET_RE = re.compile(r"^[A-Z]{1,3}\d{1,4}$")
_made = threading.Lock()


def announcement(ticket: str) -> str:
    """What the display says for ``ticket`` (as shown; ``kiosk.domain.spoken`` makes « P07 » « P 7 »)."""
    return _("Numéro {ticket}.").format(ticket=ticket)


def display_speech(request: Request, hub: HubState) -> Speech:
    """The app's display voice, made on first use."""
    with _made:
        speech = getattr(request.app.state, "display_speech", None)
        if speech is None:
            speech = Speech(hub.config.speech, hub.config.data_dir / "display-speech")
            request.app.state.display_speech = speech
    return speech


@router.get("/display/call.wav", dependencies=[Public])
def call_audio(
    request: Request,
    hub: Hub,
    ticket: Annotated[str, Query(max_length=8)],
    site: Annotated[str, Query(max_length=40)] = "main",
) -> Response:
    """« Numéro P 7 » spoken, for a ticket the site's display shows now (404 otherwise, 503 when the
    hub has no voice: the display then only chimes)."""
    if not TICKET_RE.match(ticket) or cs.site(hub.store, site) is None:
        raise NotFound(_("Ce numéro n'est pas affiché."))
    shown = hub.console.display(site)
    if ticket not in {c.ticket for c in (*shown.current, *shown.recent)}:
        raise NotFound(_("Ce numéro n'est pas affiché."))
    speech = display_speech(request, hub)
    for _attempt in range(2):  # read at once (a few dozen kB): the cache pruner may delete it afterwards
        path = speech.wav_for(announcement(ticket))
        if path is None:
            break
        try:
            audio = path.read_bytes()
        except OSError:
            continue
        return Response(audio, media_type="audio/wav", headers={"Cache-Control": "public, max-age=3600"})
    return JSONResponse(
        {"detail": _("Pas de voix sur ce serveur.")}, status_code=status.HTTP_503_SERVICE_UNAVAILABLE
    )
