"""Offline sentence segmentation for news text.

Why our own splitter: NLTK's punkt needs a data download, and Moses-style
splitters miss French press conventions (initials such as "V. Poutine",
guillemets that close after the full stop, "(...)" elisions inside quotes,
and the "mot.Mot" typos left by content-management systems). The rules here
are a small, table-tested state machine; the abbreviation lists are data.

Sentences never cross a line break: a line is the smallest paragraph unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that take a full stop without ending a sentence. Compared lower-cased,
# without their final full stop. Single letters are handled as initials.
_COMMON_ABBREVIATIONS = {
    "etc",
    "cf",
    "vol",
    "chap",
    "art",
    "fig",
    "env",
    "no",
    "nos",
    "tel",
    "ex",
    "vs",
    "min",
    "max",
    "approx",
    "ibid",
    "op",
    "cit",
    "ca",
    "resp",
    "dir",
}
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "m",
            "mm",
            "mme",
            "mmes",
            "mlle",
            "mlles",
            "dr",
            "drs",
            "pr",
            "me",
            "mgr",
            "st",
            "ste",
            "av",
            "apr",
            "jc",
            "p",
            "pp",
            "n",
            "nº",
            "n°",
            "éd",
            "coll",
            "hab",
            "sq",
            "suiv",
            "bd",
            "boul",
            "gén",
            "col",
            "cdt",
            "lt",
            "sgt",
            "janv",
            "févr",
            "avr",
            "juil",
            "sept",
            "oct",
            "nov",
            "déc",
            "vve",
            "cie",
            "ets",
            "adj",
            "dép",
            "réf",
            "trad",
            "anc",
            "mat",
            "tél",
        }
    ),
    "en": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "sr",
            "jr",
            "st",
            "mt",
            "gen",
            "col",
            "lt",
            "sgt",
            "capt",
            "gov",
            "sen",
            "rep",
            "inc",
            "ltd",
            "co",
            "corp",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "p",
            "pp",
            "u.s",
            "u.k",
            "e.g",
            "i.e",
            "a.m",
            "p.m",
        }
    ),
    "es": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "sr",
            "sra",
            "srta",
            "sres",
            "dr",
            "dra",
            "d",
            "dña",
            "ud",
            "uds",
            "pág",
            "págs",
            "núm",
            "avda",
            "av",
            "gral",
            "ee.uu",
            "aprox",
            "p",
        }
    ),
    "de": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "hr",
            "fr",
            "dr",
            "prof",
            "bzw",
            "usw",
            "vgl",
            "z.b",
            "d.h",
            "u.a",
            "s",
            "nr",
            "str",
            "jh",
            "ca",
            "mio",
            "mrd",
            "evtl",
            "ggf",
        }
    ),
    "it": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "sig",
            "sigg",
            "sig.ra",
            "dott",
            "prof",
            "ing",
            "avv",
            "pag",
            "ecc",
        }
    ),
    "pt": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "sr",
            "sra",
            "dr",
            "dra",
            "prof",
            "pág",
            "av",
            "n.º",
            "eua",
        }
    ),
}

# Abbreviations that often end a sentence too: they split only when followed
# by a capitalised word, unlike those above which never split.
SENTENCE_FINAL_ABBREVIATIONS = {"etc", "j.-c", "jc"}

_OPENERS = "«“\"‘'([¿¡—–-"
_CLOSERS = "»”\"’')]"
_TERMINAL = re.compile(r"(?:\.\.\.|…|[.!?])+")
_WORD_BEFORE = re.compile(r"([\w°º.'’-]+)$")
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


def _is_boundary(text: str, start: int, end: int, language: str, depths: list[int]) -> int | None:
    """Where the sentence ends if the terminal run ``text[start:end]`` ends one."""
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
    glued = after == cut  # no space: "Choïgo.La Corée"
    if not _starts_sentence(nxt):
        return None
    if glued and not (nxt.isupper() and after + 1 < len(text) and text[after + 1].islower()):
        return None  # "4.2", "U.S.A", "J.-C" keep together
    if glued and not (text[start - 1 : start].isalpha() or text[start - 1 : start] in _CLOSERS):
        return None
    if _ELLIPSIS_IN_BRACKETS.search(text[max(0, start - 2) : cut + 1]):
        return None  # "(...)" marks a cut inside a quotation
    if mark not in (".",):
        return cut  # "!", "?", "..." and combinations end sentences
    if cut != end:
        return cut  # a full stop closed by a guillemet or bracket
    word_match = _WORD_BEFORE.search(text[:start])
    if not word_match:
        return cut
    word = re.split(r"['’]", word_match.group(1))[-1].lstrip("-")
    lower = word.lower().rstrip(".")
    if lower in SENTENCE_FINAL_ABBREVIATIONS:
        return cut if nxt.isupper() else None
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
        cut = _is_boundary(text, match.start(), match.end(), language, depths)
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
