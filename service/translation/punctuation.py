"""Engine output made presentable for its language, without changing a word.

Rule-based output carries artefacts a reader notices, and a machine does not
need: doubled spaces, a space before a comma, French spacing before ``; : !
?`` in English, guillemets left empty after the engine reordered the words
they held ("perspectives «»"). French keeps its spaces before ``; : ! ?`` and
inside « », the other languages do not.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_SPACES = re.compile(r"[ \t]{2,}")
# Each pattern that removes spaces before a mark starts only where a run of spaces starts: unanchored,
# a long run of spaces not followed by the mark was scanned again from each of its positions (quadratic).
_BEFORE_CLOSING = re.compile(r"(?<!\s)\s+([,.)\]…])")  # no language puts a space before these
_BEFORE_HIGH = re.compile(r"(?<![ \u00a0\u202f])[ \u00a0\u202f]+([;:!?])")  # French does, the others do not
_AFTER_OPENING_GUILLEMET = re.compile(r"«[\s\u00a0\u202f]+")
_BEFORE_CLOSING_GUILLEMET = re.compile(r"(?<![\s\u00a0\u202f])[\s\u00a0\u202f]+»")
_AFTER_OPENING = re.compile(r"([(\[])\s+")
_EMPTY_GUILLEMETS = re.compile(r"«[\s\u00a0\u202f]*»")
_QUOTED = re.compile(r"«([\s\u00a0\u202f]*)([^«»]+?)([\s\u00a0\u202f]*)»")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
SPACED_PUNCTUATION_LANGUAGES = frozenset({"fr"})


def _rewrap_guillemets(text: str, source: str) -> str:
    """Put words back inside guillemets the engine emptied: the n words before "«»", n as in the source.

    One pass over the text: the words and the empty pairs are found once, and each pair takes its words
    from those after the previous pair (searching the whole text again for each pair was quadratic on
    runs of « »).
    """
    if _EMPTY_GUILLEMETS.search(text) is None:
        return text
    counts = [len(_WORD.findall(m.group(2))) or 1 for m in _QUOTED.finditer(source)]
    if not counts:
        return text
    words = list(_WORD.finditer(text))
    word_ends = [w.end() for w in words]
    quoted = iter(_QUOTED.finditer(source))
    out: list[str] = []
    cursor = 0  # the text before it is written out; no pair takes words from there
    first_word = 0  # the first word at or after the cursor
    for count, empty, original in zip(counts, _EMPTY_GUILLEMETS.finditer(text), quoted, strict=False):
        before = bisect_right(word_ends, empty.start())  # words that end before the pair
        if before - first_word < count:
            break
        first = words[before - count]
        inner = text[first.start() : empty.start()].rstrip()
        out.append(text[cursor : first.start()])
        out.append(f"«{original.group(1)}{inner}{original.group(3)}»")
        cursor = empty.end()
        first_word = bisect_right(word_ends, cursor - 1) if cursor else 0
    out.append(text[cursor:])
    return "".join(out)


def tidy(text: str, source: str, target: str) -> str:
    """``text`` (a translation of ``source`` into ``target``) with spacing and guillemets fixed."""
    out = _rewrap_guillemets(text, source)
    out = _BEFORE_CLOSING.sub(r"\1", out)
    out = _AFTER_OPENING.sub(r"\1", out)
    if target not in SPACED_PUNCTUATION_LANGUAGES:
        out = _BEFORE_HIGH.sub(r"\1", out)
        out = _AFTER_OPENING_GUILLEMET.sub("«", out)
        out = _BEFORE_CLOSING_GUILLEMET.sub("»", out)
    out = _SPACES.sub(" ", out)
    return out.strip()
