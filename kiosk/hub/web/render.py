"""What the server-rendered staff pages share: one Jinja environment over templates/ (every template
autoescaped, .svg included) and 303 redirects. Thread-safety: the Jinja environment is read-only once
built."""

from __future__ import annotations

from pathlib import Path

from fastapi import status
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates

from kiosk.i18n import _

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# Starlette escapes .html/.xml only: learning_chart.svg carried kiosk-sent titles raw.
templates.env.autoescape = True
templates.env.globals["_"] = _


def see_other(url: str) -> RedirectResponse:
    """A 303 redirect to ``url`` (after a form POST, or to the login page)."""
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)
