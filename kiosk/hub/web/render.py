"""What the server-rendered staff pages share: one Jinja environment over templates/ (every template
autoescaped, .svg included), the static folder, the staff page frame, row ids in paths and 303 redirects.
Thread-safety: the Jinja environment is read-only once built."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Path as PathParam
from fastapi import Request, status
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from kiosk.hub.auth.sessions import Caller
from kiosk.hub.state import HubState
from kiosk.i18n import _

STATIC_DIR = Path(__file__).parent / "static"
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# Starlette escapes .html/.xml only: learning_chart.svg carried kiosk-sent titles raw.
templates.env.autoescape = True
templates.env.globals["_"] = _

RowId = Annotated[int, PathParam(ge=1, le=2**62)]


def see_other(url: str) -> RedirectResponse:
    """A 303 redirect to ``url`` (after a form POST, or to the login page)."""
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)


def staff_page(request: Request, hub: HubState, who: Caller, name: str, context: dict) -> Response:
    """A staff page (login required): ``name`` rendered with the site, the user and the CSRF token, never
    cached."""
    assert who.user is not None
    response = templates.TemplateResponse(
        request,
        name,
        {"site_name": hub.config.site.name, "user_name": who.user.name, "csrf": who.session_csrf, **context},
    )
    response.headers["Cache-Control"] = "no-store"
    return response
