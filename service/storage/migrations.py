"""Numbered, recorded schema migrations, the same SQL for SQLite and PostgreSQL.

Each store's steps are the files ``migrations/<store>_<NNNN>_<name>.sql``,
written in the SQL both databases speak (``TEXT``, ``INTEGER``, ``DOUBLE
PRECISION``, ``ON CONFLICT``). ``schema_migrations`` records which steps a
database has had; opening a store applies the missing ones in order, inside
one transaction that also takes the database's migration lock, so several
processes starting together apply each step once.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).with_name("migrations")
_FILE = re.compile(r"^(?P<store>[a-z]+)_(?P<version>\d{4})_(?P<name>\w+)\.sql$")
SCHEMA_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (store TEXT NOT NULL, version INTEGER NOT NULL, "
    "name TEXT NOT NULL, applied DOUBLE PRECISION NOT NULL, PRIMARY KEY (store, version))"
)


@dataclass(frozen=True)
class Migration:
    """One step of one store's schema."""

    store: str
    version: int
    name: str
    statements: tuple[str, ...]


def _statements(sql: str) -> tuple[str, ...]:
    """The statements of a file: comments dropped, split at the semicolons that end lines."""
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return tuple(s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip())


@cache
def migrations_for(store: str) -> tuple[Migration, ...]:
    """The store's steps in order."""
    found = []
    for path in FOLDER.glob(f"{store}_*.sql"):
        match = _FILE.match(path.name)
        if match:
            found.append(
                Migration(store, int(match["version"]), match["name"], _statements(path.read_text(encoding="utf-8")))
            )
    if not found:
        raise ValueError(f"no migrations for the {store!r} store in {FOLDER}")
    return tuple(sorted(found, key=lambda m: m.version))


def apply(connection, store: str) -> list[int]:
    """Apply the store's missing steps on ``connection`` (inside the caller's transaction); the versions applied."""
    connection.execute(SCHEMA_TABLE)
    done = {row[0] for row in connection.execute("SELECT version FROM schema_migrations WHERE store = ?", (store,))}
    applied = []
    for migration in migrations_for(store):
        if migration.version in done:
            continue
        for statement in migration.statements:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO schema_migrations (store, version, name, applied) VALUES (?, ?, ?, ?)",
            (store, migration.version, migration.name, time.time()),
        )
        applied.append(migration.version)
    return applied
