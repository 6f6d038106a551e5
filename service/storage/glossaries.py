"""Saved, named glossaries (``instance/glossaries.sqlite3``, or PostgreSQL), shared by every worker."""

from __future__ import annotations

import json
import time
from pathlib import Path

from service.models.glossary import Glossary, check_name, from_mapping
from service.storage.sqlite import open_database

__all__ = ["GlossaryStore", "check_name"]


class GlossaryStore:
    """Put, get, list and delete glossaries by name."""

    def __init__(self, path: str | Path, busy_timeout: float | None = None, pool_size: int = 4):
        self._database = open_database(path, "glossaries", busy_timeout, pool_size)

    def ready(self) -> None:
        """Open the database now, applying its migrations (``python -m service migrate``)."""
        self._database.ready()

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
        with self._database.read() as db:
            row = db.execute("SELECT body FROM glossaries WHERE name = ?", (name,)).fetchone()
        return from_mapping({"entries": json.loads(row[0])}, name) if row else None

    def names(self) -> list[dict]:
        with self._database.read() as db:
            rows = db.execute("SELECT name, updated, body FROM glossaries ORDER BY name").fetchall()
        return [{"name": n, "updated": u, "entries": len(json.loads(b))} for n, u, b in rows]

    def delete(self, name: str) -> bool:
        with self._database.transaction() as db:
            return db.execute("DELETE FROM glossaries WHERE name = ?", (name,)).rowcount > 0
