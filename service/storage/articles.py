"""Saved article results, in SQLite beside the translation cache (or in the shared PostgreSQL database).

A result is stored as the API's JSON document (``ArticleResult.to_dict``) and
comes back as the model, so the page, the API and every export can be rebuilt
later without running any engine again. The store also remembers which cached
sentence translations each article used, so that deleting (or purging) an
article can delete the cached sentences no other saved article shares, and
the pairs of the translation memory reviewed in it. A reviewer's correction
rewrites the stored document (``update``), guarded by the article's revision.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service import messages
from service.errors import StorageUnavailable
from service.models.result import ArticleResult
from service.storage import memory
from service.storage.sqlite import open_database


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

    def save(self, result: ArticleResult) -> str:
        """Store a result under a new id (also set on the result) and return the id."""
        article_id = secrets.token_urlsafe(9)
        with self._database.transaction() as db:
            db.executemany(
                "INSERT INTO article_cache_keys VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(article_id, key) for key in sorted(result.cache_keys)],
            )
            db.execute(
                "INSERT INTO articles (id, created, title, source, targets, body) VALUES (?, ?, ?, ?, ?, ?)",
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

    def update(
        self, article_id: str, change: Callable[[ArticleResult], ArticleResult], attempts: int = 20
    ) -> ArticleResult | None:
        """Apply ``change`` to a saved article and store what it returns (None: no such article).

        Optimistic: the write happens only if nobody else changed the article since it was read
        (its ``revision``); otherwise it is read again and ``change`` applied to the newer one, so
        two reviewers correcting two sentences at once both keep their correction.
        """
        for _ in range(attempts):
            with self._database.read() as db:
                row = db.execute("SELECT body, revision FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            result = change(ArticleResult.model_validate_json(row[0]))
            body = json.dumps({**result.to_dict(), "id": article_id}, ensure_ascii=False)
            with self._database.transaction() as db:
                written = db.execute(
                    "UPDATE articles SET body = ?, revision = revision + 1 WHERE id = ? AND revision = ?",
                    (body, article_id, row[1]),
                ).rowcount
            if written:
                result.id = article_id
                return result
        raise StorageUnavailable(messages.ARTICLE_BUSY())

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
            memory.forget_articles(db, [article_id])  # its reviewed sentences are its text too
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

    def recent(self, limit: int = 50) -> list[SavedArticle]:
        with self._database.read() as db:
            rows = db.execute(
                "SELECT id, created, title, source, targets FROM articles ORDER BY created DESC LIMIT ?", (limit,)
            ).fetchall()
        return [SavedArticle(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]
