"""What a reader needs to trust a translated sentence: a calibrated confidence and the named doubts.

Each engine hop reports what it knows (``Translated``): Argos a model score, Apertium the words its
dictionary did not know, its coverage, and the words it chose among several translations with no rule.
``combine`` turns a route's hops into one ``SentenceResult`` and runs the checks of
``service.translation.checks`` on it (numbers, polarity, invented words, names, quotation marks). Every
doubt is a named flag with its evidence (the words concerned), and ``confidence`` weighs them all: the
product of the engine's own measure and of one factor per doubt, calibrated on sentences judged by
bilingual readers (``tests/data/judged``), so that a sentence under ``DOUBTFUL_BELOW`` is one a reader
should check against its source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sacrebleu.metrics import CHRF

from service.models.translation import (
    AMBIGUOUS_WORD,
    DOUBTFUL_BELOW,  # noqa: F401  (the threshold, re-exported where the confidence is computed)
    FLAGS,
    INVENTED_WORDS,
    NAMES_CHANGED,
    NUMBER_FORMAT,
    NUMBERS_CHANGED,
    PIVOT_LEFTOVER,
    POLARITY,
    QUOTES_MOVED,
    ROUTES_DISAGREE,
    SHIELD_FALLBACK,
    UNKNOWN_WORDS,
    Ambiguity,
    SentenceResult,
    Translated,
    UnknownWord,
)
from service.translation import checks, lexicon

# What each doubt does to the confidence, and the threshold of agreement between routes: calibrated on
# the judged sentences (``scripts/doubt.py --calibrate``; figures in docs/site/doubts.md). A factor under
# DOUBTFUL_BELOW makes the flag alone a reason to check the sentence.
PENALTY = {
    UNKNOWN_WORDS: 0.2,
    PIVOT_LEFTOVER: 0.2,
    SHIELD_FALLBACK: 0.7,
    NUMBERS_CHANGED: 0.4,
    POLARITY: 0.35,
    INVENTED_WORDS: 0.45,
    NAMES_CHANGED: 0.45,
    QUOTES_MOVED: 0.6,
    NUMBER_FORMAT: 0.7,
    ROUTES_DISAGREE: 0.45,
}
AMBIGUITY_PENALTY = 0.2  # per content word chosen among several translations with no rule
# Two independent routes whose translations share less than this (chrF, 0-100) disagree.
AGREEMENT_BELOW = 75.0
# Per target where the judged set measured another value: how far two routes' translations drift apart
# depends on the target (fr→es against fr→ca→es drift less than fr→ca against fr→es→ca).
AGREEMENT_BELOW_FOR: dict[str, float] = {"en": 90.0, "es": 85.0}


def agreement_below(target: str) -> float:
    """The chrF under which two routes to ``target`` disagree."""
    return AGREEMENT_BELOW_FOR.get(target, AGREEMENT_BELOW)


# Words that are never "untranslated": single letters and the "h" of "13 h 30".
_TRIVIAL = re.compile(r"^(?:[^\W\d_]|h|min|km|kg|cm|mm)$", re.IGNORECASE)


@dataclass
class Context:
    """What the checks of one sentence know besides its text: the target, its dictionary, the protected spans."""

    target: str
    known: Callable[[str, set[str]], set[str]] | None = None  # (language, words) -> the words its dictionary knows
    names: Sequence[str] = ()  # names protected through the route
    converted: Sequence[tuple[str, str]] = ()  # dates and centuries put in the target's form
    source_language: str = "fr"
    extra_flags: set[str] = field(default_factory=set)  # decided elsewhere
    second_opinion: str | None = None  # the same sentence by an independent route


def _offsets(sentence: str, words: Sequence[str]) -> list[tuple[str, int | None, int | None]]:
    """Each word with its first unused whole-word occurrence in ``sentence``."""
    out = []
    taken: set[int] = set()
    for word in words:
        found = None
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", sentence):
            if match.start() not in taken:
                found = match
                taken.add(match.start())
                break
        out.append((word, found.start() if found else None, found.end() if found else None))
    return out


def _known(context: Context | None, language: str, words: set[str]) -> set[str]:
    if context is None or context.known is None or not words:
        return set()
    return context.known(language, words)


def _ambiguities(hops: Sequence[tuple[str, Translated]]) -> list[Ambiguity]:
    out = []
    for language, hop in hops:
        for lemma, _tags, lemmas in hop.choices:
            clean = tuple(dict.fromkeys(t.replace("#", "").strip() for t in lemmas))
            if len(clean) >= 2:
                out.append(Ambiguity(word=lemma, language=language, choice=clean[0], alternatives=clean))
    return out


def combine(
    source: str, hops: Sequence[tuple[str, Translated]], text: str | None = None, context: Context | None = None
) -> SentenceResult:
    """One sentence's route — ``(hop input language, hop output)`` pairs in order — as one result, checked.

    ``text``: the final output when it was touched after the last hop (capitals, number forms).
    """
    text = text if text is not None else (hops[-1][1].text if hops else source)
    target = context.target if context else None
    flags: set[str] = set(context.extra_flags) if context else set()
    unknown: list[UnknownWord] = []
    passed_through: set[str] = set()
    measure_product: float | None = None
    score: float | None = None
    for index, (language, hop) in enumerate(hops):
        measure = hop.score if hop.score is not None else hop.coverage
        if measure is not None:
            measure_product = measure if measure_product is None else measure_product * measure
        if hop.score is not None:
            score = hop.score if score is None else score * hop.score
        flags |= set(hop.flags)
        words = [w for w in hop.unknown if not _TRIVIAL.match(w)]
        if index == 0:
            # A word the target knows, written alike in both ("cosmodrome"), is translated, unless it reads
            # as the source's language rather than the target's.
            same = _known(context, target, {w for w in words if w in text}) if target else set()
            same = {w for w in same if not lexicon.reads_as(w.lower(), language, target)}
            for word, start, end in _offsets(source, [w for w in words if w not in same]):
                unknown.append(UnknownWord(word=word, start=start, end=end, language=language))
                passed_through.add(word.lower())
        else:
            for word in words:
                if word.lower() in passed_through:
                    continue  # a source word already reported is not a pivot word
                if word.lower() in source.lower():
                    # The pivot engine met a French word the first hop left: untranslated French.
                    start, end = _offsets(source, [word])[0][1:]
                    unknown.append(UnknownWord(word=word, start=start, end=end, language=hops[0][0]))
                    passed_through.add(word.lower())
                    continue
                unknown.append(UnknownWord(word=word, start=None, end=None, language=language, pivot=True))
    if any(not u.pivot for u in unknown):
        flags.add(UNKNOWN_WORDS)
    if any(u.pivot for u in unknown):
        flags.add(PIVOT_LEFTOVER)
    ambiguities = _ambiguities(hops)
    invented: list[str] = []
    lost: list[str] = []
    if context is not None and target is not None and hops:
        if checks.numbers_changed(source, text, target, context.converted):
            flags.add(NUMBERS_CHANGED)
        if checks.polarity_flipped(source, text, target):
            flags.add(POLARITY)
        if checks.quotes_moved(source, text):
            flags.add(QUOTES_MOVED)
        if checks.french_ordinal_left(text, target):
            flags.add(NUMBER_FORMAT)
        lost = checks.names_lost(text, context.names)
        reported = {u.word.lower() for u in unknown}
        for word in checks.passed_through(source, text, context.source_language, target, context.names):
            if word not in reported:
                start, end = _offsets(source.lower(), [word])[0][1:]
                unknown.append(
                    UnknownWord(
                        word=source[start:end] if start is not None else word,
                        start=start,
                        end=end,
                        language=context.source_language,
                    )
                )
                flags.add(UNKNOWN_WORDS)
        if context.known is not None:
            leftovers = {u.word.lower() for u in unknown}
            invented = [
                w
                for w in checks.invented_words(source, text, lambda ws: context.known(target, ws), context.names)
                if w.lower() not in leftovers
            ]
    second_opinion = None
    if (
        context is not None
        and context.second_opinion
        and agreement(text, context.second_opinion) < agreement_below(context.target)
    ):
        flags.add(ROUTES_DISAGREE)
        second_opinion = context.second_opinion
    if ambiguities:
        flags.add(AMBIGUOUS_WORD)
    if invented:
        flags.add(INVENTED_WORDS)
    if lost:
        flags.add(NAMES_CHANGED)
    confidence = measure_product
    if hops:
        confidence = measure_product if measure_product is not None else 1.0
        for flag in flags:
            confidence *= PENALTY.get(flag, 1.0)
        confidence *= AMBIGUITY_PENALTY ** len(ambiguities)
    return SentenceResult(
        text=text,
        score=round(score, 4) if score is not None else None,
        confidence=round(confidence, 4) if confidence is not None else None,
        flags=tuple(f for f in FLAGS if f in flags),
        unknown_words=tuple(unknown),
        ambiguities=tuple(ambiguities),
        invented_words=tuple(invented),
        lost_names=tuple(lost),
        second_opinion=second_opinion,
    )


_CHRF = CHRF()


def agreement(text: str, other: str) -> float:
    """How much two translations of one sentence share (chrF: character n-grams, 0-100)."""
    if not text.strip() or not other.strip():
        return 100.0 if text.strip() == other.strip() else 0.0
    return _CHRF.sentence_score(text, [other]).score


def doubtful(result: SentenceResult) -> bool:
    """Whether a reader should check this sentence against its source."""
    return result.doubtful
