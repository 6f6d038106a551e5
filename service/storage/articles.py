"""Saved article results, in SQLite beside the translation cache (or in the shared PostgreSQL database).

A result is stored as the API's JSON document (``ArticleResult.to_dict``) and
comes back as the model, so the page, the API and every export can be rebuilt
later without running any engine again. The store also remembers which cached
sentence translations each article used, so that deleting (or purging) an
article can delete the cached sentences no other saved article shares, and
the fingerprints of each article's lines (hashes, not text), so that a line
found in other saved articles can count as page furniture
(``recurring_lines``).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from service.models.result import ArticleResult
from service.storage.sqlite import open_database

SAME_ARTICLE_SHARE = 0.5  # an article sharing this share of another's lines is the same article


@dataclass(frozen=True)
class SavedArticle:
    """One row of the saved-articles list (not the article itself)."""

    id: str
    created: float
    title: str | None
    source: str
    targets: list[str]


class ArticleStore:
    """Save, read, list and delete processed articles."""

    def __init__(self, path: str | Path, busy_timeout: float | None = None, pool_size: int = 4):
        self._database = open_database(path, "articles", busy_timeout, pool_size)
        self.path = self._database.path

    def ready(self) -> None:
        """Open the database now, applying its migrations (``python -m service migrate``)."""
        self._database.ready()

    def save(self, result: ArticleResult, lines: Collection[str] = ()) -> str:
        """Store a result under a new id (also set on the result) and return the id.

        ``lines``: the fingerprints of its lines, remembered as evidence for later articles.
        """
        article_id = secrets.token_urlsafe(9)
        with self._database.transaction() as db:
            db.executemany(
                "INSERT INTO article_cache_keys VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(article_id, key) for key in sorted(result.cache_keys)],
            )
            db.executemany(
                "INSERT INTO article_lines VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(article_id, fingerprint) for fingerprint in sorted(set(lines))],
            )
            db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    time.time(),
                    result.title,
                    result.source,
                    json.dumps(sorted(result.targets)),
                    json.dumps({**result.to_dict(), "id": article_id}, ensure_ascii=False),
                ),
            )
        result.id = article_id  # only once it is really saved
        return article_id

    def get(self, article_id: str) -> ArticleResult | None:
        with self._database.read() as db:
            row = db.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return ArticleResult.model_validate_json(row[0]) if row else None

    def delete(self, article_id: str) -> tuple[bool, list[str]]:
        """Delete an article; return whether it existed and the cache keys no other article uses."""
        with self._database.transaction() as db:
            return self._delete(db, [article_id])

    @staticmethod
    def _delete(db, ids: list[str]) -> tuple[bool, list[str]]:
        existed = False
        orphans: list[str] = []
        for article_id in ids:
            keys = [r[0] for r in db.execute("SELECT key FROM article_cache_keys WHERE article_id = ?", (article_id,))]
            existed = db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0 or existed
            db.execute("DELETE FROM article_cache_keys WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM article_lines WHERE article_id = ?", (article_id,))
            orphans += [
                key
                for key in keys
                if db.execute("SELECT 1 FROM article_cache_keys WHERE key = ? LIMIT 1", (key,)).fetchone() is None
            ]
        return existed, orphans

    def purge(self, older_than: float) -> tuple[int, list[str]]:
        """Delete articles saved before the ``older_than`` timestamp; (count, orphaned cache keys)."""
        with self._database.transaction() as db:
            ids = [r[0] for r in db.execute("SELECT id FROM articles WHERE created < ?", (older_than,))]
            _, orphans = self._delete(db, ids)
        return len(ids), orphans

    def recurring_lines(self, lines: Collection[str], same_share: float = SAME_ARTICLE_SHARE) -> frozenset[str]:
        """Which of these line fingerprints other saved articles have.

        An article that shares ``same_share`` or more of the lines is the same article (saved again, or
        run with other options) and does not count: only lines found across different articles are
        evidence of furniture.
        """
        wanted = sorted(set(lines))
        if not wanted:
            return frozenset()
        found: dict[str, set[str]] = {}
        with self._database.read() as db:
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ", ".join("?" * len(part))
                query = f"SELECT article_id, fingerprint FROM article_lines WHERE fingerprint IN ({marks})"
                rows = db.execute(query, part).fetchall()
                for article_id, fingerprint in rows:
                    found.setdefault(article_id, set()).add(fingerprint)
        others = [shared for shared in found.values() if len(shared) < same_share * len(wanted)]
        return frozenset().union(*others) if others else frozenset()

    def recent(self, limit: int = 50) -> list[SavedArticle]:
        with self._database.read() as db:
            rows = db.execute(
                "SELECT id, created, title, source, targets FROM articles ORDER BY created DESC LIMIT ?", (limit,)
            ).fetchall()
        return [SavedArticle(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]
