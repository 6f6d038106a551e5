"""SQLite files shared by web workers, threads and the batch CLI: the embedded default's storage.

One connection per thread (sqlite3 connections must not cross threads), WAL
so readers never wait for a writer, migrations applied on first use under
``BEGIN IMMEDIATE`` (several processes may open the same file at once). The
file is opened on first use, and every SQLite failure (read-only folder,
locked database, full disk) becomes ``StorageUnavailable`` with the real
reason, so callers can answer "try again later" instead of crashing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from service import messages
from service.errors import StorageUnavailable
from service.storage import migrations

DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up


def describe(err: BaseException, path: Path) -> str:
    """What went wrong with a database file, for a person."""
    text = str(err).lower()
    folder = path.parent if path.parent.exists() else path.parent.parent
    if "full" in text or "no space" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or "permission" in text or not os.access(folder, os.W_OK):
        return "the folder or file is read-only"
    if "locked" in text or "busy" in text:
        return "the database is locked by another process"
    return f"SQLite reports: {err}"


class Database:
    """A SQLite file holding one store's tables, and one autocommit connection per thread."""

    def __init__(self, path: str | Path, store: str, busy_timeout: float = DEFAULT_BUSY_TIMEOUT):
        self.path = Path(path)
        self.name = self.path.name
        self.store = store
        self.dialect = "sqlite"  # which migration files and search SQL apply
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._ready = False
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout={int(self._busy_timeout * 1000)}")
            db.execute("PRAGMA synchronous=NORMAL")
            with self._lock:
                if not self._ready:
                    self._migrate(db)
                    self._ready = True
            self._local.db = db
        return db

    def _migrate(self, db: sqlite3.Connection, attempts: int = 200) -> None:
        """WAL, then the missing migrations; waits out other processes doing the same.

        Changing the journal mode does not wait on SQLite's busy handler, so
        several workers starting at once would otherwise see "database is locked".
        """
        for attempt in range(attempts):
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("BEGIN IMMEDIATE")
                try:
                    migrations.apply(db, self.store, self.dialect)
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or attempt == attempts - 1:
                    raise
                time.sleep(0.05)

    def ready(self) -> None:
        """Open the database now, applying its migrations (``python -m service migrate``)."""
        with self.guard():
            self._connection()

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn SQLite and file-system failures into ``StorageUnavailable`` naming the reason."""
        try:
            yield
        except (sqlite3.Error, OSError) as err:
            raise StorageUnavailable(
                messages.STORAGE_UNAVAILABLE(name=self.name, reason=describe(err, self.path))
            ) from err

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading (autocommit: each statement sees the latest committed data)."""
        with self.guard():
            yield self._connection()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on failure only if SQLite has not already done so.

        On a full disk SQLite rolls back by itself; a second ROLLBACK would
        fail with "cannot rollback" and hide the real error.
        """
        with self.guard():
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise


def open_database(location: str | Path, store: str, busy_timeout: float | None = None, pool_size: int = 4):
    """A ``postgresql://`` URL opens the shared PostgreSQL database; anything else is a SQLite file."""
    timeout = busy_timeout or DEFAULT_BUSY_TIMEOUT
    if str(location).startswith(("postgresql://", "postgres://")):
        from service.storage.postgres import PostgresDatabase

        return PostgresDatabase(str(location), store, timeout, pool_size)
    return Database(location, store, timeout)
