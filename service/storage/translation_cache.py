"""SQLite cache of sentence translations, one row per engine hop.

Keyed by engine, model id (which includes the model's version), languages
and the exact source sentence, so a repeated request does no engine work and
an upgraded model never serves stale output. WAL mode lets the web workers
and the batch CLI read and write the same file at once.

The cache holds nothing that cannot be made again, so a damaged SQLite file
("file is not a database", "database disk image is malformed") is moved
aside and a new one started at once, instead of every request failing to use
it until someone repairs it; ``rebuilt`` says so to ``/health``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from service.errors import StorageUnavailable
from service.models.translation import Translated
from service.storage.sqlite import Database, open_database

log = logging.getLogger(__name__)
T = TypeVar("T")
_CORRUPT = ("not a database", "malformed", "corrupt")

_CHUNK = 500  # stay far below SQLite's bound-parameter limit


def cache_key(engine: str, model_id: str, source: str, target: str, sentence: str) -> str:
    """Stable digest of everything that determines a translation."""
    raw = "\x1f".join((engine, model_id, source, target, sentence))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class TranslationCache:
    """Get and put many sentence translations per call."""

    def __init__(self, path: str | Path, busy_timeout: float | None = None, pool_size: int = 4):
        self._open = lambda: open_database(path, "cache", busy_timeout, pool_size)
        self._db = self._open()
        self.path = self._db.path
        self.rebuilt: str | None = None  # where the damaged file was put, once it has happened

    def _healing(self, work: Callable[[], T]) -> T:
        """``work()``; if the SQLite file is damaged, moved aside, started afresh, and ``work()`` once more."""
        try:
            return work()
        except StorageUnavailable as err:
            cause = err.__cause__
            damaged = isinstance(cause, sqlite3.DatabaseError) and any(w in str(cause).lower() for w in _CORRUPT)
            if not damaged or not isinstance(self._db, Database):
                raise
            self._rebuild(str(cause))
            return work()

    def _rebuild(self, reason: str) -> None:
        path = Path(self._db.path)
        aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
        with contextlib.suppress(FileNotFoundError):
            os.replace(path, aside)
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        self._db = self._open()  # new connections, in every thread
        self.rebuilt = str(aside)
        log.error("translation cache %s was damaged (%s): moved to %s, started afresh", path, reason, aside)

    def ready(self) -> None:
        """Open the database now, applying its migrations (``python -m service migrate``)."""
        self._db.ready()

    def get_many(
        self, engine: str, model_id: str, source: str, target: str, sentences: Sequence[str]
    ) -> dict[str, Translated]:
        """Cached translations of ``sentences`` that exist, by sentence."""
        keys = {cache_key(engine, model_id, source, target, s): s for s in set(sentences)}
        return self._healing(lambda: self._get(keys))

    def _get(self, keys: dict[str, str]) -> dict[str, Translated]:
        found: dict[str, Translated] = {}
        key_list = list(keys)
        with self._db.read() as db:
            for i in range(0, len(key_list), _CHUNK):
                chunk = key_list[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, text, score, info in db.execute(
                    f"SELECT key, translation, score, info FROM translation_cache WHERE key IN ({marks})", chunk
                ):
                    extra = json.loads(info) if info else {}
                    found[keys[key]] = Translated(
                        text,
                        score,
                        tuple(extra.get("unknown", ())),
                        extra.get("coverage"),
                        tuple(extra.get("flags", ())),
                        tuple((c[0], c[1], tuple(c[2])) for c in extra.get("choices", ())),
                    )
        return found

    def put_many(
        self,
        engine: str,
        model_id: str,
        source: str,
        target: str,
        pairs: Sequence[tuple[str, Translated]],
        sentences: Mapping[str, str] | None = None,
    ) -> None:
        """Store translations; a concurrent writer of the same key is harmless.

        Each pair's first item is what the entry is keyed by; ``sentences`` maps it to the sentence itself
        when the two differ (a sentence with the names protected in it), so that the row holds the sentence.
        """
        now = time.time()
        rows = [
            (
                cache_key(engine, model_id, source, target, s),
                engine,
                model_id,
                source,
                target,
                (sentences or {}).get(s, s),
                t.text,
                t.score,
                now,
                json.dumps(
                    {
                        "unknown": list(t.unknown),
                        "coverage": t.coverage,
                        "flags": list(t.flags),
                        "choices": [list(c) for c in t.choices],
                    }
                ),
            )
            for s, t in pairs
        ]
        self._healing(lambda: self._put(rows))

    def _put(self, rows: list[tuple]) -> None:
        with self._db.transaction() as db:
            db.executemany(
                "INSERT INTO translation_cache VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET "
                "translation = excluded.translation, score = excluded.score, created = excluded.created, "
                "info = excluded.info",
                rows,
            )

    def delete_keys(self, keys: Sequence[str]) -> int:
        """Forget these entries (an article's sentences when it is deleted)."""
        removed = 0
        with self._db.transaction() as db:
            for i in range(0, len(keys), _CHUNK):
                chunk = list(keys[i : i + _CHUNK])
                marks = ",".join("?" * len(chunk))
                removed += db.execute(f"DELETE FROM translation_cache WHERE key IN ({marks})", chunk).rowcount
        return removed

    def purge(self, older_than: float) -> int:
        """Forget entries created before the ``older_than`` timestamp."""
        with self._db.transaction() as db:
            return db.execute("DELETE FROM translation_cache WHERE created < ?", (older_than,)).rowcount

    def count(self) -> int:
        with self._db.read() as db:
            return db.execute("SELECT COUNT(*) FROM translation_cache").fetchone()[0]

    def clear(self) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM translation_cache")
