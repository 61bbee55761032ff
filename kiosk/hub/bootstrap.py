"""Accounts the hub sets up when it starts: the embedded kiosk's token, and the demo credentials."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from kiosk.config import Config
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import Store
from kiosk.i18n import _
from kiosk.passwords import hash_password, new_token, token_digest

log = logging.getLogger(__name__)

EMBEDDED_TOKEN_ENV = "KIOSK_EMBEDDED_TOKEN"  # noqa: S105 (the variable's name, not a secret)
MIN_TOKEN_LENGTH = 16
DEMO_ADVISOR = "conseiller"
DEMO_FILE = "demo-credentials.txt"


class BootstrapError(Exception):
    """The start-up environment is unusable (one line, for stderr)."""


def register_embedded_kiosk(config: Config, store: Store, environ: Mapping[str, str]) -> bool:
    """When ``KIOSK_EMBEDDED_TOKEN`` is set, make it the token of kiosk ``config.kiosk.id``.

    Returns:
        True when a token was registered.

    Raises:
        BootstrapError: the token is too short to be a secret.
    """
    token = environ.get(EMBEDDED_TOKEN_ENV)
    if token is None:
        return False
    if len(token.strip()) < MIN_TOKEN_LENGTH:
        raise BootstrapError(f"{EMBEDDED_TOKEN_ENV} must be at least {MIN_TOKEN_LENGTH} characters")
    accounts_sql.save_kiosk(store, config.kiosk.id, token_digest(token.strip()), datetime.now(UTC))
    log.info("embedded kiosk %s registered", config.kiosk.id)
    return True


def ensure_demo_credentials(config: Config, store: Store, *, url: str, out: TextIO) -> Path:
    """In demo mode, create the advisor ``conseiller`` with a random password (and a kiosk token) once.

    The first time (or when the file was deleted), prints them on ``out`` and writes them to
    ``data_dir/demo-credentials.txt`` with mode 0600; later, only says where that file is.

    Returns:
        The credentials file's path.
    """
    path = config.data_dir / DEMO_FILE
    if path.exists():
        print(_("Mode démonstration : identifiants dans {path}").format(path=path), file=out)
        return path
    now = datetime.now(UTC)
    password = new_token()[:20]
    accounts_sql.save_user(store, DEMO_ADVISOR, "advisor", hash_password(password), now)
    kiosk_id = config.kiosk.id
    if any(k == kiosk_id for k, _digest in accounts_sql.kiosk_token_hashes(store)):
        kiosk_line = _("Jeton de la borne « {id} » : celui que la borne a fourni au démarrage").format(
            id=kiosk_id
        )
    else:
        token = new_token()
        accounts_sql.save_kiosk(store, kiosk_id, token_digest(token), now)
        kiosk_line = _("Jeton de la borne « {id} » : {token}").format(id=kiosk_id, token=token)
    text = "\n".join(
        [
            _("Borne médiathèque — identifiants de démonstration"),
            _("Tableau de bord : {url}").format(url=url),
            _("Identifiant : {name}").format(name=DEMO_ADVISOR),
            _("Mot de passe : {password}").format(password=password),
            kiosk_line,
            "",
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    os.chmod(path, 0o600)
    print(
        _(
            "Mode démonstration : voici les identifiants, affichés une seule fois (gardés dans {path}) :"
        ).format(path=path),
        file=out,
    )
    print(text, file=out)
    log.info("demo credentials created in %s", path)
    return path
