"""What the server-rendered staff pages share: one Jinja environment over templates/, the ``Hub``
dependency type and 303 redirects. Thread-safety: the Jinja environment is read-only once built."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends, status
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates

from kiosk.hub.state import HubState, hub_state
from kiosk.i18n import _

Hub = Annotated[HubState, Depends(hub_state)]
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["_"] = _


def see_other(url: str) -> RedirectResponse:
    """A 303 redirect to ``url`` (after a form POST, or to the login page)."""
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)
