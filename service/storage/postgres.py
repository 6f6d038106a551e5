"""PostgreSQL behind the same interface as the SQLite ``Database``: the shared store of a scaled-out deployment.

Every web node and worker reads and writes the same tables, so the stores
(articles, glossaries, jobs, translation cache) keep one code path. Their
SQL is the subset both databases speak; its ``?`` placeholders (sqlite3's
style) are turned into psycopg's ``%s`` once per statement — the stores'
statements hold no other question marks. Connections come from one
``psycopg_pool`` pool per database and process, checked before use, so a
restarted server costs one failed request at most; every database or network
failure becomes ``StorageUnavailable`` (503 with Retry-After), never a 500.
Migrations run under an advisory lock, so many nodes starting at once apply
each step once.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from functools import lru_cache

from service import messages
from service.errors import StorageUnavailable
from service.storage import migrations

_SCHEMA_LOCK = 7_310_451  # pg_advisory_xact_lock key: one schema migration at a time across nodes
_POOLS: dict[tuple[str, int], object] = {}
_POOLS_LOCK = threading.Lock()


@lru_cache(maxsize=512)
def _format_style(sql: str) -> str:
    """sqlite3's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Connection:
    """A psycopg connection that takes the stores' SQL (``?`` placeholders) unchanged."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        return self.raw.execute(_format_style(sql), tuple(params))

    def executemany(self, sql: str, rows):
        with self.raw.cursor() as cursor:
            cursor.executemany(_format_style(sql), list(rows))
            return cursor


def _pool(url: str, size: int, timeout: float):
    """The process's pool for ``url`` (a forked child makes its own: connections must not cross a fork)."""
    key = (url, os.getpid())
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            from psycopg_pool import ConnectionPool

            pool = ConnectionPool(
                url,
                min_size=0,
                max_size=max(1, size),
                kwargs={"autocommit": True, "connect_timeout": max(1, int(min(timeout, 10)))},
                check=ConnectionPool.check_connection,
                timeout=max(1.0, min(timeout, 10.0)),
                reconnect_timeout=max(5.0, timeout),
                open=True,
                name=f"service-{os.getpid()}",
            )
            _POOLS[key] = pool
        return pool


class PostgresDatabase:
    """One PostgreSQL database (``postgresql://…``) holding a store's tables, through the process's pool."""

    def __init__(self, url: str, store: str, busy_timeout: float = 30.0, pool_size: int = 4):
        self.url = url
        self.name = url.rsplit("/", 1)[-1]  # a name for messages, like the SQLite file's
        self.path = self.name
        self.store = store
        self.dialect = "postgresql"  # which migration files and search SQL apply
        self._timeout = busy_timeout
        self._pool_size = pool_size
        self._ready = False
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Database, pool and network failures become ``StorageUnavailable``."""
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            yield
        except (psycopg.Error, PoolTimeout) as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            name = f"{self.name} (PostgreSQL)"
            raise StorageUnavailable(messages.STORAGE_UNAVAILABLE(name=name, reason=reason)) from err

    @contextlib.contextmanager
    def _connection(self) -> Iterator[_Connection]:
        with self.guard(), _pool(self.url, self._pool_size, self._timeout).connection() as raw:
            connection = _Connection(raw)
            if not self._ready:
                with self._lock:
                    if not self._ready:
                        self._migrate(connection)
                        self._ready = True
            yield connection

    def _migrate(self, connection: _Connection) -> None:
        with connection.raw.transaction():
            connection.execute(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            migrations.apply(connection, self.store, self.dialect)

    def ready(self) -> None:
        """Open the database now, applying its migrations (``python -m service migrate``)."""
        with self._connection():
            pass

    @contextlib.contextmanager
    def read(self) -> Iterator[_Connection]:
        with self._connection() as connection:
            yield connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_Connection]:
        with self._connection() as connection, self.guard(), connection.raw.transaction():
            yield connection
