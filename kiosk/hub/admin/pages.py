"""Staff pages of the queue console: the public call display (no login, no names), statistics with SVG
charts and the CRA CSV export (login), and the admin page (accounts, kiosk tokens, sites, audit log)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Annotated

from cryptography import x509
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from kiosk.hub.admin import sql as admin_sql
from kiosk.hub.admin.accounts import KIOSK_ID_RE, ROLES, USER_NAME_RE
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.auth.deps import AdminForm, AdminPage, Hub, Public
from kiosk.hub.auth.sessions import Caller
from kiosk.hub.db.store import DEFAULT_SITE
from kiosk.hub.queue import console_sql as cs
from kiosk.hub.queue.console import parse_local_time
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
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


# -- public display ----------------------------------------------------------------------------------


# -- statistics ------------------------------------------------------------------------------------------


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
            "users": admin_sql.users(hub.store),
            "kiosks": admin_sql.kiosks(hub.store),
            "sites": cs.sites(hub.store),
            "roles": ROLES,
            "audit": admin_sql.audit_entries(hub.store, 100),
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
    accounts_sql.save_user(hub.store, name, role, hash_password(password), now, site)
    assert found.user is not None
    admin_sql.audit(hub.store, now, found.user.name, "account", name, f"{role} {site}")
    return _admin_page(request, hub, found, message=_("Compte « {name} » enregistré.").format(name=name))


@router.post("/admin/users/{name}/{change}")
def admin_enable_user(request: Request, hub: Hub, found: AdminForm, name: str, change: str) -> Response:
    """Disable (ends its sessions) or enable an account."""
    assert found.user is not None
    if change not in ("disable", "enable") or name == found.user.name:
        return _admin_page(request, hub, found, message=_("Action impossible sur ce compte."))
    if not admin_sql.set_user_enabled(hub.store, name[:40], change == "enable", hub.clock()):
        return _admin_page(request, hub, found, message=_("Compte introuvable."))
    admin_sql.audit(hub.store, hub.clock(), found.user.name, f"account-{change}", name[:40])
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
    accounts_sql.save_kiosk(hub.store, kiosk_id, token_digest(token), now, site)
    assert found.user is not None
    admin_sql.audit(hub.store, now, found.user.name, "kiosk-token", kiosk_id, site)
    message = _("Jeton de la borne « {id} » (affiché une seule fois) :").format(id=kiosk_id)
    return _admin_page(request, hub, found, message=message, token=token)


@router.post("/admin/kiosks/{kiosk_id}/revoke")
def admin_revoke_kiosk(request: Request, hub: Hub, found: AdminForm, kiosk_id: str) -> Response:
    """The kiosk's token stops working now."""
    assert found.user is not None
    if not admin_sql.revoke_kiosk(hub.store, kiosk_id[:40], hub.clock()):
        return _admin_page(request, hub, found, message=_("Borne introuvable."))
    admin_sql.audit(hub.store, hub.clock(), found.user.name, "kiosk-revoke", kiosk_id[:40])
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
    admin_sql.audit(hub.store, now, found.user.name, "site", site_id)
    return _admin_page(request, hub, found, message=_("Site « {id} » enregistré.").format(id=site_id))


# -- the certificate authority (public) ------------------------------------------------------------


def ca_path(hub: HubState) -> Path | None:
    """The authority's certificate next to the hub's (``kiosk tls make`` writes both), or None."""
    return hub.config.hub.tls_ca


def fingerprint(pem: bytes) -> str:
    """The SHA-256 fingerprint people compare: « AB:CD:… »."""
    der = x509.load_pem_x509_certificate(pem).public_bytes(encoding=_der())
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _der():  # noqa: ANN202 (cryptography's Encoding enum)
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


@router.get("/ca", dependencies=[Public])
def ca_page(request: Request, hub: Hub) -> Response:
    """How to install the hub's authority on Android and iPhone, with its fingerprint."""
    path = ca_path(hub)
    return templates.TemplateResponse(
        request,
        "ca.html",
        {
            "site_name": hub.config.site.name,
            "available": path is not None,
            "fingerprint": fingerprint(path.read_bytes()) if path else "",
        },
    )


@router.get("/ca.crt", dependencies=[Public])
def ca_certificate(hub: Hub) -> Response:
    """The authority's certificate (PEM), typed so phones offer to install it."""
    path = ca_path(hub)
    if path is None:
        raise NotFound(_("Ce hub n'a pas de certificat."))
    return Response(
        path.read_bytes(),
        media_type="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="mediatheque-ca.crt"'},
    )
