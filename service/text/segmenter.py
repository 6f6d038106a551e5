"""Offline sentence segmentation for news text.

Why our own splitter: NLTK's punkt needs a data download, and Moses-style
splitters miss French press conventions (initials such as "V. Poutine",
guillemets that close after the full stop, "(...)" elisions inside quotes,
and the "mot.Mot" typos left by content-management systems). The rules here
are a small, table-tested state machine; the abbreviation lists are data
(``service.abbreviations``).

Sentences never cross a line break: a line is the smallest paragraph unit.
Linear time: one pass over the full stops of a paragraph, and each decision
looks at a bounded window around its mark (never the whole prefix), so text
with 20,000-character tokens costs what ordinary text of the same size does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.text.abbreviations import ABBREVIATIONS, SENTENCE_FINAL_ABBREVIATIONS, UNITS

_OPENERS = "«“\"‘'([¿¡—–-"
_CLOSERS = "»”\"’')]"
_TERMINAL = re.compile(r"(?:\.\.\.|…|[.!?])+")
_WORD_CHARS = frozenset("_°º.'’-")
# Longer than any abbreviation or initials: a word this long before a full stop is an ordinary word.
_MAX_ABBREVIATION = 24
_LIST_NUMBER = re.compile(r"\d{1,3}")
_ELLIPSIS_IN_BRACKETS = re.compile(r"[(\[]\s*(?:\.\.\.|…)\s*[)\]]")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Ý]\.?-)*[A-ZÀ-Ý]$")


@dataclass(frozen=True)
class Sentence:
    """One sentence with where it came from, so nothing pasted is lost."""

    text: str
    paragraph: int
    start: int  # character offset in the original text
    end: int


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty lines of ``text`` with their character offsets."""
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            out.append((offset + line.index(stripped[0]), stripped))
        offset += len(line)
    return out


def _language_table(language: str) -> frozenset[str]:
    return ABBREVIATIONS.get(language, ABBREVIATIONS["en"] | ABBREVIATIONS["fr"])


def _quote_depths(text: str) -> list[int]:
    """Guillemet nesting depth after each character, or all zeros if unbalanced.

    An unbalanced paragraph (a quote opened and never closed) would otherwise
    glue everything after the opening mark into one sentence.
    """
    depth = 0
    depths = []
    for ch in text:
        if ch == "«":
            depth += 1
        elif ch == "»" and depth > 0:
            depth -= 1
        depths.append(depth)
    if depth != 0:
        return [0] * len(text)
    return depths


def _next_visible(text: str, pos: int) -> tuple[int, str]:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos, (text[pos] if pos < len(text) else "")


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _word_before(text: str, start: int) -> str | None:
    """The word (letters, digits, dots, hyphens, apostrophes) that ends at ``start``.

    ``None`` when it is longer than any abbreviation: the scan stops there, so
    a long token costs one bounded look, not a re-scan of the prefix.
    """
    i = start
    limit = max(0, start - _MAX_ABBREVIATION)
    while i > limit and (text[i - 1].isalnum() or text[i - 1] in _WORD_CHARS):
        i -= 1
    if i == limit and i > 0 and (text[i - 1].isalnum() or text[i - 1] in _WORD_CHARS):
        return None
    return text[i:start]


def _follows_number(text: str, begin: int) -> bool:
    """Whether the word starting at ``begin`` comes right after a number ("100 m")."""
    i = begin
    while i > 0 and text[i - 1] in " \u00a0\u202f":
        i -= 1
    return i < begin and i > 0 and text[i - 1].isdigit()


def _is_boundary(text: str, begin: int, start: int, end: int, language: str, depths: list[int]) -> int | None:
    """Where the sentence that began at ``begin`` ends if the terminal run ``text[start:end]`` ends it."""
    mark = text[start:end]
    cut = end
    spaced, after_space = _next_visible(text, cut)
    if after_space in "»”" and after_space:
        cut = spaced  # French typography: "fin. »"
    while cut < len(text) and text[cut] in _CLOSERS:
        cut += 1
    if depths[cut - 1] > 0:
        return None  # still inside a quotation that closes later
    after, nxt = _next_visible(text, cut)
    if not nxt:
        return cut
    if mark == "." and cut == end and start - begin <= 6 and _LIST_NUMBER.fullmatch(text[begin:start].strip()):
        return None  # "1. La réforme ...": a list item's number, not a sentence
    glued = after == cut  # no space: "Choïgo.La Corée", "en 2017.Il"
    if not _starts_sentence(nxt):
        return None
    if glued and not (nxt.isupper() and after + 1 < len(text) and text[after + 1].islower()):
        return None  # "4.2", "U.S.A", "J.-C" keep together
    before = text[start - 1 : start]
    if glued and not (before.isalnum() or before in _CLOSERS or before == "%"):
        return None
    if _ELLIPSIS_IN_BRACKETS.search(text[max(0, start - 2) : cut + 1]):
        return None  # "(...)" marks a cut inside a quotation
    if mark not in (".",):
        return cut  # "!", "?", "..." and combinations end sentences
    if cut != end:
        return cut  # a full stop closed by a guillemet or bracket
    found = _word_before(text, start)
    if not found:
        return cut
    word = re.split(r"['’]", found)[-1].lstrip("-")
    lower = word.lower().rstrip(".")
    if lower in SENTENCE_FINAL_ABBREVIATIONS:
        return cut if nxt.isupper() else None
    if word in UNITS and _follows_number(text, start - len(word)):
        return cut if nxt.isupper() else None  # "sur 100 m. Elle": units take no full stop of their own
    if lower in _language_table(language) or lower.replace(".", "") in _language_table(language):
        return None
    if _INITIALS.match(word.rstrip(".")):
        return None  # "V. Poutine", "J.-P. Sartre"
    if "." in word.strip(".") and word.replace(".", "").isalpha() and len(word) <= 8:
        return None  # "U.S.", "p.ex."
    if nxt.isdigit() and len(lower) <= 3:
        return None  # "p. 12", "art. 3"
    return cut


def split_sentences(text: str, language: str = "fr") -> list[str]:
    """Split one paragraph (no line breaks) into sentences."""
    return [s for s, _, _ in _split_with_offsets(text, language)]


def _split_with_offsets(text: str, language: str) -> list[tuple[str, int, int]]:
    depths = _quote_depths(text)
    pieces = []
    begin = 0
    for match in _TERMINAL.finditer(text):
        cut = _is_boundary(text, begin, match.start(), match.end(), language, depths)
        if cut is None or cut <= begin:
            continue
        piece = text[begin:cut].strip()
        if piece:
            pieces.append((piece, begin + text[begin:cut].index(piece[0]), cut))
        begin = cut
    rest = text[begin:].strip()
    if rest:
        pieces.append((rest, begin + text[begin:].index(rest[0]), len(text)))
    return pieces


def segment(text: str, language: str = "fr") -> list[Sentence]:
    """All sentences of ``text``, paragraph by paragraph, with offsets."""
    sentences = []
    for number, (offset, paragraph) in enumerate(split_paragraphs(text)):
        for piece, start, end in _split_with_offsets(paragraph, language):
            sentences.append(Sentence(piece, number, offset + start, offset + end))
    return sentences
