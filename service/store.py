"""Saved article results, in SQLite beside the translation cache.

A result is stored as the API's JSON document, so the page, the API and every
export can be rebuilt later without running any engine again.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from .db import Database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    title TEXT,
    source TEXT NOT NULL,
    targets TEXT NOT NULL,
    body TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class StoredSummary:
    """One row of the recent-articles list."""

    id: str
    created: float
    title: str | None
    source: str
    targets: list[str]


class ArticleStore:
    """Save, read, list and delete processed articles."""

    def __init__(self, path: str | Path):
        self._database = Database(path, _SCHEMA)
        self.path = self._database.path

    def _db(self):
        return self._database.connection()

    def save(self, result: dict) -> str:
        """Store a result document under a new id (also written into it) and return the id."""
        article_id = secrets.token_urlsafe(9)
        result["id"] = article_id
        title = (result.get("article") or {}).get("title")
        targets = sorted(result.get("targets", {}))
        self._db().execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
            (
                article_id,
                time.time(),
                title,
                result.get("source", ""),
                json.dumps(targets),
                json.dumps(result, ensure_ascii=False),
            ),
        )
        return article_id

    def get(self, article_id: str) -> dict | None:
        row = self._db().execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def delete(self, article_id: str) -> bool:
        return self._db().execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def recent(self, limit: int = 50) -> list[StoredSummary]:
        rows = self._db().execute(
            "SELECT id, created, title, source, targets FROM articles ORDER BY created DESC LIMIT ?", (limit,)
        )
        return [StoredSummary(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]
