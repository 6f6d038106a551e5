"""What a reader needs to trust a translated sentence: confidence, doubts, the words left untranslated.

Each engine hop reports what it knows (``engines.base.Translated``): Argos a
model score, Apertium the words its dictionary did not know and its coverage.
``combine`` turns a route's hops into one ``SentenceResult``: the words of the
source left untranslated (with their offsets), the pivot-language words left
in the output ("norcoreanos" in English), a confidence in [0, 1] (the product
over hops of score or coverage) and ``flags`` naming each doubt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.models.translation import (
    FLAGS,
    NUMBERS_CHANGED,
    PIVOT_LEFTOVER,
    UNKNOWN_WORDS,
    SentenceResult,
    Translated,
    UnknownWord,
)

_DIGITS = re.compile(r"\d+")


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


def combine(source: str, hops: Sequence[tuple[str, Translated]], text: str | None = None) -> SentenceResult:
    """One sentence's route — ``(hop input language, hop output)`` pairs in order — as one result.

    ``text``: the final output when it was touched after the last hop (names' capitals restored).
    """
    text = text if text is not None else (hops[-1][1].text if hops else source)
    flags: list[str] = []
    unknown: list[UnknownWord] = []
    passed_through: set[str] = set()
    confidence: float | None = None
    score: float | None = None
    for index, (language, hop) in enumerate(hops):
        measure = hop.score if hop.score is not None else hop.coverage
        if measure is not None:
            confidence = measure if confidence is None else confidence * measure
        if hop.score is not None:
            score = hop.score if score is None else score * hop.score
        flags += [f for f in hop.flags if f not in flags]
        if index == 0:
            for word, start, end in _offsets(source, hop.unknown):
                unknown.append(UnknownWord(word=word, start=start, end=end, language=language))
                passed_through.add(word.lower())
        else:
            for word in hop.unknown:
                if word.lower() not in passed_through:  # a source word already reported is not a pivot word
                    unknown.append(UnknownWord(word=word, start=None, end=None, language=language, pivot=True))
    if any(not u.pivot for u in unknown):
        flags.append(UNKNOWN_WORDS)
    if any(u.pivot for u in unknown):
        flags.append(PIVOT_LEFTOVER)
    if sorted(_DIGITS.findall(source)) != sorted(_DIGITS.findall(text)) and not _same_numbers(source, text):
        flags.append(NUMBERS_CHANGED)
    return SentenceResult(
        text=text,
        score=round(score, 4) if score is not None else None,
        confidence=round(confidence, 4) if confidence is not None else None,
        flags=tuple(f for f in FLAGS if f in flags),
        unknown_words=tuple(unknown),
    )


def _same_numbers(source: str, text: str) -> bool:
    """Digits may move (an engine reorders words) but not change: compare them as multisets of digits."""
    return sorted("".join(_DIGITS.findall(source))) == sorted("".join(_DIGITS.findall(text)))
