"""The translation memory: reviewed sentence pairs per language pair, in the articles' database.

A pair is remembered when a person corrects or accepts a sentence of a saved
article, or when a TMX file is imported. It lives where the articles live
(the same SQLite file, or the shared PostgreSQL database) so that it follows
the same rules: deleting an article deletes the pairs reviewed in it, and the
retention purge deletes pairs reviewed longer ago than saved articles are
kept. Exact look-ups are one indexed query per batch of sentences; close
(fuzzy) look-ups go through a ``FuzzyIndex`` this process keeps per language
pair and rebuilds when another process changed that pair's memory (a
generation counter moves with every change).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from service.storage.memory_index import FUZZY_THRESHOLD, FuzzyIndex, normalise
from service.storage.sqlite import open_database

_CHUNK = 500  # keys per IN (...) query
_COLUMNS = "source, target, key, sentence, translation, reviewed, reviewer, article_id"


@dataclass(frozen=True)
class Pair:
    """One reviewed sentence pair."""

    source: str
    target: str
    sentence: str
    translation: str
    reviewed: float
    reviewer: str | None = None
    article_id: str | None = None

    @property
    def key(self) -> str:
        return normalise(self.sentence)


def _pair(row) -> Pair:
    return Pair(row[0], row[1], row[3], row[4], row[5], row[6], row[7])


def _bump(db, pairs: Iterable[tuple[str, str]]) -> None:
    for source, target in set(pairs):
        db.execute(
            "INSERT INTO memory_generations (source, target, generation) VALUES (?, ?, 1) "
            "ON CONFLICT (source, target) DO UPDATE SET generation = memory_generations.generation + 1",
            (source, target),
        )


def forget_articles(db, article_ids: list[str]) -> int:
    """Inside the caller's transaction: delete the pairs reviewed in these articles; how many."""
    removed = 0
    for article_id in article_ids:
        pairs = db.execute("SELECT DISTINCT source, target FROM memory WHERE article_id = ?", (article_id,)).fetchall()
        if pairs:
            removed += db.execute("DELETE FROM memory WHERE article_id = ?", (article_id,)).rowcount
            _bump(db, [(p[0], p[1]) for p in pairs])
    return removed


class TranslationMemory:
    """Remember, look up, import, export and purge reviewed sentence pairs."""

    def __init__(self, database):
        """``database``: the articles' (``ArticleStore.database``): the same connections, no more files open."""
        self._database = database
        self._indexes: dict[tuple[str, str], FuzzyIndex] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path, busy_timeout: float | None = None, pool_size: int = 4) -> TranslationMemory:
        """The memory in the articles' database at ``path`` (a SQLite file or a ``postgresql://`` URL)."""
        return cls(open_database(path, "articles", busy_timeout, pool_size))

    def ready(self) -> None:
        self._database.ready()

    # -- writing --------------------------------------------------------------

    def remember(self, pairs: Iterable[Pair]) -> int:
        """Store pairs (a pair of the same source sentence replaces the older one); how many."""
        rows = [
            (p.source, p.target, p.key, p.sentence, p.translation, p.reviewed, p.reviewer, p.article_id) for p in pairs
        ]
        rows = [r for r in rows if r[2] and r[4].strip()]
        if not rows:
            return 0
        with self._database.transaction() as db:
            db.executemany(
                f"INSERT INTO memory ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (source, target, key) DO UPDATE SET sentence = excluded.sentence, "
                "translation = excluded.translation, reviewed = excluded.reviewed, reviewer = excluded.reviewer, "
                "article_id = excluded.article_id",
                rows,
            )
            _bump(db, [(r[0], r[1]) for r in rows])
        return len(rows)

    def purge(self, older_than: float) -> int:
        """Delete pairs reviewed before the ``older_than`` timestamp; how many."""
        with self._database.transaction() as db:
            pairs = db.execute(
                "SELECT DISTINCT source, target FROM memory WHERE reviewed < ?", (older_than,)
            ).fetchall()
            removed = db.execute("DELETE FROM memory WHERE reviewed < ?", (older_than,)).rowcount
            _bump(db, [(p[0], p[1]) for p in pairs])
        return removed

    # -- reading --------------------------------------------------------------

    def exact(self, source: str, target: str, sentences: Iterable[str]) -> dict[str, Pair]:
        """The remembered pairs of these sentences, by normalised sentence (only those found)."""
        keys = sorted({normalise(s) for s in sentences} - {""})
        found: dict[str, Pair] = {}
        with self._database.read() as db:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                for row in db.execute(
                    f"SELECT {_COLUMNS} FROM memory WHERE source = ? AND target = ? AND key IN ({marks})",
                    (source, target, *chunk),
                ):
                    found[row[2]] = _pair(row)
        return found

    def _index(self, source: str, target: str) -> FuzzyIndex:
        """This process's fuzzy index of the pair, rebuilt if the store's generation moved."""
        with self._database.read() as db:
            row = db.execute(
                "SELECT generation FROM memory_generations WHERE source = ? AND target = ?", (source, target)
            ).fetchone()
            generation = row[0] if row else 0
            with self._lock:
                index = self._indexes.get((source, target))
                if index is not None and index.generation == generation:
                    return index
            keys = [
                r[0] for r in db.execute("SELECT key FROM memory WHERE source = ? AND target = ?", (source, target))
            ]
        index = FuzzyIndex.of(keys, generation)
        with self._lock:
            self._indexes[(source, target)] = index
        return index

    def close(
        self, source: str, target: str, sentences: Iterable[str], threshold: float = FUZZY_THRESHOLD
    ) -> dict[str, tuple[Pair, float]]:
        """For each sentence with a close (not identical) remembered one: that pair and its score."""
        index = self._index(source, target)
        if not len(index):
            return {}
        best: dict[str, tuple[str, float]] = {}
        for sentence in sentences:
            match = index.best(sentence, threshold)
            if match:
                best[sentence] = match
        pairs = self.exact(source, target, [key for key, _ in best.values()])
        return {s: (pairs[key], score) for s, (key, score) in best.items() if key in pairs}

    def pairs(self, source: str | None = None, target: str | None = None) -> Iterator[Pair]:
        """Every remembered pair (of one source or target language when given), oldest review first."""
        where, params = [], []
        for column, value in (("source", source), ("target", target)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._database.read() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM memory{clause} ORDER BY reviewed, key", tuple(params)).fetchall()
        return (_pair(r) for r in rows)

    def counts(self) -> dict[str, int]:
        """How many pairs per language pair ("fr-en": 12)."""
        with self._database.read() as db:
            rows = db.execute("SELECT source, target, COUNT(*) FROM memory GROUP BY source, target").fetchall()
        return {f"{r[0]}-{r[1]}": r[2] for r in sorted(rows)}
