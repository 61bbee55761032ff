"""`kiosk users add` and `kiosk kiosks add`: create or reset advisor accounts and kiosk tokens."""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from kiosk.config import Config
from kiosk.hub.auth import sql as accounts_sql
from kiosk.hub.db.store import DB_NAME, Store
from kiosk.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    new_token,
    token_digest,
)

EXIT_USAGE = 2
EXIT_FAILURE = 1
ROLES = ("advisor", "staff", "admin")
USER_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
KIOSK_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # as [kiosk] id in the config


def _error(message: str, code: int = EXIT_USAGE) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def open_store(config: Config) -> Store:
    """The hub database of this configuration (created and migrated if needed)."""
    return Store(config.data_dir / DB_NAME)


def _save(config: Config, site: str | None, save: Callable[[Store, datetime], bool]) -> bool | None:
    """Open the hub database, create ``site`` when given and missing, then ``save(store, now)``.

    Returns what ``save`` returns (True when it created), or None after telling stderr the database
    could not be written.
    """
    try:
        store = open_store(config)
        try:
            now = datetime.now(UTC)
            if site is not None:
                ensure_site(store, site, now)
            return save(store, now)
        finally:
            store.close()
    except (OSError, sqlite3.Error) as exc:
        _error(f"cannot write the hub database in {config.data_dir}: {exc}", EXIT_FAILURE)
        return None


def ensure_site(store: Store, site_id: str, now: datetime) -> bool:
    """Create the site ``site_id`` (named after its id) when missing. Returns True when created."""
    from kiosk.hub.queue import console_sql as cs

    if cs.site(store, site_id) is not None:
        return False
    cs.save_site(store, cs.Site(site_id, site_id.replace("-", " ").capitalize(), "", ""), now)
    return True


def add_user_command(config: Config, name: str, role: str, stdin: TextIO, *, site: str | None = None) -> int:
    """Create the account ``name`` or reset its role and password (first line of ``stdin``).

    ``site``: the site whose queue the account sees first (created when missing).

    Returns:
        0 on success; 2 for a bad name, role or password (one line on stderr); 1 if the database fails.
    """
    if not USER_NAME_RE.match(name):
        return _error(
            f"invalid account name {name!r}: expected 2 to 40 lowercase letters, digits, '.', '_' or '-'"
        )
    if role not in ROLES:
        return _error(f"invalid role {role!r}: expected one of {', '.join(ROLES)}")
    password = stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _error(
            f"password too short: at least {MIN_PASSWORD_LENGTH} characters expected on standard input"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return _error(f"password too long: at most {MAX_PASSWORD_LENGTH} characters")
    if site is not None and not KIOSK_ID_RE.match(site):
        return _error(f"invalid site {site!r}: expected 1 to 40 lowercase letters, digits or '-'")
    created = _save(
        config,
        site,
        lambda store, now: accounts_sql.save_user(store, name, role, hash_password(password), now, site),
    )
    if created is None:
        return EXIT_FAILURE
    print(f"{'created' if created else 'updated'} {role} account {name!r}")
    return 0


def add_kiosk_command(config: Config, kiosk_id: str, *, site: str | None = None) -> int:
    """Create the kiosk ``kiosk_id`` (or give it a new token) and print the token once on stdout.

    ``site``: the site it stands in (created when missing); a new kiosk without one joins the main site.

    Returns:
        0 on success; 2 for a bad id; 1 if the database fails.
    """
    if not KIOSK_ID_RE.match(kiosk_id):
        return _error(f"invalid kiosk id {kiosk_id!r}: expected 1 to 40 lowercase letters, digits or '-'")
    if site is not None and not KIOSK_ID_RE.match(site):
        return _error(f"invalid site {site!r}: expected 1 to 40 lowercase letters, digits or '-'")
    token = new_token()
    created = _save(
        config,
        site,
        lambda store, now: accounts_sql.save_kiosk(store, kiosk_id, token_digest(token), now, site),
    )
    if created is None:
        return EXIT_FAILURE
    print(token)
    what = "created" if created else "given a new token (the old one no longer works)"
    print(
        f"kiosk {kiosk_id!r} {what}. Put this token in [kiosk] hub_token of that kiosk; "
        "it is shown only once.",
        file=sys.stderr,
    )
    return 0
