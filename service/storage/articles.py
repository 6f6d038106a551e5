"""Saved article results, in SQLite beside the translation cache (or in the shared PostgreSQL database).

A result is stored as the API's JSON document (``ArticleResult.to_dict``) and
comes back as the model, so the page, the API and every export can be rebuilt
later without running any engine again. The store also remembers which cached
sentence translations each article used, so that deleting (or purging) an
article can delete the cached sentences no other saved article shares, and
the fingerprints of each article's lines (hashes, not text), so that a line
found in other saved articles can count as page furniture
(``recurring_lines``).
Deleting an article also deletes the pairs of the translation memory reviewed in it.

Beside the document, each article's row records where it came from (outlet,
address, tags), the day it belongs to, whether a person reviewed it and how
many doubtful sentences it has, and ``article_texts`` holds its original and
each translation for the full-text search (``service.storage.search``), so
the archive can be searched and filtered without opening any document.
A reviewer's correction rewrites the stored document (``revise``), guarded by
the article's revision.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from service import messages
from service.errors import StorageUnavailable
from service.models.archive import (
    ArticlePage,
    ArticleSummary,
    ArticleUpdate,
    SearchQuery,
    doubt_count,
    published_day,
)
from service.models.origin import Origin
from service.models.result import ArticleResult
from service.storage import memory, search
from service.storage.sqlite import open_database

_LIST_COLUMNS = "a.id, a.created, a.title, a.source, a.targets, a.outlet, a.url, a.day, a.reviewed, a.doubts"
SNIPPET_WORDS = 24
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

    @property
    def database(self):
        """The articles' database, shared with the translation memory (``service.storage.memory``)."""
        return self._database

    @property
    def dialect(self) -> str:
        return self._database.dialect

    def save(
        self,
        result: ArticleResult,
        origin: Origin | None = None,
        content_key: str | None = None,
        lines: Collection[str] = (),
    ) -> str:
        """Store a result under a new id (also set on the result) and return the id.

        ``origin``: where it came from (merged into ``result.origin``). ``content_key``:
        the same input processed again (a batch re-run, a feed item seen twice)
        replaces the article saved under that key instead of adding a copy.
        ``lines``: the fingerprints of its lines, remembered as evidence for later articles.
        """
        article_id = secrets.token_urlsafe(9)
        origin = (origin or Origin()).merged(result.origin)
        saved = time.time()
        document = {**result.to_dict(), "id": article_id, "origin": origin.to_dict(), "reviewed": False}
        with self._database.transaction() as db:
            if content_key:
                old = [r[0] for r in db.execute("SELECT id FROM articles WHERE content_key = ?", (content_key,))]
                self._delete(db, old)
            db.executemany(
                "INSERT INTO article_cache_keys VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(article_id, key) for key in sorted(result.cache_keys)],
            )
            db.executemany(
                "INSERT INTO article_lines VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(article_id, fingerprint) for fingerprint in sorted(set(lines))],
            )
            db.execute(
                "INSERT INTO articles (id, created, title, source, targets, body, outlet, url, day, reviewed, doubts, "
                "content_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (
                    article_id,
                    saved,
                    result.title,
                    result.source,
                    json.dumps(sorted(result.targets)),
                    json.dumps(document, ensure_ascii=False),
                    origin.outlet,
                    origin.url,
                    published_day(result, origin, saved),
                    doubt_count(result),
                    content_key,
                ),
            )
            db.executemany(
                "INSERT INTO article_tags (article_id, tag) VALUES (?, ?)", [(article_id, t) for t in origin.tags]
            )
            db.executemany(
                "INSERT INTO article_texts (article_id, language, is_source, title, body) VALUES (?, ?, ?, ?, ?)",
                [
                    (article_id, code, int(is_source), title, body)
                    for code, is_source, title, body in search.texts_for(result)
                ],
            )
        result.id = article_id  # only once it is really saved
        result.origin = origin
        return article_id

    def get(self, article_id: str) -> ArticleResult | None:
        """The saved result, its origin and review state as they are now (tags and review change after saving)."""
        with self._database.read() as db:
            row = db.execute("SELECT body, outlet, url, reviewed FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            tags = [
                r[0]
                for r in db.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag", (article_id,))
            ]
        result = ArticleResult.model_validate_json(row[0])
        result.origin = result.origin.model_copy(update={"outlet": row[1], "url": row[2], "tags": tags})
        result.reviewed = bool(row[3])
        return result

    def update(self, article_id: str, change: ArticleUpdate) -> bool:
        """Change a saved article's outlet, address, tags or review state; False when there is no such article."""
        given = change.given()
        with self._database.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                return False
            for column in ("outlet", "url", "reviewed"):
                if column in given:
                    value = getattr(change, column)
                    db.execute(
                        f"UPDATE articles SET {column} = ? WHERE id = ?",
                        (int(bool(value)) if column == "reviewed" else value, article_id),  # null: not reviewed
                    )
            if "tags" in given:
                db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT INTO article_tags (article_id, tag) VALUES (?, ?)",
                    [(article_id, t) for t in change.tags or []],
                )
        return True

    def search(self, query: SearchQuery) -> ArticlePage:
        """One page of the articles matching ``query``: words in any language, filters, order, snippets."""
        dialect = search.dialect_of(self.dialect)
        parsed = search.parse(query.q) if query.q else None
        where, params = search.filters(query)
        condition = (" WHERE " + " AND ".join(where)) if where else ""
        if parsed is not None:
            hits_sql, hits_params = dialect.hits(parsed)
            source = f"({hits_sql}) hits JOIN articles a ON a.id = hits.id"
            params = hits_params + params
            order = search.ORDER[query.sort]
        else:
            source = "articles a"
            order = search.ORDER["oldest" if query.sort == "oldest" else "newest"]
        with self._database.read() as db:
            rows = db.execute(
                f"SELECT {_LIST_COLUMNS}, count(*) OVER () FROM {source}{condition} ORDER BY {order} LIMIT ? OFFSET ?",
                (*params, query.limit, query.offset),
            ).fetchall()
            if rows:
                total = rows[0][-1]
            else:
                total = db.execute(f"SELECT count(*) FROM {source}{condition}", params).fetchone()[0]
            ids = [r[0] for r in rows]
            tags: dict[str, list[str]] = {}
            snippets: dict[str, tuple] = {}
            matched: dict[str, list[str]] = {}
            if ids:
                marks = ", ".join("?" for _ in ids)
                for article_id, tag in db.execute(
                    f"SELECT article_id, tag FROM article_tags WHERE article_id IN ({marks}) ORDER BY tag", ids
                ):
                    tags.setdefault(article_id, []).append(tag)
                if parsed is not None:
                    sql, snippet_params = dialect.snippets(parsed, ids, SNIPPET_WORDS)
                    for article_id, language, marked, score in db.execute(sql, snippet_params).fetchall():
                        matched.setdefault(article_id, []).append(language)
                        if article_id not in snippets or score < snippets[article_id][2]:
                            snippets[article_id] = (language, marked, score)
        articles = []
        for r in rows:
            snippet = snippets.get(r[0])
            articles.append(
                ArticleSummary(
                    id=r[0],
                    created=r[1],
                    title=r[2],
                    source=r[3],
                    targets=json.loads(r[4]),
                    outlet=r[5],
                    source_url=r[6],
                    published=r[7],
                    reviewed=bool(r[8]),
                    doubts=r[9],
                    tags=tags.get(r[0], []),
                    matched=sorted(set(matched.get(r[0], []))),
                    snippet=search.to_snippet(snippet[0], snippet[1]) if snippet else None,
                )
            )
        return ArticlePage(articles=articles, total=total, limit=query.limit, offset=query.offset)

    def in_period(self, first_day: str | None, last_day: str | None, limit: int, **filters) -> list[ArticleResult]:
        """The articles of these days (newest first, at most ``limit``), as results: what a digest reads."""
        page = self.search(
            SearchQuery.model_validate({"from": first_day, "to": last_day, "sort": "newest", "limit": 1, **filters})
        )
        ids: list[str] = []
        offset = 0
        while len(ids) < min(limit, page.total):
            chunk = self.search(
                SearchQuery.model_validate(
                    {"from": first_day, "to": last_day, "sort": "newest", "limit": 100, "offset": offset, **filters}
                )
            )
            if not chunk.articles:
                break
            ids += [a.id for a in chunk.articles]
            offset += 100
        found = [self.get(article_id) for article_id in ids[:limit]]
        return [r for r in found if r is not None]

    def revise(
        self, article_id: str, change: Callable[[ArticleResult], ArticleResult], attempts: int = 20
    ) -> ArticleResult | None:
        """Apply ``change`` to a saved article's document and store what it returns (None: no such article).

        Optimistic: the write happens only if nobody else changed the document since it was read
        (its ``revision``); otherwise it is read again and ``change`` applied to the newer one, so
        two reviewers correcting two sentences at once both keep their correction. The doubt count
        and the texts the search reads follow the document.
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
                    "UPDATE articles SET body = ?, doubts = ?, revision = revision + 1 WHERE id = ? AND revision = ?",
                    (body, doubt_count(result), article_id, row[1]),
                ).rowcount
                if written:
                    db.execute("DELETE FROM article_texts WHERE article_id = ?", (article_id,))
                    db.executemany(
                        "INSERT INTO article_texts (article_id, language, is_source, title, body) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [
                            (article_id, code, int(is_source), title, text)
                            for code, is_source, title, text in search.texts_for(result)
                        ],
                    )
            if written:
                return self.get(article_id)
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
            db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM article_texts WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM article_lines WHERE article_id = ?", (article_id,))
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

    def size(self) -> dict[str, int]:
        """Articles saved, and (SQLite) the bytes of the documents against the bytes of the search index."""
        with self._database.read() as db:
            count, documents = db.execute("SELECT count(*), coalesce(sum(length(body)), 0) FROM articles").fetchone()
            index = 0
            if self.dialect == "sqlite":
                try:
                    index = db.execute(
                        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'article_search%' "
                        "OR name LIKE 'article_texts%'"
                    ).fetchone()[0]
                except Exception:  # dbstat is a compile-time option of SQLite
                    index = 0
        return {"articles": count, "document_bytes": documents, "index_bytes": index}
