"""The hub's SQLite store: the connection (WAL mode), numbered migrations, the lock and transactions.

The SQL itself lives in each feature's ``sql.py`` (auth, queue, learning, stats…), as functions that take
the `Store` first and go through `row`/`rows`/`transaction`.

Thread-safety: a Store is shared by all threads. Every method takes the re-entrant lock, so there is
one writer at a time; `transaction()` groups several calls into one atomic write.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

DB_NAME = "hub.sqlite3"  # in Config.data_dir
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
DEFAULT_SITE = "main"
# FULL: each commit fsyncs the WAL before the request is acknowledged, so a power cut loses no acknowledged
# write (NORMAL survives kill -9, not a power cut: tests/appliance/test_power_cut.py). Cost: one fsync per
# write request (`make bench`, bench_durable_writes). The benchmark sets NORMAL for its baseline.
SYNCHRONOUS = "FULL"
CHECKPOINT_EVERY_S = 2.0  # WAL checkpoints run in a background thread, off the requests' path
CHECKPOINT_AFTER_COMMITS = 100  # ... and sooner under a stream of writes
# From this many frames (4 KiB pages) on, the checkpoint thread holds writes back for its last pass, so
# the WAL starts over from its beginning (SQLite's own autocheckpoint threshold is 1000 frames).
WAL_RESTART_FRAMES = 1000
# Set by `Store.reading()`: reads in this context go to the read-only connection.
_READING: ContextVar[bool] = ContextVar("hub_store_reading", default=False)


def iso(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second: ``2026-11-26T15:04:05Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """The aware datetime of an `iso()` string."""
    return datetime.fromisoformat(text)


def migrations() -> list[tuple[int, Path]]:
    """The migration files as (version, path), in the order they apply."""
    found = []
    for path in MIGRATIONS_DIR.iterdir():
        match = _MIGRATION_RE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    versions = [v for v, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1, 2, 3… without gaps, found {versions}")
    return found


LATEST_VERSION = len(migrations())


class Store:
    """The hub database connection. Create one per process; `close()` it at shutdown."""

    def __init__(self, path: Path, *, target_version: int | None = None) -> None:
        """Open (creating if needed) and migrate the database at ``path``.

        Args:
            path: the SQLite file; its folder is created with mode 0700 when missing.
            target_version: stop migrating at this version (tests build older databases with it).
        """
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        new = not path.exists()
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5.0)
        if new:
            os.chmod(path, 0o600)
        self._conn.execute("PRAGMA busy_timeout = 5000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._migrate(LATEST_VERSION if target_version is None else target_version)
        # A second connection for `reading()` blocks: in WAL mode it reads the last commit without waiting
        # for a writer's transaction (or its checkpoint) to end.
        self._read_lock = threading.RLock()
        self._reader = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5.0)
        self._reader.execute("PRAGMA busy_timeout = 5000")
        self._reader.execute("PRAGMA query_only = ON")
        # Commits never pay for a checkpoint (an fsync: 15-60 ms under load, measured): a thread with its
        # own connection copies the WAL back every CHECKPOINT_EVERY_S, or after CHECKPOINT_AFTER_COMMITS
        # commits (PASSIVE: writers go on meanwhile). See `_checkpoint_loop` for how the WAL starts over.
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._stop = threading.Event()
        self._wake = threading.Event()  # set by commits, every CHECKPOINT_AFTER_COMMITS
        self._commits = 0
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, name=f"wal-checkpoint-{path.name}", daemon=True
        )
        self._checkpointer.start()

    def _checkpoint_loop(self) -> None:
        """Copy the WAL back into the database, off the requests' path.

        SQLite writes the WAL from its beginning again only when a write transaction *begins* after a
        checkpoint copied every frame. Under a stream of writes one is always under way, so the WAL grew
        for as long as the stream lasted (250 MB after 4,000 creates: every page read then searched a
        bigger WAL index and every commit wrote to new file blocks; the hub's CPU per create grew 40 %).
        So when the WAL is long, a last pass runs with the writer's lock held: it copies the few frames
        committed since the first pass, and the next write starts the WAL over. It holds the reader's
        lock too: a read still under way when that write begins keeps the WAL from starting over, and
        on a busy machine one always was (in tests/hub/test_hub_store.py the WAL grew to 3,000-11,000
        pages, with two other processes using the CPU).
        """
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            while True:
                self._wake.wait(CHECKPOINT_EVERY_S)
                self._wake.clear()
                if self._stop.is_set():
                    return
                try:
                    _busy, frames, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    if frames >= WAL_RESTART_FRAMES:
                        # A second pass copies what came during the first, so the pass that holds
                        # writes back copies little (3-5 ms held here, mostly the database's fsync).
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                        # No write and no read of ours under way: the pass copies every frame, and
                        # the next write starts the WAL over (a read that began before it would keep
                        # its frames; one that begins after reads the database file alone).
                        with self._lock, self._read_lock:
                            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error:  # busy or gone: the next round, or the close, checkpoints
                    log.debug("WAL checkpoint skipped", exc_info=True)
        finally:
            conn.close()

    def close(self) -> None:
        """Stop the checkpoint thread and close the connections (the last close checkpoints the WAL).
        Later calls fail."""
        self._stop.set()
        self._wake.set()
        self._checkpointer.join(10)
        with self._lock, self._read_lock:
            self._reader.close()
            self._conn.close()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Within this block (this thread or task only), reads use a read-only connection that never waits
        for the writer: for the event loop's request handlers. Writes in the block raise RuntimeError."""
        token = _READING.set(True)
        try:
            yield
        finally:
            _READING.reset(token)

    @property
    def version(self) -> int:
        """The schema version (PRAGMA user_version)."""
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int) -> None:
        current = self.version
        if current > LATEST_VERSION:
            raise RuntimeError(
                f"{self.path}: schema version {current} is newer than this program "
                f"({LATEST_VERSION}); upgrade the program"
            )
        for version, file in migrations():
            if current < version <= target:
                sql = file.read_text(encoding="utf-8")
                try:
                    self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
                    )
                except sqlite3.Error:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                log.info("hub database migrated to version %d (%s)", version, file.name)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write (BEGIN IMMEDIATE … COMMIT); nested calls join the outer one."""
        if _READING.get():
            raise RuntimeError("a write inside Store.reading()")
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")
                self._commits += 1
                if self._commits % CHECKPOINT_AFTER_COMMITS == 0:
                    self._wake.set()

    def _read_with(self) -> tuple[threading.RLock, sqlite3.Connection]:
        """The (lock, connection) reads use here: the reader inside `reading()`, else the writer."""
        return (self._read_lock, self._reader) if _READING.get() else (self._lock, self._conn)

    def _one(self, sql: str, params: Iterable[object] = ()) -> tuple | None:
        lock, conn = self._read_with()
        with lock:
            return conn.execute(sql, tuple(params)).fetchone()

    def _all(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        lock, conn = self._read_with()
        with lock:
            return conn.execute(sql, tuple(params)).fetchall()

    @contextmanager
    def reads_together(self) -> Iterator[None]:
        """Several reads that must see the same data: they hold the reads' lock together (re-entrant)."""
        lock, _conn = self._read_with()
        with lock:
            yield

    def row(self, sql: str, params: Iterable[object] = ()) -> tuple | None:
        """One row of a read query; values go through "?"."""
        return self._one(sql, params)

    def rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        """Every row of a read query; values go through "?"."""
        return self._all(sql, params)
