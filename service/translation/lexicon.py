"""How often a language's press writes a word: the evidence a dictionary lacks.

An engine's dictionary knows the words it translates, not every word of the language: the Catalan of
fra-cat does not list "capdavant" or "des" (of "des de"), which every Catalan reader knows. Word
frequencies from ``wordfreq`` (many corpora: news, subtitles, Wikipedia, the web) answer "is this a
word of the language?" for the checks (``service.translation.checks``), and "is this word French
rather than the target's?" for words an engine passed through as they were ("plus", "premier").

Languages ``wordfreq`` lacks (Galician, Occitan, Esperanto) answer 0: the dictionaries alone decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import available_languages, zipf_frequency

# A word read at least this often (Zipf scale: 1 = once per hundred million words) is a word of the language.
KNOWN_ZIPF = 1.5
# A source word copied into the output reads as French when French writes it this much more often
# (Zipf: a factor of 10 per point) than the target: "plus" 6.7 in French, 4.1 in Spanish.
FRENCH_MARGIN = 1.5


_COMPOUND = re.compile(r"[-'’\s]")


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(available_languages())


def covers(language: str) -> bool:
    """Whether frequencies exist for ``language``."""
    return language in _languages()


@lru_cache(maxsize=65536)
def zipf(word: str, language: str) -> float:
    """How often ``language`` writes ``word`` (Zipf scale, 0: never seen or no frequencies for it)."""
    if not covers(language):
        return 0.0
    return zipf_frequency(word, language)


def frequent(words: set[str], language: str, at_least: float = KNOWN_ZIPF) -> set[str]:
    """The single ``words`` that ``language`` writes at least ``at_least`` often.

    A hyphenated form is no evidence: frequencies count its parts ("mitad-palabra" is two frequent
    words, not a Spanish word), so only a dictionary can vouch for it.
    """
    return {w for w in words if not _COMPOUND.search(w) and zipf(w, language) >= at_least}


def reads_as(word: str, source: str, target: str, margin: float = FRENCH_MARGIN) -> bool:
    """Whether ``word`` reads as ``source`` rather than ``target``: much more frequent in the former."""
    if not (covers(source) and covers(target)):
        return False
    return zipf(word, source) - zipf(word, target) >= margin
