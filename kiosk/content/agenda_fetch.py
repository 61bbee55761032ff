"""Fetching an agenda published at an http(s) URL: a cached copy in data_dir, conditional GETs, offline use.

requests does the HTTP (the project's HTTP client); the copy and its validators (ETag, Last-Modified)
are kept beside it in a small JSON file, so a kiosk that loses its network keeps showing the last good
agenda and says since when. Thread-safety: ``fetch`` serialises callers per cache folder with a lock;
files are replaced atomically (write then rename), so a reader in another process never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

log = logging.getLogger(__name__)

# A calendar changes a few times a day at most: ask again after this long.
REFRESH_EVERY = timedelta(minutes=10)
TIMEOUT_S = 5.0
MAX_BYTES = 5 * 1024 * 1024
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class Fetched:
    """The agenda's bytes and what is known of their freshness.

    Attributes:
        data: the iCalendar bytes (b"" when there has never been a good copy).
        updated_at: when the hub last had confirmation that this copy is current (aware UTC), or None.
        stale: True when the last attempt failed and ``data`` is an older copy.
    """

    data: bytes
    updated_at: datetime | None
    stale: bool


def _lock(folder: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(folder), threading.Lock())


def _paths(folder: Path, url: str) -> tuple[Path, Path]:
    name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return folder / f"agenda-{name}.ics", folder / f"agenda-{name}.json"


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _meta(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _when(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def fetch(url: str, folder: Path, now: datetime, *, session: requests.Session | None = None) -> Fetched:
    """The agenda at ``url``: from the cache when checked less than REFRESH_EVERY ago, else asked again.

    A 304 answer (ETag / Last-Modified unchanged) keeps the copy and renews ``updated_at``; a 200
    replaces it; anything else (network down, timeout, 4xx/5xx, too big) keeps the last good copy,
    marked stale, and logs one line. Never raises for network problems.

    Args:
        url: http:// or https:// address of an .ics file.
        folder: where the copy is kept (created when missing).
        now: the current time (aware).
        session: a requests session (tests); a new one otherwise.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copy_path, meta_path = _paths(folder, url)
    with _lock(folder):
        meta = _meta(meta_path)
        checked = _when(meta.get("checked_at"))
        try:
            data = copy_path.read_bytes()
        except OSError:
            data = b""
        updated = _when(meta.get("updated_at"))
        if data and checked is not None and timedelta(0) <= now - checked < REFRESH_EVERY:
            return Fetched(data, updated, bool(meta.get("stale")))
        headers = {"Accept": "text/calendar, */*;q=0.5"}
        if data and meta.get("etag"):
            headers["If-None-Match"] = str(meta["etag"])
        if data and meta.get("last_modified"):
            headers["If-Modified-Since"] = str(meta["last_modified"])
        client = session or requests.Session()
        meta["checked_at"] = now.isoformat()
        try:
            response = client.get(url, headers=headers, timeout=TIMEOUT_S, stream=True)
            try:
                body = response.raw.read(MAX_BYTES + 1, decode_content=True) if response.ok else b""
            finally:
                response.close()
        except requests.RequestException as exc:
            log.warning("agenda: cannot fetch %s (%s); using the copy of %s", url, exc, updated)
            meta["stale"] = True
            _write(meta_path, json.dumps(meta).encode())
            return Fetched(data, updated, True)
        finally:
            if session is None:
                client.close()
        if response.status_code == 304 and data:
            meta.update(stale=False, updated_at=now.astimezone(UTC).isoformat())
        elif response.status_code == 200 and body and len(body) <= MAX_BYTES:
            data = body
            _write(copy_path, data)
            meta.update(
                stale=False,
                updated_at=now.astimezone(UTC).isoformat(),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
        else:
            why = "too big" if len(body) > MAX_BYTES else f"HTTP {response.status_code}"
            log.warning("agenda: %s answered %s; using the copy of %s", url, why, updated)
            meta["stale"] = True
        _write(meta_path, json.dumps(meta).encode())
        return Fetched(data, _when(meta.get("updated_at")), bool(meta.get("stale")))
