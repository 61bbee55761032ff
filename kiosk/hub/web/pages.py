"""Shared routes of the staff pages: the dashboard's static files, the staff pages' stylesheet and /staff."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from kiosk.hub.auth.deps import Public
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import STATIC_DIR, see_other
from kiosk.i18n import _

router = APIRouter(include_in_schema=False)


STATIC_FILES = {
    "dashboard.css": "text/css",
    "dashboard.js": "text/javascript",
    "console.js": "text/javascript",
    "display.js": "text/javascript",
    "kiosk_problems.js": "text/javascript",
}


@router.get("/static/{name}", dependencies=[Public])
def static_file(name: str) -> Response:
    """The dashboard's stylesheet and script (nothing else is served from the folder)."""
    if name not in STATIC_FILES:
        raise NotFound(_("Fichier introuvable."))
    return FileResponse(
        STATIC_DIR / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"}
    )


@router.get("/staff/static/staff.css", dependencies=[Public])
def staff_css() -> Response:
    """The staff pages' stylesheet."""
    return FileResponse(
        STATIC_DIR / "staff.css", media_type="text/css", headers={"Cache-Control": "no-cache"}
    )


@router.get("/staff", dependencies=[Public])
def staff_home() -> Response:
    return see_other("/staff/ateliers")
