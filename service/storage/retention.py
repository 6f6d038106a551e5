"""How long what the service keeps is kept: saved articles, cached sentences, translated files, finished jobs.

``purge`` deletes what is older than the given ages (the ``purge`` command);
``Retention.run_if_due`` applies the configured ages at most once an hour,
in a thread of its own so that no request waits for it. Deleting an article
also deletes the cached sentences no other saved article used.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from service.errors import StorageUnavailable
from service.storage.articles import ArticleStore
from service.storage.jobs import JobStore
from service.storage.translation_cache import TranslationCache

INTERVAL = 3600.0  # seconds between automatic purges in one process
log = logging.getLogger(__name__)


def forget_cached(cache: TranslationCache | None, keys: list[str]) -> None:
    """Delete cached sentences an article alone used (now, or at the next purge if storage is busy)."""
    if cache is None or not keys:
        return
    try:
        cache.delete_keys(keys)
    except StorageUnavailable as err:  # the article is gone; its sentences go at the next purge
        log.warning("could not delete %d cached sentences now: %s", len(keys), err.message)


def purge_documents(folder: Path, older_than: float) -> int:
    """Translated files kept for LibreTranslate-style download, older than ``older_than``."""
    removed = 0
    for kept in folder.iterdir() if folder.is_dir() else ():
        if kept.is_dir() and kept.stat().st_mtime < older_than:
            shutil.rmtree(kept, ignore_errors=True)
            removed += 1
    return removed


def purge(
    articles: ArticleStore,
    cache: TranslationCache | None,
    jobs: JobStore,
    documents: Path,
    article_days: float | None,
    cache_days: float | None,
) -> dict[str, int]:
    """Delete saved articles and cached sentences older than these many days (None or 0: keep)."""
    now = time.time()
    counts = {"articles": 0, "cached_sentences": 0}
    if article_days:
        counts["articles"], orphans = articles.purge(now - article_days * 86400)
        if orphans and cache:
            counts["cached_sentences"] += cache.delete_keys(orphans)
    if cache_days and cache:
        counts["cached_sentences"] += cache.purge(now - cache_days * 86400)
    if cache_days:
        counts["documents"] = purge_documents(documents, now - cache_days * 86400)
        counts["jobs"] = jobs.purge(now - cache_days * 86400)
    return counts


class Retention:
    """The configured ages, applied at most once per ``INTERVAL`` in the background."""

    def __init__(self, run, article_days: float, cache_days: float):
        self._run = run  # () -> counts: the purge with this process's stores
        self.article_days = article_days
        self.cache_days = cache_days
        self.next_run = 0.0  # monotonic time of the next purge

    def run_if_due(self) -> None:
        """Start a purge in the background if one is due (never in a request's way)."""
        if not (self.article_days or self.cache_days) or time.monotonic() < self.next_run:
            return
        self.next_run = time.monotonic() + INTERVAL

        def work() -> None:
            try:
                counts = self._run()
                if any(counts.values()):
                    log.info("retention: purged %(articles)d articles, %(cached_sentences)d cached sentences", counts)
            except Exception as err:  # retention must never break serving; it is tried again later
                log.warning("retention purge failed: %s", err)

        threading.Thread(target=work, daemon=True, name="retention-purge").start()
