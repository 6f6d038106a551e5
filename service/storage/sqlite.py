"""SQLite files shared by web workers, threads and the batch CLI.

One connection per thread (sqlite3 connections must not cross threads), WAL
so readers never wait for a writer, and a start-up that tolerates several
processes creating the same file at once. The file is opened on first use,
and every SQLite failure (read-only folder, locked database, full disk)
becomes ``StorageUnavailable`` with the real reason, so callers can answer
"try again later" instead of crashing.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from service.errors import StorageUnavailable

DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up


def ensure_schema(db: sqlite3.Connection, schema: str, attempts: int = 200) -> None:
    """Switch to WAL and create the tables, waiting out other processes doing the same.

    Changing the journal mode does not wait on SQLite's busy handler, so
    several workers starting at once would otherwise see "database is locked".
    """
    for attempt in range(attempts):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.executescript(schema)
            _add_missing_columns(db, schema)
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _add_missing_columns(db: sqlite3.Connection, schema: str) -> None:
    """Columns a newer schema added to an existing table (CREATE TABLE IF NOT EXISTS leaves old tables as they were)."""
    for table, body in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\)", schema, re.S):
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for line in body.split(",\n"):
            column = line.strip().split()
            if not column or not column[0].isidentifier() or column[0].upper() in ("PRIMARY", "UNIQUE"):
                continue
            if column[0] not in have and "NOT NULL" not in line:  # only nullable columns can be added
                db.execute(f"ALTER TABLE {table} ADD COLUMN {' '.join(column)}")


def describe(err: BaseException, path: Path) -> str:
    """What went wrong with a database file, for a person."""
    text = str(err).lower()
    folder = path.parent if path.parent.exists() else path.parent.parent
    if "full" in text or "no space" in text:
        reason = "the disk is full"
    elif "readonly" in text or "read-only" in text or "permission" in text or not os.access(folder, os.W_OK):
        reason = "the folder or file is read-only"
    elif "locked" in text or "busy" in text:
        reason = "the database is locked by another process"
    else:
        reason = f"SQLite reports: {err}"
    return f"storage {path.name} is unavailable: {reason}"


class Database:
    """A SQLite file with a schema, and one autocommit connection per thread."""

    def __init__(self, path: str | Path, schema: str, busy_timeout: float = DEFAULT_BUSY_TIMEOUT):
        self.path = Path(path)
        self._schema = schema
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._ready = False
        self._lock = threading.Lock()

    def connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            with self.guard():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None)
                db.execute(f"PRAGMA busy_timeout={int(self._busy_timeout * 1000)}")
                db.execute("PRAGMA synchronous=NORMAL")
                with self._lock:
                    if not self._ready:
                        ensure_schema(db, self._schema)
                        self._ready = True
            self._local.db = db
        return db

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn SQLite and file-system failures into ``StorageUnavailable`` naming the reason."""
        try:
            yield
        except (sqlite3.Error, OSError) as err:
            raise StorageUnavailable(describe(err, self.path)) from err

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on failure only if SQLite has not already done so.

        On a full disk SQLite rolls back by itself; a second ROLLBACK would
        fail with "cannot rollback" and hide the real error.
        """
        db = self.connection()
        with self.guard():
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise


def open_database(location: str | Path, schema: str, busy_timeout: float | None = None):
    """A ``postgresql://`` URL opens the shared PostgreSQL database; anything else is a SQLite file."""
    timeout = busy_timeout or DEFAULT_BUSY_TIMEOUT
    if str(location).startswith(("postgresql://", "postgres://")):
        from service.storage.postgres import PostgresDatabase

        return PostgresDatabase(str(location), schema, timeout)
    return Database(location, schema, timeout)
