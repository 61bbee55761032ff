"""Staff pages of the queue console: the public call display (no login, no names), statistics with SVG
charts and the CRA CSV export (login), and the admin page (accounts, kiosk tokens, sites, audit log)."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response, StreamingResponse
from markupsafe import Markup

from kiosk.domain.appointments import FIRST_YEAR, LAST_YEAR
from kiosk.hub import console_store as cs
from kiosk.hub.accounts import KIOSK_ID_RE, ROLES, USER_NAME_RE
from kiosk.hub.auth.deps import AdminForm, AdminPage, AdvisorPage, Hub, Public
from kiosk.hub.auth.sessions import Caller
from kiosk.hub.console import parse_local_time
from kiosk.hub.db.store import DEFAULT_SITE
from kiosk.hub.state import HubState
from kiosk.hub.statistics import activities_csv_chunks, bar_chart, summarize
from kiosk.hub.statistics_store import activity_batches, activity_count, period_counts
from kiosk.hub.web.render import templates
from kiosk.i18n import _
from kiosk.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    new_token,
    token_digest,
)

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEFAULT_DAYS = 30


def _day(text: str | None, default: date) -> date:
    """``text`` as a day when it is one the hub can have data for (years 2000-2200), else ``default``."""
    if text and DAY_RE.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return default
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            return day
    return default


# -- public display ----------------------------------------------------------------------------------


@router.get("/display", dependencies=[Public])
def display_page(request: Request, hub: Hub, site: str = DEFAULT_SITE) -> Response:
    """The call display for a TV: ticket numbers called and the last calls, live (polls /api/display)."""
    site_id = site if cs.site(hub.store, site[:40]) else DEFAULT_SITE
    return templates.TemplateResponse(
        request, "display.html", {"site_name": hub.desk.site_name(site_id), "site_id": site_id}
    )


# -- statistics ------------------------------------------------------------------------------------------


def _period(hub: HubState, start: str | None, end: str | None) -> tuple[date, date]:
    today = date.fromisoformat(hub.desk.site_day(hub.clock()))
    last = _day(end, today)
    first = _day(start, last - timedelta(days=DEFAULT_DAYS - 1))
    return (first, last) if first <= last else (last, first)


def _days(first: date, last: date) -> tuple[str, str]:
    return first.isoformat(), last.isoformat()


@router.get("/statistics")
def statistics_page(
    request: Request,
    hub: Hub,
    found: AdvisorPage,
    start: str | None = None,
    end: str | None = None,
    site: str | None = None,
) -> Response:
    """Requests by theme, day, hour and site; waiting and service times; no-show rate (anonymous)."""
    first, last = _period(hub, start, end)
    sites = cs.sites(hub.store)
    names = {s.id: s.name or hub.config.site.name for s in sites}
    site_id = site if site in names else None
    summary = summarize(period_counts(hub.store, *_days(first, last), site_id), hub.desk.zone, names)
    charts = [
        (_("Demandes par thématique"), bar_chart(_("Demandes par thématique"), summary.by_theme)),
        (_("Demandes par jour"), bar_chart(_("Demandes par jour"), summary.by_day, label_width=90)),
        (
            _("Demandes par heure d'arrivée"),
            bar_chart(_("Demandes par heure"), summary.by_hour, label_width=90),
        ),
        (_("Demandes par site"), bar_chart(_("Demandes par site"), summary.by_site)),
    ]
    return templates.TemplateResponse(
        request,
        "statistics.html",
        {
            "site_name": hub.config.site.name,
            "user_name": found.user.name if found.user else "",
            "summary": summary,
            "charts": [(title, Markup(svg)) for title, svg in charts],  # noqa: S704 (escaped by bar_chart)
            "first": first.isoformat(),
            "last": last.isoformat(),
            "sites": [(s.id, names[s.id]) for s in sites],
            "site_id": site_id or "",
            "activity_count": activity_count(hub.store, *_days(first, last), site_id),
        },
    )


@router.get("/statistics/activities.csv")
def activities_export(
    hub: Hub,
    found: AdvisorPage,
    start: str | None = None,
    end: str | None = None,
    site: str | None = None,
) -> Response:
    """The CRA lines of the period in La Coop's « Activités » columns (anonymous), for a spreadsheet."""
    first, last = _period(hub, start, end)
    site_id = site if site and cs.site(hub.store, site[:40]) else None
    count = activity_count(hub.store, *_days(first, last), site_id)
    assert found.user is not None
    cs.audit(hub.store, hub.clock(), found.user.name, "export", f"{first}..{last}", str(count))
    name = f"activites-{first.isoformat()}-{last.isoformat()}.csv"
    return StreamingResponse(  # batch by batch from its own connection: constant memory, no shared lock
        activities_csv_chunks(activity_batches(hub.store, *_days(first, last), site_id)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


# -- admin --------------------------------------------------------------------------------------------------


def _admin_page(
    request: Request, hub: HubState, who: Caller, *, message: str = "", token: str = ""
) -> Response:
    assert who.user is not None
    response = templates.TemplateResponse(
        request,
        "admin.html",
        {
            "site_name": hub.config.site.name,
            "user_name": who.user.name,
            "csrf": who.session_csrf,
            "users": cs.users(hub.store),
            "kiosks": cs.kiosks(hub.store),
            "sites": cs.sites(hub.store),
            "roles": ROLES,
            "audit": cs.audit_entries(hub.store, 100),
            "message": message,
            "token": token,
            "default_name": hub.config.site.name,
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/admin")
def admin_page(request: Request, hub: Hub, found: AdminPage) -> Response:
    """Accounts, kiosks (tokens revocable), sites, and the audit log (admin only)."""
    return _admin_page(request, hub, found)


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    hub: Hub,
    found: AdminForm,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "advisor",
    site: Annotated[str, Form()] = DEFAULT_SITE,
    password: Annotated[str, Form()] = "",
) -> Response:
    """Create an account or reset its password, role and site."""
    name = name.strip()
    if not USER_NAME_RE.match(name) or role not in ROLES or cs.site(hub.store, site[:40]) is None:
        return _admin_page(request, hub, found, message=_("Identifiant, rôle ou site invalide."))
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        message = _("Le mot de passe doit avoir de {n} à {m} caractères.").format(
            n=MIN_PASSWORD_LENGTH, m=MAX_PASSWORD_LENGTH
        )
        return _admin_page(request, hub, found, message=message)
    now = hub.clock()
    hub.store.save_user(name, role, hash_password(password), now, site)
    assert found.user is not None
    cs.audit(hub.store, now, found.user.name, "account", name, f"{role} {site}")
    return _admin_page(request, hub, found, message=_("Compte « {name} » enregistré.").format(name=name))


@router.post("/admin/users/{name}/{change}")
def admin_enable_user(request: Request, hub: Hub, found: AdminForm, name: str, change: str) -> Response:
    """Disable (ends its sessions) or enable an account."""
    assert found.user is not None
    if change not in ("disable", "enable") or name == found.user.name:
        return _admin_page(request, hub, found, message=_("Action impossible sur ce compte."))
    if not cs.set_user_enabled(hub.store, name[:40], change == "enable", hub.clock()):
        return _admin_page(request, hub, found, message=_("Compte introuvable."))
    cs.audit(hub.store, hub.clock(), found.user.name, f"account-{change}", name[:40])
    return _admin_page(request, hub, found, message=_("Compte « {name} » modifié.").format(name=name[:40]))


@router.post("/admin/kiosks")
def admin_add_kiosk(
    request: Request,
    hub: Hub,
    found: AdminForm,
    kiosk_id: Annotated[str, Form()] = "",
    site: Annotated[str, Form()] = DEFAULT_SITE,
) -> Response:
    """Create a kiosk (or give it a new token): the token is shown once."""
    kiosk_id = kiosk_id.strip()
    if not KIOSK_ID_RE.match(kiosk_id) or cs.site(hub.store, site[:40]) is None:
        return _admin_page(request, hub, found, message=_("Identifiant de borne ou site invalide."))
    token, now = new_token(), hub.clock()
    hub.store.save_kiosk(kiosk_id, token_digest(token), now, site)
    assert found.user is not None
    cs.audit(hub.store, now, found.user.name, "kiosk-token", kiosk_id, site)
    message = _("Jeton de la borne « {id} » (affiché une seule fois) :").format(id=kiosk_id)
    return _admin_page(request, hub, found, message=message, token=token)


@router.post("/admin/kiosks/{kiosk_id}/revoke")
def admin_revoke_kiosk(request: Request, hub: Hub, found: AdminForm, kiosk_id: str) -> Response:
    """The kiosk's token stops working now."""
    assert found.user is not None
    if not cs.revoke_kiosk(hub.store, kiosk_id[:40], hub.clock()):
        return _admin_page(request, hub, found, message=_("Borne introuvable."))
    cs.audit(hub.store, hub.clock(), found.user.name, "kiosk-revoke", kiosk_id[:40])
    return _admin_page(request, hub, found, message=_("Jeton de « {id} » révoqué.").format(id=kiosk_id[:40]))


@router.post("/admin/sites")
def admin_save_site(
    request: Request,
    hub: Hub,
    found: AdminForm,
    site_id: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    closing_time: Annotated[str, Form()] = "",
) -> Response:
    """Create or edit a site: name, agenda place (for its drop-ins), daily closing time."""
    site_id = site_id.strip()
    closing = closing_time.strip()
    if not KIOSK_ID_RE.match(site_id) or len(name) > 80 or len(place) > 120:
        return _admin_page(request, hub, found, message=_("Identifiant ou nom de site invalide."))
    if closing and parse_local_time(closing) is None:
        return _admin_page(request, hub, found, message=_("Heure de fermeture invalide (ex. 18:00)."))
    now = hub.clock()
    cs.save_site(hub.store, cs.Site(site_id, name.strip(), place.strip(), closing), now)
    assert found.user is not None
    cs.audit(hub.store, now, found.user.name, "site", site_id)
    return _admin_page(request, hub, found, message=_("Site « {id} » enregistré.").format(id=site_id))
