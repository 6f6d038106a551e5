"""The one translation pipeline that the web, the API and the CLI all call.

text -> sentences -> for each target: best route -> one batched engine call
per hop (through the cache) -> one translation per source sentence.

A failure on one target (no route, engine crash, timeout) is recorded on
that target and never takes the other targets down with it.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import languages
from .algorithms import DEFAULT as DEFAULT_ALGORITHM
from .algorithms import DEFAULT_LENGTH, NAMES, Candidate, SummaryError, parse_length
from .article import HEADING, TITLE, TRANSLATED_KINDS, Article, parse_article
from .cache import TranslationCache
from .engines import DEFAULT_PREFERENCE, Engine, EngineError, Translated, create_engines
from .routing import Hop, Route, RouteGraph
from .segment import Sentence, segment

DEFAULT_SOURCE = "fr"
MIN_DETECTION_CONFIDENCE = 0.5


class InputError(ValueError):
    """The request itself is wrong; ``field`` names the part to fix."""

    def __init__(self, message: str, field: str, code: str = "invalid_field"):
        super().__init__(message)
        self.field = field
        self.code = code


@dataclass
class TargetResult:
    """All translations into one language, aligned with the source sentences."""

    language: str
    route: Route | None = None
    translations: list[Translated] = field(default_factory=list)
    error: str | None = None
    error_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "route": self.route.to_dict() if self.route else None,
            "engines": self.route.engines if self.route else [],
            "sentences": [{"text": t.text, "score": t.score} for t in self.translations],
            "error": {"code": self.error_code, "message": self.error} if self.error else None,
        }


@dataclass
class TranslationResult:
    """Source sentences and their aligned translations per target."""

    source: str
    sentences: list[Sentence]
    targets: dict[str, TargetResult]
    detected: dict | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "detected": self.detected,
            "warnings": self.warnings,
            "sentences": [
                {"text": s.text, "paragraph": s.paragraph, "start": s.start, "end": s.end} for s in self.sentences
            ],
            "targets": {code: target.to_dict() for code, target in self.targets.items()},
        }


class Translator:
    """Engines, their route graph and the cache, shared by every caller."""

    def __init__(
        self,
        engines: list[Engine],
        cache: TranslationCache | None = None,
        preference: tuple[str, ...] | list[str] = DEFAULT_PREFERENCE,
        max_parallel_targets: int = 2,
    ):
        self.engines = {engine.name: engine for engine in engines}
        self.cache = cache
        self.preference = list(preference)
        self.max_parallel_targets = max(1, max_parallel_targets)
        self._graph: RouteGraph | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(
        cls, instance_path: str | Path, engine_names: list[str] | tuple[str, ...] = DEFAULT_PREFERENCE, **engine_options
    ) -> Translator:
        """The usual set-up: all engines, cache in the instance folder."""
        cache = TranslationCache(Path(instance_path) / "cache.sqlite3")
        return cls(create_engines(engine_names, **engine_options), cache, preference=engine_names)

    def refresh(self) -> None:
        """Rediscover engines' pairs (after installing or removing models)."""
        with self._lock:
            for engine in self.engines.values():
                refresh = getattr(engine, "refresh", None)
                if refresh:
                    refresh()
            self._graph = None

    @property
    def graph(self) -> RouteGraph:
        with self._lock:
            if self._graph is None:
                edges = [
                    Hop(source, target, name)
                    for name, engine in self.engines.items()
                    for source, target in engine.pairs()
                ]
                self._graph = RouteGraph(edges, self.preference)
            return self._graph

    def routes(self, source: str) -> dict[str, Route]:
        """Every target reachable from ``source`` with its best route."""
        return self.graph.routes_from(source)

    def _hop(self, hop: Hop, sentences: list[str]) -> list[Translated]:
        """Translate through one engine, serving what the cache already has."""
        engine = self.engines[hop.engine]
        unique = list(dict.fromkeys(sentences))
        model_id = engine.model_id(hop.source, hop.target)
        cached = self.cache.get_many(hop.engine, model_id, hop.source, hop.target, unique) if self.cache else {}
        missing = [s for s in unique if s not in cached]
        if missing:
            fresh = engine.translate(missing, hop.source, hop.target)
            if len(fresh) != len(missing):
                raise EngineError(f"{hop.engine} returned {len(fresh)} results for {len(missing)} sentences")
            pairs = list(zip(missing, fresh, strict=True))
            if self.cache:
                self.cache.put_many(hop.engine, model_id, hop.source, hop.target, pairs)
            cached = {**cached, **dict(pairs)}
        return [cached[s] for s in sentences]

    def translate_sentences(self, sentences: list[str], source: str, targets: list[str]) -> dict[str, TargetResult]:
        """Aligned translations of ``sentences`` into every target."""
        routes = self.routes(source)
        memo: dict[tuple, list[Translated]] = {}
        memo_locks: dict[tuple, threading.Lock] = {}
        memo_guard = threading.Lock()

        def run_hop(hop: Hop, inputs: list[str]) -> list[Translated]:
            key = (hop, tuple(inputs))
            with memo_guard:
                lock = memo_locks.setdefault(key, threading.Lock())
            with lock:
                if key not in memo:
                    memo[key] = self._hop(hop, inputs)
                return memo[key]

        def run_target(target: str) -> TargetResult:
            result = TargetResult(target)
            if target == source:
                result.error_code = "same_language"
                result.error = f"target '{target}' is the source language"
                return result
            route = routes.get(target)
            if route is None:
                reachable = ", ".join(sorted(routes)) or "none"
                result.error_code = "unsupported_pair"
                result.error = f"no engine can translate {source}→{target}; reachable from {source}: {reachable}"
                return result
            result.route = route
            texts = list(sentences)
            scores: list[list[float]] = [[] for _ in sentences]
            try:
                for hop in route.hops:
                    out = run_hop(hop, texts)
                    texts = [t.text for t in out]
                    for bucket, t in zip(scores, out, strict=True):
                        if t.score is not None:
                            bucket.append(t.score)
            except EngineError as err:
                result.error_code = "engine_error"
                result.error = str(err)
                return result
            result.translations = [Translated(text, _product(s)) for text, s in zip(texts, scores, strict=True)]
            return result

        ordered = list(dict.fromkeys(targets))
        if len(ordered) <= 1 or self.max_parallel_targets == 1:
            results = [run_target(t) for t in ordered]
        else:
            with ThreadPoolExecutor(max_workers=min(self.max_parallel_targets, len(ordered))) as pool:
                results = list(pool.map(run_target, ordered))
        return dict(zip(ordered, results, strict=True))


def _product(scores: list[float]) -> float | None:
    if not scores:
        return None
    value = 1.0
    for s in scores:
        value *= s
    return round(value, 4)


def normalize_text(text: str) -> str:
    """Remove what breaks segmentation but carries no meaning (BOM, CRLF)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def resolve_source(text: str, source: str) -> tuple[str, dict | None, list[str]]:
    """The source language to use, detection details, and warnings."""
    warnings: list[str] = []
    if source != "auto":
        if not languages.is_known(source):
            raise InputError(
                f"unknown source language {source!r} (use an ISO 639-1 code such as 'fr', or 'auto')", "source"
            )
        return languages.normalize_code(source), None, warnings
    from .detect import detect_language

    code, confidence = detect_language(text)
    detected = {"language": code, "confidence": round(confidence, 3)}
    if code is None or confidence < MIN_DETECTION_CONFIDENCE:
        warnings.append(f"could not tell the language reliably; assuming {DEFAULT_SOURCE}")
        return DEFAULT_SOURCE, detected, warnings
    if code != DEFAULT_SOURCE:
        name = languages.language_name(code)
        warnings.append(f"the text looks like {name} ({code}), not French; translating from {code}")
    return code, detected, warnings


def parse_targets(targets: list[str] | str) -> list[str]:
    """Normalised, de-duplicated target codes; raise on a malformed one."""
    items = targets.split(",") if isinstance(targets, str) else list(targets)
    out = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            continue
        if not languages.is_known(item):
            raise InputError(f"unknown target language {item!r} (use ISO 639-1 codes such as 'en')", "targets")
        out.append(languages.normalize_code(item))
    if not out:
        raise InputError("give at least one target language", "targets")
    return list(dict.fromkeys(out))


def translate_text(translator: Translator, text: str, source: str, targets: list[str] | str) -> TranslationResult:
    """Segment ``text`` and translate every sentence into every target."""
    return translate_sentences_of_texts(translator, [text], source, targets)[0]


def translate_sentences_of_texts(
    translator: Translator, texts: list[str], source: str, targets: list[str] | str
) -> list[TranslationResult]:
    """Translate several texts with one engine batch per hop, then split them back."""
    if not texts or any(not isinstance(t, str) or not t.strip() for t in texts):
        raise InputError("the text is empty", "texts" if len(texts) > 1 else "text", code="empty_text")
    texts = [normalize_text(t) for t in texts]
    target_codes = parse_targets(targets)
    source_code, detected, warnings = resolve_source("\n".join(texts), source or DEFAULT_SOURCE)
    segmented = [segment(t, source_code) for t in texts]
    flat = [s.text for sentences in segmented for s in sentences]
    merged = translator.translate_sentences(flat, source_code, target_codes)
    out = []
    start = 0
    for sentences in segmented:
        end = start + len(sentences)
        targets_of_text = {
            code: TargetResult(code, t.route, t.translations[start:end], t.error, t.error_code)
            for code, t in merged.items()
        }
        out.append(TranslationResult(source_code, sentences, targets_of_text, detected, list(warnings)))
        start = end
    return out


# --- Whole articles: structure, translations and summaries -------------------

SUMMARY_MODES = ("aligned", "native")


@dataclass
class Summary:
    """Chosen sentences (indices into the article's sentences) in one language."""

    language: str
    mode: str
    indices: list[int] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "mode": self.mode,
            "indices": self.indices,
            "sentences": self.sentences,
            "error": self.error,
        }


@dataclass
class ArticleResult:
    """Everything the views and exports show for one article."""

    article: Article
    source: str
    targets: dict[str, TargetResult]
    algorithm: str
    length: str
    summary_mode: str
    summaries: dict[str, dict[str, Summary]]
    agreement: dict[str, float | None]
    dates: dict[str, dict[str, str | None]]
    detected: dict | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        sentences = self.article.sentences
        return {
            "source": self.source,
            "detected": self.detected,
            "warnings": self.warnings,
            "article": self.article.to_dict(),
            "sentences": [s.to_dict() for s in sentences],
            "targets": {code: target.to_dict() for code, target in self.targets.items()},
            "summary": {
                "algorithm": self.algorithm,
                "length": self.length,
                "mode": self.summary_mode,
                "languages": {
                    lang: {mode: summary.to_dict() for mode, summary in modes.items()}
                    for lang, modes in self.summaries.items()
                },
                "agreement": self.agreement,
            },
            "dates": self.dates,
            "languages": {code: languages.describe(code) for code in [self.source, *self.targets]},
        }


def _candidates(article: Article, texts: list[str] | None = None) -> list[Candidate]:
    """Body sentences that a summary may use (no boilerplate, no near-duplicates)."""
    return [
        Candidate(s.index, texts[s.index] if texts else s.text, s.block)
        for s in article.body_sentences
        if (texts[s.index] if texts else s.text).strip()
    ]


def _summary(
    article: Article,
    language: str,
    mode: str,
    texts: list[str] | None,
    algorithm: str,
    length: str | None,
    title: str | None,
    headings: list[str],
) -> Summary:
    from .summarize import summarize  # sumy and NLTK load on first use, not at import

    summary = Summary(language, mode)
    try:
        summary.indices = summarize(_candidates(article, texts), language, algorithm, length, title, headings)
    except SummaryError as err:
        summary.error = str(err)
        return summary
    source = texts or [s.text for s in article.sentences]
    summary.sentences = [source[i] for i in summary.indices]
    return summary


def _check_summary_options(algorithm: str, length: str | int | None, mode: str) -> None:
    """Reject a bad option before any engine work is done."""
    if algorithm not in NAMES:
        raise InputError(f"unknown algorithm {algorithm!r}; choose from {', '.join(NAMES)}", "algorithm")
    if mode not in SUMMARY_MODES:
        raise InputError(f"summary mode must be one of {', '.join(SUMMARY_MODES)}", "summary")
    try:
        parse_length(length, 1)
    except SummaryError as err:
        raise InputError(str(err), "length") from None


@dataclass
class _Prepared:
    """An article parsed and ready to translate."""

    article: Article
    source: str
    detected: dict | None
    warnings: list[str]
    translatable: list[int]


def _prepare(text: str, source: str) -> _Prepared:
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text is empty", "text", code="empty_text")
    text = normalize_text(text)
    source_code, detected, warnings = resolve_source(text, source or DEFAULT_SOURCE)
    article = parse_article(text, source_code)
    translatable = [s.index for s in article.sentences if s.kind in TRANSLATED_KINDS]
    return _Prepared(article, source_code, detected, warnings + article.warnings, translatable)


def _translate_prepared(
    translator: Translator | None, prepared: list[_Prepared], targets: list[str]
) -> list[dict[str, TargetResult]]:
    """Translations for several articles, one engine batch per hop and source language.

    Rule-based engines pay a process start per call, so a batch of articles
    costs little more than one of them.
    """
    out: list[dict[str, TargetResult]] = [{} for _ in prepared]
    if not targets:
        return out
    if translator is None:
        raise InputError("no translation engine is configured", "targets", code="no_engine")
    for source in dict.fromkeys(p.source for p in prepared):
        members = [i for i, p in enumerate(prepared) if p.source == source]
        flat = [prepared[i].article.sentences[j].text for i in members for j in prepared[i].translatable]
        merged = translator.translate_sentences(flat, source, targets)
        start = 0
        for i in members:
            item = prepared[i]
            end = start + len(item.translatable)
            for code, target in merged.items():
                result = TargetResult(code, target.route, [], target.error, target.error_code)
                if target.ok:
                    # Boilerplate (credits, widgets, footer) is shown as pasted.
                    result.translations = [Translated(s.text, None) for s in item.article.sentences]
                    for j, translated in zip(item.translatable, target.translations[start:end], strict=True):
                        result.translations[j] = translated
                out[i][code] = result
            start = end
    return out


def _summarise(
    item: _Prepared, results: dict[str, TargetResult], algorithm: str, length: str | int | None, summary_mode: str
) -> ArticleResult:
    """Summaries in the source and every target language, and localised dates."""
    article, source_code, warnings = item.article, item.source, list(item.warnings)
    title = article.title
    headings = [b.text for b in article.blocks if b.kind == HEADING]
    body_count = len(_candidates(article))
    wanted = str(length or DEFAULT_LENGTH)
    if body_count and not wanted.endswith("%") and wanted.isdigit() and int(wanted) > body_count:
        warnings.append(f"asked for {wanted} sentences but the body has {body_count}: all are in the summary")
    source_summary = _summary(article, source_code, "aligned", None, algorithm, length, title, headings)
    summaries = {source_code: {"aligned": source_summary}}
    agreement: dict[str, float | None] = {}
    for code, target in results.items():
        if not target.ok:
            continue
        texts = [t.text for t in target.translations]
        aligned = Summary(
            code,
            "aligned",
            list(source_summary.indices),
            [texts[i] for i in source_summary.indices],
            source_summary.error,
        )
        target_title = texts[next((s.index for s in article.sentences if s.kind == TITLE), 0)] if title else None
        target_headings = [texts[s.index] for s in article.sentences if s.kind == HEADING]
        native = _summary(article, code, "native", texts, algorithm, length, target_title, target_headings)
        summaries[code] = {"aligned": aligned, "native": native}
        agreement[code] = _overlap(aligned.indices, native.indices)
    dates = {
        code: {
            "published": languages.format_iso_date(article.published, code),
            "updated": languages.format_iso_date(article.updated, code),
        }
        for code in [source_code, *results]
    }
    return ArticleResult(
        article,
        source_code,
        results,
        algorithm,
        wanted,
        summary_mode,
        summaries,
        agreement,
        dates,
        item.detected,
        warnings,
    )


def process_articles(
    translator: Translator | None,
    texts: list[str],
    source: str = DEFAULT_SOURCE,
    targets: list[str] | str = (),
    algorithm: str = DEFAULT_ALGORITHM,
    length: str | int | None = None,
    summary_mode: str = "aligned",
) -> list[ArticleResult | InputError]:
    """Several articles at once (the batch path): one result, or the input error, per text."""
    _check_summary_options(algorithm, length, summary_mode)
    target_codes = parse_targets(targets) if targets else []
    prepared: list[_Prepared | InputError] = []
    for text in texts:
        try:
            prepared.append(_prepare(text, source))
        except InputError as err:
            prepared.append(err)
    good = [p for p in prepared if isinstance(p, _Prepared)]
    translations = iter(_translate_prepared(translator, good, target_codes))
    return [
        p if isinstance(p, InputError) else _summarise(p, next(translations), algorithm, length, summary_mode)
        for p in prepared
    ]


def process_article(
    translator: Translator | None,
    text: str,
    source: str = DEFAULT_SOURCE,
    targets: list[str] | str = (),
    algorithm: str = DEFAULT_ALGORITHM,
    length: str | int | None = None,
    summary_mode: str = "aligned",
) -> ArticleResult:
    """Structure, translations and summaries of one article: what web, API and CLI show."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text is empty", "text", code="empty_text")
    result = process_articles(translator, [text], source, targets, algorithm, length, summary_mode)[0]
    if isinstance(result, InputError):
        raise result
    return result


def _overlap(a: list[int], b: list[int]) -> float | None:
    """Share of the aligned summary's sentences that the native one also chose."""
    if not a or not b:
        return None
    return round(len(set(a) & set(b)) / len(set(a)), 3)
