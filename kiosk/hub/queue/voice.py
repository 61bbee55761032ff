"""The call display's voice: ``GET /display/call.wav?site=&ticket=`` says « Numéro P 7 » as a WAV made by the
hub with espeak-ng (offline, the kiosk's ``[speech]`` settings and speech rules), cached in
``<data_dir>/display-speech``. Public like ``/display``, and only for a ticket on that display now, so
nobody can make the hub say anything else. Thread-safety: synthesis blocks, so the route is a plain
``def`` (FastAPI's thread pool); ``Speech`` is safe to share between threads."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request

from kiosk.hub.state import HubState
from kiosk.i18n import _
from kiosk.speech import Speech

router = APIRouter(include_in_schema=False)
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
