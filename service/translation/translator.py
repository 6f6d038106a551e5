"""Translating sentences: engines, routes and the cache behind one ``Translator``.

text -> sentences -> for each target: best route -> one batched engine call
per hop (through the cache) -> one translation per source sentence.

A failure on one target (no route, engine crash, timeout) is recorded on
that target and never takes the other targets down with it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from service import messages
from service.errors import StorageUnavailable, TranslationFailed
from service.messages import Message
from service.models.glossary import Glossary
from service.models.translation import Hop, Route, SentenceResult, TargetResult, Translated
from service.progress import NO_LIMIT, Event, Listener, Stage, Tracker
from service.settings import storage_location
from service.storage.translation_cache import TranslationCache, cache_key
from service.translation import checks, lexicon
from service.translation import placeholders as protect
from service.translation.conventions import fixed_spans, localize_numbers
from service.translation.engines import DEFAULT_PREFERENCE, Engine, EngineError, create_engines
from service.translation.engines.apertium_live import PoolLimits
from service.translation.engines.argos import ArgosSettings
from service.translation.names import (
    Token,
    kept_readings,
    known_names,
    lu_tokens,
    name_word_readings,
    names_in,
    orthographic_tokens,
    people_candidates,
    restore_case,
    with_peoples,
)
from service.translation.quality import Context, combine
from service.translation.routes import RouteGraph

log = logging.getLogger(__name__)
# Part of every cache key: entries written before names were protected this way are not served again.
CACHE_VERSION = "|n2"
ROUTE_EVIDENCE_MARGIN = 0.05  # another route must know 5 points more of the words: first-hop coverage is weak evidence
_WORD = re.compile(r"[^\W\d_]{2,}")


class _Beside:
    """A call run on a thread of its own while the caller goes on; ``result`` waits for it and re-raises."""

    def __init__(self, call: Callable[[], object]):
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(call,), name="beside", daemon=True)
        self._thread.start()

    def _run(self, call: Callable[[], object]) -> None:
        try:
            call()
        except BaseException as err:  # handed to the caller by result()
            self._error = err

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> None:
        self.wait()
        if self._error is not None:
            raise self._error


@dataclass
class Translations:
    """One target's translations of a batch of sentences, before they are shared out to their texts."""

    language: str
    route: Route | None = None
    translations: list[SentenceResult | None] = field(default_factory=list)
    error_code: str | None = None
    error: Message | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def result(self, start: int = 0, end: int | None = None, glossary: list[dict] | None = None) -> TargetResult:
        """The ``TargetResult`` of the sentences ``start:end`` (one text of the batch)."""
        if self.error is not None:
            return TargetResult.failed(self.language, self.error_code or "engine_error", self.error)
        rows = self.translations[start:end]
        return TargetResult(language=self.language, route=self.route, translations=rows, glossary=glossary or [])


@dataclass
class CacheUsage:
    """The cache entries one request used, and whether it may add new ones ("do not keep" may not)."""

    write: bool = True
    keys: set[str] = field(default_factory=set)


class KnownWords:
    """``Translator.known_words`` answered once per word: one dictionary round for a target's sentences.

    The checks ask per sentence (invented words, unknown words the target also writes); each ask is a
    round trip to a live analyser, so a 50-sentence article paid 50 rounds per target.
    """

    def __init__(self, look_up: Callable[[str, set[str]], set[str]]) -> None:
        self._look_up = look_up
        self._seen: dict[str, dict[str, bool]] = {}

    def __call__(self, language: str, words: set[str]) -> set[str]:
        seen = self._seen.setdefault(language, {})
        new = {w for w in words if w not in seen}
        if new:
            found = self._look_up(language, new)
            seen.update((w, w in found) for w in new)
        return {w for w in words if seen[w]}


class Translator:
    """Engines, their route graph and the cache, shared by every caller."""

    def __init__(
        self,
        engines: list[Engine],
        cache: TranslationCache | None = None,
        preference: tuple[str, ...] | list[str] = DEFAULT_PREFERENCE,
        max_parallel_targets: int = 2,
        second_opinion: bool = True,
    ):
        self.engines = {engine.name: engine for engine in engines}
        self.cache = cache
        self.preference = list(preference)
        self.max_parallel_targets = max(1, max_parallel_targets)
        self.second_opinion = second_opinion
        self._graph: RouteGraph | None = None
        self._lock = threading.Lock()
        self._cache_warned = False
        self._in_flight = 0  # translate_sentences calls running in this process

    @classmethod
    def from_settings(cls, config: Mapping) -> Translator:
        """The engines named by the settings (loaded lazily), and the cache (a SQLite file or PostgreSQL)."""
        argos = ArgosSettings(
            beam_size=int(config["ARGOS_BEAM_SIZE"]),
            inter_threads=int(config["ARGOS_INTER_THREADS"]),
            intra_threads=int(config["ARGOS_INTRA_THREADS"]),
            compute_type=str(config["ARGOS_COMPUTE_TYPE"]),
            max_input_tokens=int(config["ARGOS_MAX_INPUT_TOKENS"]),
            batch_tokens=int(config["ARGOS_BATCH_TOKENS"]),
        )
        options = {
            "argos": {"package_dirs": [Path(config["ARGOS_PACKAGES_DIR"])], "settings": argos},
            "apertium": {
                "timeout": float(config["APERTIUM_TIMEOUT"]),
                "data_dirs": list(config["APERTIUM_DATA_DIRS"]),
                "live": PoolLimits(
                    pipelines=int(config["APERTIUM_LIVE_PIPELINES"]),
                    memory_mb=float(config["APERTIUM_LIVE_MEMORY_MB"]),
                    per_pair=int(config["APERTIUM_PIPELINES_PER_PAIR"]),
                ),
            },
        }
        names = tuple(config["ENGINES"])
        cache = TranslationCache(storage_location(config, "cache"), float(config["DB_BUSY_TIMEOUT"]))
        engines = create_engines(names, **options)
        return cls(engines, cache, names, int(config["PARALLEL_TARGETS"]), bool(config["SECOND_OPINION"]))

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
                    Hop(source=source, target=target, engine=name)
                    for name, engine in self.engines.items()
                    for source, target in engine.pairs()
                ]
                self._graph = RouteGraph(edges, self.preference)
            return self._graph

    def known_share(self, language: str, words: set[str]) -> float | None:
        """The best share of ``words`` any engine's dictionary of ``language`` knows (None: no dictionary)."""
        shares = [
            share
            for engine in self.engines.values()
            if hasattr(engine, "known_share") and (share := engine.known_share(language, words)) is not None
        ]
        return max(shares, default=None)

    def choose_route(self, source: str, target: str, sentences: list[str]) -> Route | None:
        """The best route, unless another with as few hops starts with a dictionary that knows more of these words.

        Cheap evidence: one (memoised) look-up of the request's words per
        alternative first hop. Without such evidence, the usual order stands.
        """
        alternatives = self.graph.alternatives(source, target)
        if len(alternatives) < 2:
            return alternatives[0] if alternatives else None
        words = {w for s in sentences for w in _WORD.findall(s) if w[0].islower()}
        if len(words) < 5:
            return alternatives[0]
        scored = []
        for route in alternatives:
            hop = route.hops[0]
            measure = getattr(self.engines[hop.engine], "pair_coverage", None)
            coverage = measure(hop.source, hop.target, words) if measure else None
            if coverage is None:
                return alternatives[0]
            scored.append((coverage, route))
        best_coverage, best = max(scored, key=lambda pair: pair[0])
        return best if best_coverage > scored[0][0] + ROUTE_EVIDENCE_MARGIN else alternatives[0]

    def warm(self, source: str, targets: tuple[str, ...] = (), step: Listener | None = None) -> None:
        """Start every engine's models for the routes from ``source`` to ``targets``, in that order.

        The other routes start when a request needs them (a fraction of a
        second for most Apertium pairs), so a worker is ready sooner and keeps
        in memory what its requests use. ``step`` is told each engine and pair
        as it starts (a waiting job shows it).
        """
        routes = self.routes(source)
        hops = list(
            dict.fromkeys((h.source, h.target, h.engine) for t in targets if t in routes for h in routes[t].hops)
        )
        firsts = {(routes[t].hops[0].source, routes[t].hops[0].target) for t in targets if t in routes}
        for name, engine in self.engines.items():
            warm = getattr(engine, "warm", None)
            if warm is None:
                continue

            def started(source: str, target: str, name: str = name) -> None:
                if step is not None:
                    step(Event(Stage.WARMING, hop=(source, target, name)))

            warm([(s, t) for s, t, e in hops if e == name], started, firsts)
        # The checks and the names rules ask every dictionary of the source and the targets about words.
        for engine in self.engines.values():
            warm_look_ups = getattr(engine, "warm_look_ups", None)
            if warm_look_ups is not None:
                warm_look_ups([source, *(t for t in targets if t in routes)])

    def routes(self, source: str) -> dict[str, Route]:
        """Every target reachable from ``source`` with its best route."""
        return self.graph.routes_from(source)

    def _cache_failed(self, err: StorageUnavailable) -> None:
        """A cache that cannot be read or written costs speed, never a translation: say so once."""
        if not self._cache_warned:
            self._cache_warned = True
            log.warning("translation cache disabled for now: %s", err.message)

    def _hop(
        self,
        hop: Hop,
        sentences: list[str],
        usage: CacheUsage,
        terms: dict[str, str | None] | None = None,
        names: list[list[protect.Protected]] | None = None,
    ) -> list[Translated]:
        """Translate through one engine, serving what the cache already has.

        A sentence's cache entry is keyed by its text and the names protected in it: the same words with
        another protection are another translation.
        """
        engine = self.engines[hop.engine]
        names = names or [[] for _ in sentences]
        keyed = [s + protect.names_key(found) for s, found in zip(sentences, names, strict=True)]
        plain = dict(zip(keyed, zip(sentences, names, strict=True), strict=True))
        unique = list(dict.fromkeys(keyed))
        model_id = engine.model_id(hop.source, hop.target) + protect.terms_key(terms) + CACHE_VERSION
        usage.keys.update(cache_key(hop.engine, model_id, hop.source, hop.target, s) for s in unique)
        cached: dict[str, Translated] = {}
        if self.cache:
            try:
                cached = self.cache.get_many(hop.engine, model_id, hop.source, hop.target, unique)
            except StorageUnavailable as err:
                self._cache_failed(err)
        missing = [k for k in unique if k not in cached]
        if missing:
            fresh = protect.translate_protected(
                engine,
                [plain[k][0] for k in missing],
                hop.source,
                hop.target,
                terms or {},
                [plain[k][1] for k in missing],
            )
            pairs = list(zip(missing, fresh, strict=True))
            if self.cache and usage.write:
                try:
                    shown = {k: plain[k][0] for k in missing}
                    self.cache.put_many(hop.engine, model_id, hop.source, hop.target, pairs, shown)
                except StorageUnavailable as err:
                    self._cache_failed(err)
            cached = {**cached, **dict(pairs)}
        return [cached[k] for k in keyed]

    def known_words(self, language: str, words: set[str]) -> set[str]:
        """The ``words`` of ``language``: known to a dictionary of an engine, or written often enough by its press.

        Dictionaries list what they translate, not every word ("capdavant", Catalan's "des" of "des de");
        frequencies fill the gap. With neither for a language, nothing can be called invented.
        """
        found: set[str] | None = None
        for engine in self.engines.values():
            known = getattr(engine, "known_words", None)
            found = known(language, words) if known else None
            if found is not None:
                break
        if found is None and not lexicon.covers(language):
            return set(words)
        found = found or set()
        return found | lexicon.frequent(words - found, language)

    def names(self, first_hop: Hop, sentences: list[str]) -> tuple[list[list[str]], list[list[str]]]:
        """Each sentence's names to carry through translation verbatim, and the names its dictionary knows whole.

        What a word is, and which names the engine knows whole, is said by the dictionary of the engine
        that will translate the sentence (the route's first hop); a neural engine has none, so the
        source language's dictionary of any engine stands for it; without any, only spelling is evidence.
        """
        units = None
        engine = self.engines.get(first_hop.engine)
        analyse_pair = getattr(engine, "analyse_pair", None)
        if analyse_pair is not None:
            units = analyse_pair(first_hop.source, first_hop.target, sentences)
        if units is None:
            for other in self.engines.values():
                analyse = getattr(other, "analyse", None)
                units = analyse(first_hop.source, sentences) if analyse else None
                if units is not None:
                    break
        analysed = [
            lu_tokens(s, units[i]) if units is not None else orthographic_tokens(s) for i, s in enumerate(sentences)
        ]
        analysed = self._with_peoples(first_hop.source, analysed)
        kept = self._kept_names(first_hop, sentences, analysed, engine)
        protected, known = [], []
        for sentence, tokens in zip(sentences, analysed, strict=True):
            protected.append(names_in(sentence, tokens, kept))
            known.append(known_names(sentence, tokens))
        return protected, known

    @staticmethod
    def _kept_names(
        first_hop: Hop, sentences: list[str], analysed: list[list[Token]], engine: Engine | None
    ) -> set[str]:
        """The names, read also as common words, that the first hop's bilingual dictionary keeps unchanged.

        "le Carrefour": the pair lists "Carrefour<np>" as "Carrefour", its tagger may still take the
        crossroads. Asked only of the pair that translates the sentence; an engine without a bilingual
        dictionary to ask (a neural one) says nothing.
        """
        asked = set().union(*(name_word_readings(s, t) for s, t in zip(sentences, analysed, strict=True)))
        translations = getattr(engine, "translations", None)
        if not asked or translations is None:
            return set()
        found = translations(first_hop.source, first_hop.target, asked)
        return kept_readings(found) if found else set()

    def _with_peoples(self, language: str, analysed: list[list[Token]]) -> list[list[Token]]:
        """Tokens that may name a people, with what every dictionary of ``language`` says of them.

        "Républicains" or "Américains"? The first hop's analyser may list both as adjectives only;
        another of the language lists the people as a noun of its own ("Américain<n>").
        """
        asked = set().union(*(people_candidates(tokens) for tokens in analysed)) if analysed else set()
        if not asked:
            return analysed
        for engine in self.engines.values():
            readings = getattr(engine, "readings", None)
            found = readings(language, asked) if readings else None
            if found is not None:
                return [with_peoples(tokens, found) for tokens in analysed]
        return analysed

    def translate_sentences(
        self,
        sentences: list[str],
        source: str,
        targets: list[str] | tuple[str, ...],
        tracker: Tracker = NO_LIMIT,
        usage: CacheUsage | None = None,
        glossary: Glossary | None = None,
        second_opinion: bool = True,
    ) -> dict[str, Translations]:
        """Aligned translations of ``sentences`` into every target.

        ``usage`` collects the cache entries used and says whether new ones may be written;
        ``glossary`` terms are protected (kept, or given their fixed translation) on every hop;
        ``second_opinion`` False where nobody reads the doubts (LibreTranslate's API, translated
        documents): the other route is the doubt work that costs, the checks cost next to nothing.
        """
        with self._lock:
            self._in_flight += 1
        try:
            return self._translate_sentences(sentences, source, targets, tracker, usage, glossary, second_opinion)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _translate_sentences(
        self,
        sentences: list[str],
        source: str,
        targets: list[str] | tuple[str, ...],
        tracker: Tracker,
        usage: CacheUsage | None,
        glossary: Glossary | None,
        second_opinion: bool,
    ) -> dict[str, Translations]:
        usage = usage if usage is not None else CacheUsage()
        routes = self.routes(source)
        ordered = list(dict.fromkeys(targets))
        one_at_a_time = len(ordered) <= 1 or self.max_parallel_targets == 1
        memo: dict[tuple, list[Translated]] = {}
        memo_locks: dict[tuple, threading.Lock] = {}
        memo_guard = threading.Lock()

        found_names: dict[Hop, tuple[list[list[str]], list[list[str]]]] = {}

        names_locks: dict[Hop, threading.Lock] = {}

        def names_for(first_hop: Hop) -> tuple[list[list[str]], list[list[str]]]:
            with memo_guard:  # held only to find the hop's lock: two hops' look-ups run at once
                lock = names_locks.setdefault(first_hop, threading.Lock())
            with lock:
                if first_hop not in found_names:
                    found_names[first_hop] = self.names(first_hop, list(sentences))
                return found_names[first_hop]

        def run_hop(
            hop: Hop, inputs: list[str], terms: dict[str, str | None], target: str, names: list[list]
        ) -> list[Translated]:
            key = (hop, tuple(inputs), tuple(sorted(terms.items(), key=str)), tuple(map(tuple, names)))
            with memo_guard:
                lock = memo_locks.setdefault(key, threading.Lock())
            with lock:
                if key not in memo:
                    tracker.enter(Event(Stage.TRANSLATING, target, (hop.source, hop.target, hop.engine)))
                    memo[key] = self._hop(hop, inputs, usage, terms, names)
                return memo[key]

        def run_target(target: str) -> Translations:
            result = Translations(target)
            if target == source:
                result.error_code = "same_language"
                result.error = messages.SAME_LANGUAGE(code=target)
                return result
            route = self.choose_route(source, target, sentences) if target in routes else None
            if route is None:
                reachable = ", ".join(sorted(routes)) or "none"
                result.error_code = "unsupported_pair"
                result.error = messages.NO_ROUTE(source=source, target=target, reachable=reachable)
                return result
            result.route = route
            # Names go through as they are; dates and centuries in the target's certain form.
            fixed = [[(f.text, f.output) for f in fixed_spans(s, target)] for s in sentences]

            def run_route(
                route: Route, only: list[int] | None = None, first_only: bool = False
            ) -> tuple[list[list[tuple[str, Translated]]], list[list], list[list[str]]]:
                """Every hop of ``route``; with ``only``, the hops after the first for those sentences alone.

                ``first_only``: the first hop alone (its answer stays in the memo for the whole route later).
                """
                found, known = names_for(route.hops[0])
                found = [  # a name inside a converted date or century is that span's ("XXIe siècle")
                    [n for n in names_i if not any(n in text for text, _ in f)]
                    for names_i, f in zip(found, fixed, strict=True)
                ]
                names: list[list] = [n + f for n, f in zip(found, fixed, strict=True)]
                texts = list(sentences)
                hops: list[list[tuple[str, Translated]]] = [[] for _ in sentences]
                kept = list(range(len(sentences)))
                for number, hop in enumerate(route.hops):
                    if number == 1 and only is not None:
                        kept = list(only)
                        texts, names = [texts[i] for i in kept], [names[i] for i in kept]
                    terms = glossary.terms_for(target, number == 0) if glossary else {}
                    out = run_hop(hop, texts, terms, target, names)
                    if number == 0 and len(route.hops) > 1:
                        # Later hops carry what the first one put in place, and the names it knew whole and
                        # kept as they were.
                        names = [
                            n + [o for _, o in f] + [k for k in whole if k in t.text and k not in n]
                            for n, f, whole, t in zip(found, fixed, known, out, strict=True)
                        ]
                    texts = [t.text for t in out]
                    for i, t in zip(kept, out, strict=True):
                        hops[i].append((hop.source, t))
                    if first_only:
                        break
                return hops, found, known

            def final(sentence: str, hops: list[tuple[str, Translated]], whole: list[str]) -> str | None:
                return localize_numbers(sentence, restore_case(hops[-1][1].text, whole), target) if hops else None

            other_route = self.graph.second_opinion(route) if self.second_opinion and second_opinion else None
            # The other route's first hop needs nothing of this route's answer: it runs beside it (its own
            # programs, on the other core) instead of after it, which a one-sentence request waits for. Only
            # when nothing else runs: with other work the cores are busy anyway, and a sentence the route
            # finds doubtful needs no second opinion, so starting it early would be work thrown away.
            beside = other_route is not None and one_at_a_time and self._in_flight <= 1
            ahead = _Beside(lambda: run_route(other_route, first_only=True)) if beside else None
            try:
                try:
                    hops, found, known = run_route(route)
                except EngineError as err:
                    result.error_code = "engine_error"
                    result.error = messages.ENGINE_FAILED(reason=str(err))
                    return result
                texts = [final(s, h, whole) for s, h, whole in zip(sentences, hops, known, strict=True)]
                # The words the checks will ask about, asked of the target's dictionaries in one round, not one
                # round per sentence: possible inventions, and source words the first hop left as they were.
                known_words = KnownWords(self.known_words)
                checked: set[str] = set()
                for i, t in enumerate(texts):
                    if t:
                        names = [n for n in found[i] if isinstance(n, str)]
                        checked |= checks.invention_candidates(sentences[i], t, names)
                        checked |= {u for u in hops[i][0][1].unknown if u in t}
                known_words(target, checked)
                # A name the glossary gives a translation of is the glossary's, not a name to find verbatim.
                renamed = {
                    term.lower() for term, out in (glossary.terms_for(target, True) if glossary else {}).items() if out
                }

                def judged(i: int, other: str | None = None) -> SentenceResult:
                    return combine(
                        sentences[i],
                        hops[i],
                        texts[i],
                        Context(
                            target,
                            known_words,
                            [n for n in found[i] if isinstance(n, str) and n.lower() not in renamed],
                            fixed[i],
                            source,
                            second_opinion=other,
                        ),
                    )

                result.translations = [judged(i) for i in range(len(sentences))]
                # A second opinion only where it can change what the reader sees: a sentence already doubtful
                # needs none. Its first hop is mostly another target's own (shared); the later hops run for the
                # sentences asked about.
                asked = [i for i, r in enumerate(result.translations) if not r.doubtful and texts[i]]
                if other_route is not None and asked:
                    try:
                        if ahead is not None:
                            ahead.result()
                        other_hops, _, other_known = run_route(other_route, asked)
                        for i in asked:
                            other = final(sentences[i], other_hops[i], other_known[i])
                            result.translations[i] = judged(i, other)
                    except EngineError as err:  # a second opinion that fails costs the check, not the translation
                        log.warning("second opinion %s failed: %s", other_route.describe(), err)
                return result
            finally:
                if ahead is not None:
                    ahead.wait()  # nothing of this request runs after its answer

        if one_at_a_time:
            results = [run_target(t) for t in ordered]
        else:
            with ThreadPoolExecutor(max_workers=min(self.max_parallel_targets, len(ordered))) as pool:
                results = list(pool.map(run_target, ordered))
        return dict(zip(ordered, results, strict=True))

    def check_any_succeeded(self, targets: Mapping[str, TargetResult]) -> None:
        """Raise ``TranslationFailed`` when targets were asked for and none came back."""
        if not targets or any(t.ok for t in targets.values()):
            return
        if not self.graph.languages[0]:
            raise TranslationFailed(messages.NO_ENGINE(), "no_engine")
        first = next(iter(targets.values()))
        code = first.error_code or "engine_error"
        field = "targets" if code == "same_language" else None
        message = first.failure.detail if first.failure else messages.NO_TARGET_SUCCEEDED()
        raise TranslationFailed(message, code, field)
