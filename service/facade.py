"""The service layer: what one process shares, and the operations every front end calls.

The web pages, the JSON API, the CLI and the batch workers each hold one
``Runtime`` and call its methods with an ``Options`` (``service.options``);
they get back the result models (``TranslationResult``, ``ArticleResult``) or
a ``ServiceError`` (``service.errors``) to present their own way. The
translator and the store are created on first use, so building a runtime
loads no model.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import time
from collections.abc import MutableMapping
from pathlib import Path

from service import languages
from service import settings as service_config
from service.errors import InputError, StorageUnavailable, TooLarge
from service.jobs.execution import initial_progress, job_request, request_hash
from service.jobs.local import LocalExecutor, dispatch
from service.models.options import ALIGNED, Options
from service.models.result import ArticleResult
from service.pipeline.articles import process_article, process_articles
from service.progress import NO_LIMIT, Deadline
from service.storage.articles import ArticleStore, SavedArticle
from service.storage.glossaries import GlossaryStore, check_name
from service.storage.jobs import JobStore
from service.text.files import check_texts
from service.translation.glossary import Glossary, from_mapping, parse_file
from service.translation.translator import TranslationResult, Translator, translate_texts

MAX_LIST_LIMIT = 500
WARM_UP_TEXT = "Le titre\n\nLe conseil a voté le budget lundi. Les habitants attendaient ce vote. Il pleut à Lyon."
PURGE_INTERVAL = 3600.0  # seconds between automatic retention purges in one process
log = logging.getLogger(__name__)
# JSON may carry "\ud800" alone: Python keeps it, but no file, database or engine can encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Runtime:
    """Settings, the shared translator and the article store of one process."""

    def __init__(self, config: MutableMapping | None = None):
        # The mapping is read when things are first built, so a caller (or a
        # test) may still change it after creating the runtime.
        self.config = config if config is not None else service_config.from_env()
        self._translator: Translator | None = None
        self._store: ArticleStore | None = None
        self._glossaries: GlossaryStore | None = None
        self._jobs: JobStore | None = None
        self.executor = LocalExecutor(self)
        self._lock = threading.Lock()
        self._next_purge = 0.0

    # -- shared objects ------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """Whether the translator or the store has been built yet."""
        return self._translator is not None or self._store is not None

    @property
    def translator(self) -> Translator:
        with self._lock:
            if self._translator is None:
                self._translator = service_config.build_translator(self.config)
            return self._translator

    @translator.setter
    def translator(self, value: Translator) -> None:
        self._translator = value

    @property
    def store(self) -> ArticleStore:
        with self._lock:
            if self._store is None:
                location = service_config.storage_location(self.config, "articles")
                self._store = ArticleStore(location, float(self.config["DB_BUSY_TIMEOUT"]))
            return self._store

    @property
    def jobs(self) -> JobStore:
        with self._lock:
            if self._jobs is None:
                location = service_config.storage_location(self.config, "jobs")
                self._jobs = JobStore(location, float(self.config["DB_BUSY_TIMEOUT"]))
            return self._jobs

    def warm(self) -> None:
        """Load what the first request would otherwise wait for: engines and models, sumy, NLTK, the detector."""
        from service.text.language_id import detect_language

        translator = self.translator
        for engine in translator.engines.values():
            getattr(engine, "warm", lambda: None)()
        process_article(None, WARM_UP_TEXT, Options(), NO_LIMIT)
        detect_language(WARM_UP_TEXT)

    # -- jobs ----------------------------------------------------------------

    def submit_job(self, text: str, options: Options, idem_key: str | None = None, window: float = 86400.0):
        """A queued job for this article (or the existing one for ``idem_key``): ``(job, created)``."""
        if not options.keep:
            raise InputError(
                "a job's result is saved: for a result that must not be stored, post to /api/v1/articles "
                "with keep=false (it answers synchronously)",
                "keep",
            )
        text = check_texts([self.check_text(text)])[0]  # an empty text is refused now, not by the job
        progress = initial_progress(options.targets)
        digest = request_hash(text, options)
        job, created = self.jobs.create(job_request(text, options), digest, idem_key, window, progress)
        if not created and job.request_hash != digest:
            raise InputError(
                "this Idempotency-Key was used for a different request", "Idempotency-Key", "idempotency_key_reused"
            )
        if created:
            dispatch(self, job.id)
        return job, created

    # -- validation ----------------------------------------------------------

    def options(self, values: dict, *, targets_required: bool = False) -> Options:
        """A request's options, validated against this server's limits; a glossary named or given inline."""
        limit = int(self.config["MAX_TARGETS"])
        values = {**values, "glossary": self.glossary_of(values.get("glossary"))}
        return Options.from_mapping(values, max_targets=limit, targets_required=targets_required)

    def glossary_of(self, value: object) -> Glossary | None:
        """A saved glossary's name, an inline ``{"entries": [...]}``, CSV/TSV text with a newline, or None."""
        if value is None or value == "" or isinstance(value, Glossary):
            return value or None
        if isinstance(value, str) and "\n" not in value and "," not in value and "\t" not in value:
            found = self.glossaries.get(check_name(value.strip()))
            if found is None:
                raise InputError(f"no saved glossary named {value!r}", "glossary")
            return found
        if isinstance(value, str):
            return parse_file(value)
        return from_mapping(value)

    @property
    def glossaries(self) -> GlossaryStore:
        with self._lock:
            if self._glossaries is None:
                location = service_config.storage_location(self.config, "glossaries")
                self._glossaries = GlossaryStore(location, float(self.config["DB_BUSY_TIMEOUT"]))
            return self._glossaries

    def check_text(self, text: object, field: str = "text") -> str:
        """The text if it is a string within the size limit."""
        if not isinstance(text, str):
            raise InputError(f"'{field}' must be a string", field)
        limit = int(self.config["MAX_TEXT_CHARS"])
        if len(text) > limit:
            raise TooLarge(f"the text is longer than {limit} characters", field=field)
        bad = _LONE_SURROGATE.search(text)
        if bad:
            raise InputError(
                f"the text has an invalid character at position {bad.start()} (a lone UTF-16 surrogate, "
                "left by a broken copy of an emoji or accented letter); remove it and send the text again",
                field,
                code="invalid_text",
            )
        return text

    # -- operations ----------------------------------------------------------

    def deadline(self) -> Deadline:
        """The time limit of one request (``REQUEST_TIME_LIMIT`` seconds; 0: none)."""
        return Deadline(float(self.config["REQUEST_TIME_LIMIT"]) or None)

    def translate(self, texts: list[str], options: Options) -> list[TranslationResult]:
        """Sentences of every text translated into every target, in one engine batch per hop."""
        self.purge_when_due()
        results = translate_texts(self.translator, texts, options, self.deadline())
        self.translator.check_any_succeeded(results[0].targets)
        return results

    def process(self, text: str, options: Options, deadline: Deadline | None = None) -> ArticleResult:
        """The whole pipeline for one article; saved (``result.id`` set) unless all targets failed or not ``keep``.

        ``deadline``: the request's time limit by default; a job passes one that also records its progress.
        """
        self.purge_when_due()
        translator = self.translator if options.targets else None
        result = process_article(translator, text, options, deadline or self.deadline())
        if result.targets:
            self.translator.check_any_succeeded(result.targets)
        if options.keep:
            self.store.save(result)
        return result

    def process_many(
        self, texts: list[str], options: Options, deadline: Deadline = NO_LIMIT
    ) -> list[ArticleResult | InputError]:
        """Several articles with one engine batch per hop (the batch's path); nothing is saved."""
        return process_articles(self.translator if options.targets else None, texts, options, deadline)

    def summarize(self, text: str, options: Options) -> ArticleResult:
        """Structure and summary of a text in its own language (no engine)."""
        result = process_article(None, text, options.replace(targets=()), self.deadline())
        summary = result.summary(result.source, ALIGNED)
        if summary and summary.error:
            raise InputError(summary.error, "text")
        return result

    def languages(self, interface: str = "en") -> dict:
        """Sources, targets and the route to each target, with Babel names."""
        translator = self.translator
        graph_sources, _ = translator.graph.languages
        pairs = []
        for source in sorted(graph_sources):
            for target, route in sorted(translator.routes(source).items()):
                pairs.append({"source": source, "target": target, "route": route.to_dict()})
        codes = sorted({p["source"] for p in pairs} | {p["target"] for p in pairs})
        return {
            "languages": [languages.describe(c, interface) for c in codes],
            "sources": sorted(graph_sources),
            "targets": sorted({p["target"] for p in pairs}),
            "pairs": pairs,
        }

    def health(self) -> dict:
        """Each engine, its pairs and any broken package; ``status`` is ok when one engine works."""
        engines = []
        for engine in self.translator.engines.values():
            status = engine.status()
            engines.append(
                {
                    "name": status.name,
                    "available": status.available,
                    "detail": status.detail,
                    "pairs": [list(p) for p in status.pairs],
                    "problems": status.problems,
                }
            )
        ok = any(e["available"] for e in engines)
        return {"status": "ok" if ok else "unavailable", "engines": engines}

    # -- saved articles ------------------------------------------------------

    def article(self, article_id: str) -> ArticleResult | None:
        return self.store.get(article_id)

    def saved_articles(self, limit: int = 50) -> list[SavedArticle]:
        return self.store.recent(max(1, min(limit, MAX_LIST_LIMIT)))

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and the cached sentence translations no other saved article shares."""
        existed, orphans = self.store.delete(article_id)
        self._forget_cached(orphans)
        return existed

    def _forget_cached(self, keys: list[str]) -> None:
        cache = self.translator.cache if keys else None
        if cache is None:
            return
        try:
            cache.delete_keys(keys)
        except StorageUnavailable as err:  # the article is gone; its sentences go at the next purge
            log.warning("could not delete %d cached sentences now: %s", len(keys), err.message)

    # -- retention -------------------------------------------------------------

    def purge(self, article_days: float | None, cache_days: float | None) -> dict[str, int]:
        """Delete saved articles and cached sentences older than these many days (None or 0: keep)."""
        now = time.time()
        counts = {"articles": 0, "cached_sentences": 0}
        if article_days:
            counts["articles"], orphans = self.store.purge(now - article_days * 86400)
            if orphans and self.translator.cache:
                counts["cached_sentences"] += self.translator.cache.delete_keys(orphans)
        if cache_days and self.translator.cache:
            counts["cached_sentences"] += self.translator.cache.purge(now - cache_days * 86400)
        if cache_days:
            counts["documents"] = self._purge_documents(now - cache_days * 86400)
            counts["jobs"] = self.jobs.purge(now - cache_days * 86400)
        return counts

    def _purge_documents(self, older_than: float) -> int:
        """Translated files kept for LibreTranslate-style download, older than ``older_than``."""
        folder = Path(self.config["INSTANCE_PATH"]) / "documents"
        removed = 0
        for kept in folder.iterdir() if folder.is_dir() else ():
            if kept.is_dir() and kept.stat().st_mtime < older_than:
                shutil.rmtree(kept, ignore_errors=True)
                removed += 1
        return removed

    def purge_when_due(self) -> None:
        """Apply the configured retention at most once an hour, in the background (never in a request's way)."""
        article_days = float(self.config["ARTICLE_RETENTION_DAYS"])
        cache_days = float(self.config["CACHE_RETENTION_DAYS"])
        if not (article_days or cache_days) or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_INTERVAL

        def run() -> None:
            try:
                counts = self.purge(article_days, cache_days)
                if any(counts.values()):
                    log.info("retention: purged %(articles)d articles, %(cached_sentences)d cached sentences", counts)
            except Exception as err:  # retention must never break serving; it is tried again later
                log.warning("retention purge failed: %s", err)

        threading.Thread(target=run, daemon=True, name="retention-purge").start()
