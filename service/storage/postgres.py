"""PostgreSQL behind the same interface as the SQLite ``Database``: the shared store of a scaled-out deployment.

Every web node and worker reads and writes the same tables, so the stores
(articles, glossaries, jobs, translation cache) keep one code path: their SQL
is the subset both databases speak (``ON CONFLICT``, ``?`` placeholders,
which are rewritten to psycopg's ``%s`` here). One autocommit connection per
thread, reopened after a failure; every database or network failure becomes
``StorageUnavailable`` (503 with Retry-After), never a 500. Tables are
created by ``python -m service migrate`` and, idempotently, on first use,
under an advisory lock so that many nodes starting at once do not race.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator

from service.errors import StorageUnavailable

_TYPES = {r"\bREAL\b": "DOUBLE PRECISION", r"\bBLOB\b": "BYTEA"}
_SCHEMA_LOCK = 7_310_451  # pg_advisory_lock key: one schema migration at a time across nodes


def postgres_schema(schema: str) -> list[str]:
    """The SQLite schema's statements in PostgreSQL's types (REAL is 4 bytes there: timestamps need 8)."""
    for pattern, replacement in _TYPES.items():
        schema = re.sub(pattern, replacement, schema)
    return [s.strip() for s in schema.split(";") if s.strip()]


def columns_of(statement: str) -> tuple[str, list[str]] | None:
    """A CREATE TABLE's name and nullable column definitions (which a migration may add to an older table)."""
    match = re.match(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)$", statement, re.S)
    if not match:
        return None
    out = []
    for line in match.group(2).split(",\n"):
        words = line.strip().split()
        column = words and words[0].isidentifier() and words[0].upper() not in ("PRIMARY", "UNIQUE")
        if column and "NOT NULL" not in line and "PRIMARY KEY" not in line:
            out.append(" ".join(words))
    return match.group(1), out


class _Connection:
    """A psycopg connection that takes the stores' SQL (``?`` placeholders) unchanged."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        return self.raw.execute(sql.replace("?", "%s"), tuple(params))

    def executemany(self, sql: str, rows):
        with self.raw.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), list(rows))
            return cursor


class PostgresDatabase:
    """One PostgreSQL database (``postgresql://…``) with a schema, and one connection per thread."""

    def __init__(self, url: str, schema: str, busy_timeout: float = 30.0):
        self.url = url
        self.path = url.rsplit("/", 1)[-1]  # a name for messages, like the SQLite file's
        self._schema = schema
        self._timeout = busy_timeout
        self._local = threading.local()
        self._ready = False
        self._lock = threading.Lock()

    def _open(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, int(min(self._timeout, 10))))

    def migrate(self, connection: _Connection) -> None:
        """Create missing tables, indexes and nullable columns (safe to run any number of times, from any node)."""
        with connection.raw.transaction():
            connection.execute(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            for statement in postgres_schema(self._schema):
                connection.execute(statement)
                table = columns_of(statement)
                for column in table[1] if table else []:
                    connection.execute(f"ALTER TABLE {table[0]} ADD COLUMN IF NOT EXISTS {column}")

    def connection(self) -> _Connection:
        connection = getattr(self._local, "db", None)
        if connection is not None and connection.raw.closed:
            connection = None
        if connection is None:
            with self.guard():
                connection = _Connection(self._open())
                with self._lock:
                    if not self._ready:
                        self.migrate(connection)
                        self._ready = True
            self._local.db = connection
        return connection

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Database and network failures become ``StorageUnavailable``; the broken connection is dropped."""
        import psycopg

        try:
            yield
        except psycopg.Error as err:
            if isinstance(err, psycopg.OperationalError | psycopg.InterfaceError):
                self._local.db = None
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise StorageUnavailable(f"storage {self.path} (PostgreSQL) is unavailable: {reason}") from err

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_Connection]:
        connection = self.connection()
        with self.guard(), connection.raw.transaction():
            yield connection
