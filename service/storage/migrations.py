"""Numbered, recorded schema migrations, the same SQL for SQLite and PostgreSQL.

Each store's steps are the files ``migrations/<store>_<NNNN>_<name>.sql``,
written in the SQL both databases speak (``TEXT``, ``INTEGER``, ``DOUBLE
PRECISION``, ``ON CONFLICT``). A step that genuinely differs per database
(a full-text index: SQLite's FTS5 against PostgreSQL's ``tsvector``) is one
file per dialect instead, ``<store>_<NNNN>_<name>.sqlite.sql`` and
``<store>_<NNNN>_<name>.postgresql.sql``: the same version and name, both
files required, each database running its own. ``schema_migrations`` records which steps a
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
_FILE = re.compile(r"^(?P<store>[a-z]+)_(?P<version>\d{4})_(?P<name>\w+?)(?:\.(?P<dialect>[a-z]+))?\.sql$")
DIALECTS = ("sqlite", "postgresql")
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
def migrations_for(store: str, dialect: str = "sqlite") -> tuple[Migration, ...]:
    """The store's steps in order, as ``dialect`` runs them (a step's own file for it, else the common one)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown database dialect {dialect!r}: {', '.join(DIALECTS)}")
    steps: dict[int, dict[str | None, Path]] = {}
    names: dict[int, str] = {}
    for path in FOLDER.glob(f"{store}_*.sql"):
        match = _FILE.match(path.name)
        if not match:
            continue
        version = int(match["version"])
        if names.setdefault(version, match["name"]) != match["name"] or match["dialect"] not in (None, *DIALECTS):
            raise ValueError(f"migration {path.name}: one name per version, dialects {', '.join(DIALECTS)}")
        steps.setdefault(version, {})[match["dialect"]] = path
    if not steps:
        raise ValueError(f"no migrations for the {store!r} store in {FOLDER}")
    found = []
    for version, files in sorted(steps.items()):
        if None in files and len(files) > 1:
            raise ValueError(f"{store} step {version}: a common file and dialect files; keep one or the other")
        if None not in files and set(files) != set(DIALECTS):
            raise ValueError(f"{store} step {version}: dialect files needed for each of {', '.join(DIALECTS)}")
        path = files.get(None) or files[dialect]
        found.append(Migration(store, version, names[version], _statements(path.read_text(encoding="utf-8"))))
    return tuple(found)


def apply(connection, store: str, dialect: str = "sqlite") -> list[int]:
    """Apply the store's missing steps on ``connection`` (inside the caller's transaction); the versions applied."""
    connection.execute(SCHEMA_TABLE)
    done = {row[0] for row in connection.execute("SELECT version FROM schema_migrations WHERE store = ?", (store,))}
    applied = []
    for migration in migrations_for(store, dialect):
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
