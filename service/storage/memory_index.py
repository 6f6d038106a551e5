"""The translation memory's matching: the same source sentence, or a close one, among reviewed pairs.

A reviewed pair (a source sentence and the translation a person corrected or
accepted) is remembered per language pair (``service.storage.memory``). A new
sentence whose normalised text is a remembered one takes the reviewed
translation as it is (state ``memory``); a close one (``FUZZY_THRESHOLD`` or
more on rapidfuzz's ``fuzz.ratio``, the normalised Indel similarity, 0-100)
gets it as a suggestion beside the machine translation, never in its place:
a sentence that differs by a number or a name must not silently take another
sentence's translation.

``FuzzyIndex`` keeps a language pair's sentences in memory so that a look-up
among 100,000 pairs stays within a few milliseconds: only the sentences that
share one of the query's rarest words and whose length allows the threshold
are scored (two sentences with a ratio of 85 differ in length by at most 26 %,
and a sentence changed so much that none of its four rarest words is left is
not a close match).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

FUZZY_THRESHOLD = 85.0  # rapidfuzz fuzz.ratio, 0-100: at or over this, a remembered pair is offered as a suggestion
RARE_WORDS = 4  # candidates share at least one of the query's this many rarest (indexed) words
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def normalise(sentence: str) -> str:
    """The key of a source sentence: NFC, one kind of apostrophe, single spaces, no outer space.

    Case and punctuation are kept: "Il pleut." and "il pleut" are not the same sentence for a newsroom.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", sentence).translate(_APOSTROPHES)).strip()


def _fold(key: str) -> str:
    return key.casefold()


def _length_window(length: int, threshold: float) -> tuple[float, float]:
    """The lengths a string may have for its ratio with one of ``length`` to reach ``threshold``."""
    r = threshold / 100
    return length * r / (2 - r), length * (2 - r) / r


@dataclass
class FuzzyIndex:
    """One language pair's remembered source sentences, searchable for close matches."""

    generation: int = -1  # the store's change counter this index reflects
    keys: list[str | None] = field(default_factory=list)
    _folded: list[str] = field(default_factory=list)
    _position: dict[str, int] = field(default_factory=dict)
    _postings: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, keys: Iterable[str], generation: int = -1) -> FuzzyIndex:
        index = cls(generation=generation)
        for key in keys:
            index.add(key)
        return index

    def __len__(self) -> int:
        return len(self._position)

    def add(self, key: str) -> None:
        """Remember one normalised source sentence (again: nothing changes)."""
        if key in self._position:
            return
        position = len(self.keys)
        folded = _fold(key)
        self.keys.append(key)
        self._folded.append(folded)
        self._position[key] = position
        for word in set(_WORD.findall(folded)):
            self._postings.setdefault(word, []).append(position)

    def best(
        self, sentence: str, threshold: float = FUZZY_THRESHOLD, exclude_exact: bool = True
    ) -> tuple[str, float] | None:
        """The closest remembered sentence at or over ``threshold`` and its score, or None."""
        from rapidfuzz import fuzz, process

        key = normalise(sentence)
        query = _fold(key)
        words = sorted({w for w in _WORD.findall(query) if w in self._postings}, key=lambda w: len(self._postings[w]))[
            :RARE_WORDS
        ]
        low, high = _length_window(len(query), threshold)
        candidates = {
            i
            for word in words
            for i in self._postings[word]
            if self.keys[i] is not None
            and low <= len(self._folded[i]) <= high
            and (not exclude_exact or self.keys[i] != key)
        }
        if not candidates:
            return None
        order = sorted(candidates)
        found = process.extractOne(query, [self._folded[i] for i in order], scorer=fuzz.ratio, score_cutoff=threshold)
        if found is None:
            return None
        return self.keys[order[found[2]]], round(found[1], 1)  # type: ignore[return-value]
