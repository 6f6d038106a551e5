"""Engine output made presentable for its language, without changing a word.

Rule-based output carries artefacts a reader notices, and a machine does not
need: doubled spaces, a space before a comma, French spacing before ``; : !
?`` in English, guillemets left empty after the engine reordered the words
they held ("perspectives «»"). French keeps its spaces before ``; : ! ?`` and
inside « », the other languages do not.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_CLOSING = re.compile(r"\s+([,.)\]…])")  # no language puts a space before these
_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]+([;:!?])")  # French does, the others do not
_AFTER_OPENING = re.compile(r"([(\[])\s+")
_EMPTY_GUILLEMETS = re.compile(r"«[\s\u00a0\u202f]*»")
_QUOTED = re.compile(r"«([\s\u00a0\u202f]*)([^«»]+?)([\s\u00a0\u202f]*)»")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
SPACED_PUNCTUATION_LANGUAGES = frozenset({"fr"})


def _rewrap_guillemets(text: str, source: str) -> str:
    """Put words back inside guillemets the engine emptied: the n words before "«»", n as in the source."""
    quoted = [m for m in _QUOTED.finditer(source)]
    if not quoted or not _EMPTY_GUILLEMETS.search(text):
        return text
    result = text
    for original in quoted:
        empty = _EMPTY_GUILLEMETS.search(result)
        if empty is None:
            break
        count = len(_WORD.findall(original.group(2))) or 1
        words = list(_WORD.finditer(result[: empty.start()]))
        if len(words) < count:
            break
        first = words[-count]
        inner = result[first.start() : empty.start()].rstrip()
        opening, closing = original.group(1), original.group(3)
        result = result[: first.start()] + f"«{opening}{inner}{closing}»" + result[empty.end() :]
    return result


def tidy(text: str, source: str, target: str) -> str:
    """``text`` (a translation of ``source`` into ``target``) with spacing and guillemets fixed."""
    out = _rewrap_guillemets(text, source)
    out = _BEFORE_CLOSING.sub(r"\1", out)
    out = _AFTER_OPENING.sub(r"\1", out)
    if target not in SPACED_PUNCTUATION_LANGUAGES:
        out = _BEFORE_HIGH.sub(r"\1", out)
        out = re.sub(r"«[\s\u00a0\u202f]+", "«", out)
        out = re.sub(r"[\s\u00a0\u202f]+»", "»", out)
    out = _SPACES.sub(" ", out)
    return out.strip()
