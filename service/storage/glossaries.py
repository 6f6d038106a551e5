"""Saved, named glossaries (``instance/glossaries.sqlite3``), shared by every worker."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from service.errors import InputError
from service.storage.sqlite import open_database
from service.translation.glossary import Glossary, from_mapping

_SCHEMA = """
CREATE TABLE IF NOT EXISTS glossaries (
    name TEXT PRIMARY KEY,
    updated REAL NOT NULL,
    body TEXT NOT NULL
)
"""
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME.match(name):
        raise InputError("a glossary name is 1 to 64 letters, digits, '.', '_' or '-'", "name")
    return name


class GlossaryStore:
    """Put, get, list and delete glossaries by name."""

    def __init__(self, path: str | Path, busy_timeout: float | None = None):
        self._database = open_database(path, _SCHEMA, busy_timeout)

    def ready(self) -> None:
        """Open the database now, creating or migrating its tables (``python -m service migrate``)."""
        self._database.connection()

    def put(self, glossary: Glossary) -> None:
        name = check_name(glossary.name or "")
        body = json.dumps(glossary.to_dict()["entries"], ensure_ascii=False)
        with self._database.transaction() as db:
            db.execute(
                "INSERT INTO glossaries VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "updated = excluded.updated, body = excluded.body",
                (name, time.time(), body),
            )

    def get(self, name: str) -> Glossary | None:
        with self._database.guard():
            row = self._database.connection().execute("SELECT body FROM glossaries WHERE name = ?", (name,)).fetchone()
        return from_mapping({"entries": json.loads(row[0])}, name) if row else None

    def names(self) -> list[dict]:
        with self._database.guard():
            rows = self._database.connection().execute("SELECT name, updated, body FROM glossaries ORDER BY name")
            return [{"name": n, "updated": u, "entries": len(json.loads(b))} for n, u, b in rows]

    def delete(self, name: str) -> bool:
        with self._database.transaction() as db:
            return db.execute("DELETE FROM glossaries WHERE name = ?", (name,)).rowcount > 0
