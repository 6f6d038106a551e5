"""SQLite files shared by web workers, threads and the batch CLI.

One connection per thread (sqlite3 connections must not cross threads), WAL
so readers never wait for a writer, and a start-up that tolerates several
processes creating the same file at once.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path


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
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


class Database:
    """A SQLite file with a schema, and one autocommit connection per thread."""

    def __init__(self, path: str | Path, schema: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        ensure_schema(self.connection(), schema)

    def connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA busy_timeout=30000")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db
