"""The service layer: the operations every front end calls, over what one process shares.

The web pages, the JSON API, the CLI and the batch workers each hold one
``Service`` and call its methods with an ``Options`` (``service.models``);
they get back the result models or a ``ServiceError`` to present their own
way. It is a thin façade: the pipeline does the work (``service.pipeline``),
the stores keep the data and apply retention (``service.storage``), options
validate themselves, and whoever starts the process gives it the executor
that runs jobs (``service.jobs``). The translator and the stores are built on
first use, so creating a ``Service`` loads no model.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Collection, MutableMapping
from pathlib import Path
from typing import Protocol

from service import languages, messages
from service import settings as service_settings
from service.errors import InputError, ServiceError, StorageUnavailable, TooLarge
from service.models.api import EngineReport, Health, LanguagePair, Languages
from service.models.archive import ArticlePage, ArticleUpdate, Digest, SearchQuery
from service.models.article import TRANSLATED_KINDS
from service.models.glossary import Glossary
from service.models.options import DEFAULT_TARGETS, Options
from service.models.origin import Origin
from service.models.result import CLEARED_DOUBTS, ArticleResult, LanguageInfo
from service.models.summary import ALIGNED
from service.models.translation import FROM_MEMORY, MemoryMatch, Route, TargetResult, TranslationResult
from service.pipeline import documents
from service.pipeline.run import process_article, process_articles, translate_texts
from service.progress import NO_LIMIT, Tracker, WarmUp
from service.storage import retention
from service.storage.articles import ArticleStore, SavedArticle
from service.storage.glossaries import GlossaryStore
from service.storage.jobs import Job, JobStore, initial_progress, job_request_hash
from service.storage.memory import Pair, TranslationMemory
from service.storage.memory_index import normalise
from service.storage.sessions import SessionStore
from service.text.files import check_texts, normalize_text
from service.text.limits import Limits, check_characters
from service.text.structure import line_fingerprints
from service.translation.translator import Translator

log = logging.getLogger(__name__)
MAX_LIST_LIMIT = 500
WARM_UP_SOURCE = "fr"  # the service's own language: its routes start first
WARM_UP_TEXT = "Le titre\n\nLe conseil a voté le budget lundi. Les habitants attendaient ce vote. Il pleut à Lyon."
# JSON may carry "\ud800" alone: Python keeps it, but no file, database or engine can encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
log = logging.getLogger(__name__)


class Executor(Protocol):
    """Whatever runs jobs: told each time one is submitted."""

    def notify(self, job_id: str) -> None: ...


class Service:
    """Settings, the shared translator and stores of one process, and the operations on them."""

    def __init__(self, config: MutableMapping | None = None, executor: Executor | None = None):
        # The mapping is read when things are first built, so a caller (or a
        # test) may still change it after creating the service.
        self.config = config if config is not None else service_settings.from_env()
        self.executor = executor
        self.warm_up = WarmUp()
        self._built: dict[str, object] = {}
        self._lock = threading.Lock()
        article_days, cache_days = (
            float(self.config["ARTICLE_RETENTION_DAYS"]),
            float(self.config["CACHE_RETENTION_DAYS"]),
        )
        self.retention = retention.Retention(lambda: self.purge(article_days, cache_days), article_days, cache_days)

    # -- what the process shares, built on first use --------------------------

    def _once(self, name: str, build: Callable[[], object]):
        with self._lock:
            if name not in self._built:
                self._built[name] = build()
            return self._built[name]

    def _location(self, name: str) -> str:
        return service_settings.storage_location(self.config, name)

    def _timeout(self) -> float:
        return float(self.config["DB_BUSY_TIMEOUT"])

    @property
    def loaded(self) -> bool:
        """Whether the translator or a store has been built yet."""
        return bool(self._built)

    @property
    def translator(self) -> Translator:
        return self._once("translator", lambda: Translator.from_settings(self.config))  # type: ignore[return-value]

    @translator.setter
    def translator(self, value: Translator) -> None:
        self._built["translator"] = value

    @property
    def store(self) -> ArticleStore:
        size = int(self.config["DATABASE_POOL_SIZE"])
        return self._once("articles", lambda: ArticleStore(self._location("articles"), self._timeout(), size))  # type: ignore[return-value]

    @property
    def jobs(self) -> JobStore:
        size = int(self.config["DATABASE_POOL_SIZE"])
        return self._once("jobs", lambda: JobStore(self._location("jobs"), self._timeout(), size))  # type: ignore[return-value]

    @property
    def glossaries(self) -> GlossaryStore:
        size = int(self.config["DATABASE_POOL_SIZE"])
        return self._once("glossaries", lambda: GlossaryStore(self._location("glossaries"), self._timeout(), size))  # type: ignore[return-value]

    @property
    def memory(self) -> TranslationMemory:
        """The translation memory of reviewed pairs, in the articles' database."""
        store = self.store  # built first: _once holds a lock that is not re-entrant
        return self._once("memory", lambda: TranslationMemory(store.database))  # type: ignore[return-value]

    @property
    def sessions(self) -> SessionStore:
        """Signed-in sessions kept on the server, so that signing out or removing a key ends them."""
        size = int(self.config["DATABASE_POOL_SIZE"])
        return self._once("sessions", lambda: SessionStore(self._location("sessions"), self._timeout(), size))  # type: ignore[return-value]

    def warm(self) -> None:
        """Load what the first request would otherwise wait for: engines and models, sumy, NLTK, the detector.

        The engines of the routes from French to the form's default targets
        start (as many Apertium pipelines as the process's bounds hold); the
        others start when a request needs them. Each step is told to
        ``warm_up``, which jobs waiting meanwhile show.
        """
        from service.text.language_id import detect_language

        self.warm_up.begin()
        try:
            self.translator.warm(WARM_UP_SOURCE, DEFAULT_TARGETS, self.warm_up.step)
            process_article(None, WARM_UP_TEXT, Options(), NO_LIMIT)
            detect_language(WARM_UP_TEXT)
        finally:
            self.warm_up.end()

    def migrate(self) -> list[str]:
        """Create or upgrade every store's tables now; the names of the stores made ready."""
        ready = []
        for name, store in (
            ("articles", self.store),
            ("jobs", self.jobs),
            ("glossaries", self.glossaries),
            ("sessions", self.sessions),
            ("translation cache", self.translator.cache),
        ):
            if store is not None:
                store.ready()
                ready.append(name)
        return ready

    # -- validation ----------------------------------------------------------

    def options(self, values: dict, *, targets_required: bool = False) -> Options:
        """A request's options, validated against this server's limits; a glossary named or given inline."""
        return Options.validate_values(
            values,
            max_targets=int(self.config["MAX_TARGETS"]),
            targets_required=targets_required,
            glossary_lookup=self.glossaries.get,
        )

    def check_text(self, text: object, field: str = "text") -> str:
        """The text if it is a string within the size limit."""
        if not isinstance(text, str):
            raise InputError(messages.NOT_A_STRING(field=field), field)
        limit = int(self.config["MAX_TEXT_CHARS"])
        if len(text) > limit:
            raise TooLarge(messages.TEXT_TOO_LONG(limit=limit), field=field)
        bad = _LONE_SURROGATE.search(text)
        if bad:
            raise InputError(messages.LONE_SURROGATE(at=bad.start()), field, code="invalid_text")
        return text

    @property
    def limits(self) -> Limits:
        """The budgets of one request on this server."""
        return Limits.from_config(self.config)

    def check_budget(self, texts: list[str], field: str = "text") -> None:
        """``TooLarge`` when the texts of one request hold more characters together than the budget."""
        check_characters(texts, self.limits.chars, field)

    def tracker(self) -> Tracker:
        """The time limit of one request (``REQUEST_TIME_LIMIT`` seconds; 0: none)."""
        return Tracker(float(self.config["REQUEST_TIME_LIMIT"]) or None)

    # -- the pipeline --------------------------------------------------------

    def translate(
        self,
        texts: list[str],
        options: Options,
        tracker: Tracker | None = None,
        require_one: bool = True,
        doubts_shown: bool = True,
    ) -> list[TranslationResult]:
        """Sentences of every text translated into every target, in one engine batch per hop.

        ``require_one``: raise ``TranslationFailed`` when no target could be translated (the API's 4xx/503);
        the CLI lists each target's reason instead. ``doubts_shown``: False for answers that carry no
        doubt (LibreTranslate's, translated documents): no second route is asked, which halves the work.
        """
        self.check_budget(texts, "texts" if len(texts) > 1 else "text")
        self.retention.run_if_due()
        tracker = tracker or self.tracker()
        results = translate_texts(self.translator, texts, options, tracker, second_opinion=doubts_shown)
        for result in results:
            texts_of = [s.text for s in result.sentences]
            result.targets = {
                code: self._remembered(result.source, target, texts_of, [True] * len(texts_of))
                for code, target in result.targets.items()
            }
        if require_one:
            self.translator.check_any_succeeded(results[0].targets)
        return results

    def process(
        self,
        text: str,
        options: Options,
        tracker: Tracker | None = None,
        origin: Origin | None = None,
        before_saving: Callable[[], None] | None = None,
    ) -> ArticleResult:
        """The whole pipeline for one article; saved (``result.id`` set) unless all targets failed or not ``keep``.

        ``tracker``: the request's time limit by default; a job passes one that also records its progress,
        and ``before_saving``, which raises when the job was cancelled meanwhile: nothing of it is saved.
        ``origin``: where the article comes from (outlet, address, tags), kept with it.
        """
        self.check_budget([text])
        self.retention.run_if_due()
        translator = self.translator if options.targets else None
        lines = line_fingerprints(normalize_text(text)) if isinstance(text, str) else frozenset()
        recurring = self.recurring_lines(lines)
        result = self.recall(process_article(translator, text, options, tracker or self.tracker(), recurring))
        if result.targets:
            self.translator.check_any_succeeded(result.targets)
        if origin is not None:
            result.origin = origin.merged(result.origin)
        if options.keep:
            if before_saving is not None:
                before_saving()
            self.store.save(result, lines=lines)
        return result

    def recurring_lines(self, lines: frozenset[str]) -> frozenset[str]:
        """Which of an article's lines (fingerprints) other saved articles have: evidence of page furniture.

        Only evidence: when the store cannot be read, the article is read without it.
        """
        try:
            return self.store.recurring_lines(lines)
        except ServiceError as err:
            log.warning("saved articles not consulted for repeated lines: %s", err.message)
            return frozenset()

    def process_many(
        self,
        texts: list[str],
        options: Options,
        tracker: Tracker = NO_LIMIT,
        recurring: Collection[str] = frozenset(),
    ) -> list[ArticleResult | InputError]:
        """Several articles with one engine batch per hop (the batch's path); nothing is saved.

        ``recurring``: lines (fingerprints) found across the batch's articles; lines that saved articles
        have count too.
        """
        saved = [
            self.recurring_lines(line_fingerprints(normalize_text(t)) if isinstance(t, str) else frozenset())
            for t in texts
        ]
        translator = self.translator if options.targets else None
        results = process_articles(translator, texts, options, tracker, recurring, saved)
        return [r if isinstance(r, InputError) else self.recall(r) for r in results]

    def summarize(self, text: str, options: Options) -> ArticleResult:
        """Structure and summary of a text in its own language (no engine)."""
        self.check_budget([text])
        result = process_article(None, text, options.replace(targets=()), self.tracker())
        summary = result.summary_for(result.source, ALIGNED)
        if summary and summary.error:
            raise InputError(summary.error, "text")
        return result

    def translate_document(self, name: str, data: bytes, options: Options) -> tuple[bytes, str]:
        """A document translated into ``options.targets[0]``, in its own format, and its media type."""
        # A translated document carries no doubts: nobody would read a second route's verdict.
        translate = functools.partial(self.translate, doubts_shown=False)
        return documents.translate_document(translate, name, data, options, self.limits)

    # -- languages and engines -----------------------------------------------

    def routes(self, source: str) -> dict[str, Route]:
        """Every target reachable from ``source`` with its best route."""
        return self.translator.routes(source)

    def source_languages(self) -> list[str]:
        return sorted(self.translator.graph.languages[0])

    def languages(self, interface: str = "en") -> Languages:
        """Sources, targets and the route to each target, with Babel names."""
        pairs = [
            LanguagePair(source=source, target=target, route=route)
            for source in self.source_languages()
            for target, route in sorted(self.routes(source).items())
        ]
        codes = sorted({p.source for p in pairs} | {p.target for p in pairs})
        return Languages(
            languages=[LanguageInfo(**languages.describe(c, interface)) for c in codes],
            sources=self.source_languages(),
            targets=sorted({p.target for p in pairs}),
            pairs=pairs,
        )

    def health(self) -> Health:
        """Each engine, its pairs and any broken package; ``status`` is ok when one engine works."""
        engines = []
        for engine in self.translator.engines.values():
            status = engine.status()
            engines.append(
                EngineReport(
                    name=status.name,
                    available=status.available,
                    detail=status.detail,
                    pairs=[list(p) for p in status.pairs],
                    problems=status.problems,
                )
            )
        ok = any(e.available for e in engines)
        alive = getattr(self.executor, "alive", lambda: None)()
        jobs = None if alive is None else ("running" if alive else "stopped")
        broken = any(e.problems for e in engines)  # a broken package: its pairs answer 503, the rest serves
        status = "unavailable" if not ok else "degraded" if jobs == "stopped" or broken else "ok"
        cache = self.translator.cache
        rebuilt = getattr(cache, "rebuilt", None)
        note = f"rebuilt: the damaged file was moved to {Path(rebuilt).name}" if rebuilt else None
        return Health(status=status, engines=engines, jobs=jobs, cache=note)

    def argos_installed(self) -> bool | None:
        """Whether any Argos package is installed (None: the Argos engine is not enabled)."""
        argos = self.translator.engines.get("argos")
        return None if argos is None else bool(argos.pairs())

    # -- jobs ----------------------------------------------------------------

    def submit_job(
        self,
        text: str,
        options: Options,
        idem_key: str | None = None,
        window: float = 86400.0,
        origin: Origin | None = None,
        callback: dict | None = None,
    ) -> tuple[Job, bool]:
        """A queued job for this article (or the existing one for ``idem_key``): ``(job, created)``.

        ``text`` and ``options`` are validated already (``check_text``, ``options``): nothing is checked twice;
        so is ``callback`` (``service.jobs.webhooks.callback_for``), where the outcome is POSTed.
        """
        if not options.keep:
            raise InputError(messages.JOB_NEEDS_KEEP(), "keep")
        text = check_texts([text])[0]  # an empty text is refused now, not by the job
        digest = job_request_hash(text, options)
        request = {"text": text, "options": options.request_dict()}
        if origin is not None and origin != Origin():
            request["origin"] = origin.to_dict()
        progress = initial_progress(options.targets)
        job, created = self.jobs.create(request, digest, idem_key, window, progress, callback=callback)
        if not created and job.request_hash != digest:
            raise InputError(messages.IDEMPOTENCY_KEY_REUSED(), "Idempotency-Key", "idempotency_key_reused")
        if created and self.executor is not None:
            self.executor.notify(job.id)
        return job, created

    def job(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def job_request(self, job_id: str) -> dict | None:
        """The text and options a job was submitted with (None once it is done and its text erased)."""
        return self.jobs.request(job_id)

    def cancel_job(self, job_id: str) -> Job | None:
        return self.jobs.cancel(job_id)

    def release_job(self, job_id: str) -> None:
        """Free the job's idempotency key: the next identical submission starts a new job."""
        self.jobs.release(job_id)

    # -- saved articles ------------------------------------------------------

    def article(self, article_id: str) -> ArticleResult | None:
        return self.store.get(article_id)

    def saved_articles(self, limit: int = 50) -> list[SavedArticle]:
        return self.store.recent(max(1, min(limit, MAX_LIST_LIMIT)))

    def search_articles(self, query: SearchQuery) -> ArticlePage:
        """One page of saved articles matching a search (words in any language, filters, order)."""
        return self.store.search(query)

    def update_article(self, article_id: str, change: ArticleUpdate) -> ArticleResult | None:
        """Change a saved article's outlet, address, tags or review state; the article as it is now (None: absent)."""
        if not self.store.update(article_id, change):
            return None
        return self.store.get(article_id)

    def digest(
        self,
        language: str,
        first_day: str | None = None,
        last_day: str | None = None,
        link: Callable[[ArticleResult], str | None] | None = None,
        **filters,
    ) -> Digest:
        """The saved articles of these days grouped by story, read in ``language`` (at most ``DIGEST_MAX_ARTICLES``)."""
        from service.render.digest import build_digest

        limit = int(self.config["DIGEST_MAX_ARTICLES"])
        results = self.store.in_period(first_day, last_day, limit, **filters)
        return build_digest(results, language, link=link, first_day=first_day, last_day=last_day)

    def delete_article(self, article_id: str) -> bool:
        """Delete an article and the cached sentence translations no other saved article shares."""
        existed, orphans = self.store.delete(article_id)
        retention.forget_cached(self.translator.cache if orphans else None, orphans)
        return existed

    # -- the review desk -----------------------------------------------------

    def _sentence_at(self, result: ArticleResult, code: str, number: int):
        """The sentence ``number`` (1-based) of target ``code``, or the ``InputError`` that says why not."""
        target = result.targets.get(code)
        if target is None or not target.ok:
            raise InputError(
                messages.NO_SUCH_TARGET(language=code, name=languages.language_name(code)), "target", code="not_found"
            )
        count = len(target.translations)
        if not 1 <= number <= count:
            raise InputError(messages.NO_SUCH_SENTENCE(number=number, count=count), "sentence", code="not_found")
        return target.translations[number - 1]

    def sentence(self, article_id: str, code: str, number: int):
        """``(article, source sentence, its translation)`` for sentence ``number`` (1-based), or None."""
        result = self.article(article_id)
        if result is None:
            return None
        found = self._sentence_at(result, code, number)
        return result, result.article.sentences[number - 1], found

    def review(self, article_id: str, code: str, number: int, text: str | None, by: str | None = None):
        """Correct (``text``) or accept (``text`` None) one sentence of a saved article; remember the pair.

        Returns ``(article, source sentence, its translation)``, or None when there is no such article.
        The correction is stored in the article (so every page, copy, summary and export shows it),
        its previous text in the sentence's history, and the reviewed pair in the translation memory
        (so that the next article with this sentence takes it).
        """
        if text is not None:
            text = self.check_text(text, "text").strip()
            if not text:
                raise InputError(messages.EMPTY_CORRECTION(), "text")
        at = time.time()
        existing = self.article(article_id)
        if existing is None:
            return None
        self._sentence_at(existing, code, number)  # refuse before writing anything
        result = self.store.revise(article_id, lambda r: r.with_review(code, number - 1, text, at, by))
        if result is None:
            return None
        source = result.article.sentences[number - 1]
        found = result.targets[code].translations[number - 1]
        if source.kind in TRANSLATED_KINDS:
            self.memory.remember([Pair(result.source, code, source.text, found.text, at, by, article_id)])
        return result, source, found

    def _remembered(
        self, source: str, target: TargetResult, texts: list[str], translatable: list[bool]
    ) -> TargetResult:
        """A target whose sentences take their reviewed translation from the memory, or its suggestion."""
        if not target.ok or not target.translations:
            return target
        wanted = [t for t, ok in zip(texts, translatable, strict=False) if ok and t.strip()]
        try:
            exact = self.memory.exact(source, target.language, wanted)
            close = self.memory.close(source, target.language, [t for t in wanted if normalise(t) not in exact])
        except StorageUnavailable as err:  # the memory helps; without it, the machine translation still serves
            log.warning("translation memory unavailable, not used: %s", err.message)
            return target
        if not exact and not close:
            return target
        sentences = list(target.translations)
        for i, (text, ok) in enumerate(zip(texts, translatable, strict=False)):
            if not ok or i >= len(sentences):
                continue
            pair = exact.get(normalise(text))
            if pair is not None:
                sentences[i] = sentences[i].model_copy(
                    update={
                        **CLEARED_DOUBTS,
                        "text": pair.translation,
                        "state": FROM_MEMORY,
                        "reviewed": pair.reviewed,
                        "reviewer": pair.reviewer,
                    }
                )
            elif text in close:
                pair, score = close[text]
                match = MemoryMatch(
                    source=pair.sentence, text=pair.translation, score=score, reviewed=pair.reviewed, by=pair.reviewer
                )
                sentences[i] = sentences[i].model_copy(update={"suggestion": match})
        return target.model_copy(update={"translations": sentences})

    def recall(self, result: ArticleResult) -> ArticleResult:
        """The result with what the translation memory knows: reviewed translations and suggestions."""
        texts = [s.text for s in result.article.sentences]
        translatable = [s.kind in TRANSLATED_KINDS for s in result.article.sentences]
        for code, target in list(result.targets.items()):
            remembered = self._remembered(result.source, target, texts, translatable)
            if remembered is target:
                continue
            for i, sentence in enumerate(remembered.translations):
                if sentence is not target.translations[i]:
                    result = result.with_sentence(code, i, sentence)
        return result

    def memory_counts(self) -> dict[str, int]:
        return self.memory.counts()

    def export_memory(self, source: str | None = None, target: str | None = None) -> list[Pair]:
        return list(self.memory.pairs(source, target))

    def import_memory(self, data: bytes, by: str | None = None) -> dict[str, int]:
        """Remember every sentence pair of a TMX file (from a CAT tool, or this service's export); counts per pair."""
        from service.render.tmx import read_tmx

        pairs = read_tmx(data, by)
        self.memory.remember(pairs)
        counts: dict[str, int] = {}
        for pair in pairs:
            counts[f"{pair.source}-{pair.target}"] = counts.get(f"{pair.source}-{pair.target}", 0) + 1
        return counts

    # -- glossaries ----------------------------------------------------------

    def glossary(self, name: str) -> Glossary | None:
        return self.glossaries.get(name)

    def glossary_names(self) -> list[dict]:
        return self.glossaries.names()

    def put_glossary(self, glossary: Glossary) -> None:
        self.glossaries.put(glossary)

    def delete_glossary(self, name: str) -> bool:
        return self.glossaries.delete(name)

    # -- retention -----------------------------------------------------------

    def purge(self, article_days: float | None, cache_days: float | None) -> dict[str, int]:
        """Delete saved articles and cached sentences older than these many days (None or 0: keep)."""
        documents_folder = Path(self.config["INSTANCE_PATH"]) / "documents"
        counts = retention.purge(
            self.store, self.translator.cache, self.jobs, documents_folder, article_days, cache_days
        )
        if article_days:  # reviewed pairs are kept as long as the articles they were reviewed in
            counts["memory_pairs"] = self.memory.purge(time.time() - article_days * 86400)
        return counts
