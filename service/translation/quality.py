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
from dataclasses import dataclass

from service.translation.engines.base import Translated

UNKNOWN_WORDS, PIVOT_LEFTOVER, SHIELD_FALLBACK, OTHER_LANGUAGE, NUMBERS_CHANGED = (
    "unknown_words",
    "pivot_leftover",
    "shield_fallback",
    "other_language",
    "numbers_changed",
)
FLAGS = (UNKNOWN_WORDS, PIVOT_LEFTOVER, SHIELD_FALLBACK, OTHER_LANGUAGE, NUMBERS_CHANGED)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class UnknownWord:
    """A word an engine passed through untranslated: in the source, or in a pivot language's text."""

    word: str
    start: int | None  # offset in the source sentence (None for a pivot word)
    end: int | None
    language: str  # the language the word is in
    pivot: bool = False

    def to_dict(self) -> dict:
        return {"word": self.word, "start": self.start, "end": self.end, "language": self.language, "pivot": self.pivot}

    @classmethod
    def from_dict(cls, data: dict) -> UnknownWord:
        return cls(data["word"], data.get("start"), data.get("end"), data.get("language", ""), data.get("pivot", False))


@dataclass(frozen=True)
class SentenceResult:
    """One source sentence in one target language, with what the reader should know about it."""

    text: str
    score: float | None = None  # the model's own score (Argos), product over hops
    confidence: float | None = None  # 0..1; None: nothing measured (boilerplate shown as pasted)
    flags: tuple[str, ...] = ()
    unknown_words: tuple[UnknownWord, ...] = ()
    route: str | None = None  # set when this sentence took another route than its target's

    def to_dict(self) -> dict:
        out = {
            "text": self.text,
            "score": self.score,
            "confidence": self.confidence,
            "flags": list(self.flags),
            "unknown_words": [u.to_dict() for u in self.unknown_words],
        }
        if self.route:
            out["route"] = self.route
        return out

    @classmethod
    def from_dict(cls, data: dict) -> SentenceResult:
        return cls(
            data["text"],
            data.get("score"),
            data.get("confidence"),
            tuple(data.get("flags") or ()),
            tuple(UnknownWord.from_dict(u) for u in data.get("unknown_words") or ()),
            data.get("route"),
        )


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


def combine(source: str, hops: Sequence[tuple[str, Translated]]) -> SentenceResult:
    """One sentence's route — ``(hop input language, hop output)`` pairs in order — as one result."""
    text = hops[-1][1].text if hops else source
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
                unknown.append(UnknownWord(word, start, end, language))
                passed_through.add(word.lower())
        else:
            for word in hop.unknown:
                if word.lower() not in passed_through:  # a source word already reported is not a pivot word
                    unknown.append(UnknownWord(word, None, None, language, pivot=True))
    if any(not u.pivot for u in unknown):
        flags.append(UNKNOWN_WORDS)
    if any(u.pivot for u in unknown):
        flags.append(PIVOT_LEFTOVER)
    if sorted(_DIGITS.findall(source)) != sorted(_DIGITS.findall(text)) and not _same_numbers(source, text):
        flags.append(NUMBERS_CHANGED)
    return SentenceResult(
        text,
        round(score, 4) if score is not None else None,
        round(confidence, 4) if confidence is not None else None,
        tuple(f for f in FLAGS if f in flags),
        tuple(unknown),
    )


def _same_numbers(source: str, text: str) -> bool:
    """Digits may move (an engine reorders words) but not change: compare them as multisets of digits."""
    return sorted("".join(_DIGITS.findall(source))) == sorted("".join(_DIGITS.findall(text)))
