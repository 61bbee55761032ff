"""The hub's SQLite store: one object joining the connection (store_core) and the SQL by purpose
(store_accounts: accounts, kiosks, sessions; store_requests: help requests and the event log).

Thread-safety: a Store is shared by all threads. Every method takes the store's re-entrant lock, so
there is one writer at a time; `transaction()` groups several calls into one atomic write.
Other hub modules keep their own SQL (console_store, learning_store…) and call `row`/`rows`/`transaction`.
"""

from __future__ import annotations

from kiosk.hub.auth.sql import AccountsStore, UserRow
from kiosk.hub.db.core import (
    DB_NAME,
    DEFAULT_SITE,
    LATEST_VERSION,
    MIGRATIONS_DIR,
    iso,
    migrations,
    parse_iso,
)
from kiosk.hub.queue.sql import Event, HelpRequestRow, RequestsStore


class Store(AccountsStore, RequestsStore):
    """The hub database. Create one per process; `close()` it at shutdown."""


__all__ = [
    "DB_NAME",
    "DEFAULT_SITE",
    "LATEST_VERSION",
    "MIGRATIONS_DIR",
    "Event",
    "HelpRequestRow",
    "Store",
    "UserRow",
    "iso",
    "migrations",
    "parse_iso",
]
