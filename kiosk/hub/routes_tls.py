"""The page that lets an advisor install the hub's certificate authority on a phone (no login: the
authority's certificate is public), and the certificate itself."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography import x509
from fastapi import APIRouter, Request
from fastapi.responses import Response

from kiosk.hub.auth.deps import Hub, Public
from kiosk.hub.state import HubState
from kiosk.hub.web.errors import NotFound
from kiosk.hub.web.render import templates
from kiosk.i18n import _

router = APIRouter(include_in_schema=False)


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
