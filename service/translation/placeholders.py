"""Spans that must come out of translation exactly as they went in, and proof that they did.

Before a rule-based engine sees a sentence, codes ("T1", "G7", "A320",
"n° 2023-270", "COVID-19"), URLs, e-mail addresses, @handles, #hashtags and
glossary terms are replaced by placeholders the engine passes through
untouched (an unknown word made of letters only). After translation each
placeholder is replaced by its text — the span itself, or a glossary's fixed
translation — and the result is *checked*: every expected text present, no
placeholder material left. A sentence that fails the check is translated
again without placeholders and flagged ``shield_fallback``; a placeholder is
never returned or cached.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from service.models.glossary import Glossary
from service.models.translation import SHIELD_FALLBACK, Translated
from service.translation.engines.base import Engine, EngineError
from service.translation.punctuation import tidy

PREFIX = "Zxw"  # distinct from the name shield's "Zxq": the two never collide
_PLACEHOLDER = re.compile(r"[Zz][Xx][Ww][a-z]+", re.IGNORECASE)
LEFTOVER = re.compile(r"[Zz][Xx][QqWw][a-z]*", re.IGNORECASE)  # any placeholder material, ours or the names'

URL = r"(?:https?://|www\.)[^\s<>«»\"]+[^\s<>«»\".,;:!?)]"
# Anchored at the start of its run of address characters: unanchored, a long run of word characters
# with no "@" was scanned again from each of its positions (quadratic: 64k characters took 24 s).
EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
HANDLE = r"(?<![\w@])@\w{2,}"
HASHTAG = r"(?<![\w#&])#\w*[^\W\d_]\w*"
# Letters and digits in one token: T1, G7, A320, AF447, BA.2.86, COVID-19, 4G, "2023-270" after "n°".
CODE = (
    r"(?<![\w-])(?:[A-Za-z]+[-.]?\d[\w.-]*\w|\d+(?!(?:e|er|ère|ème|eme|es|ers|ères|èmes)\b)[A-Za-z]+\w*|[A-Z]{1,4}\d+)(?![\w-])"
    r"|(?<=n°\s)\d[\d-]*\d|(?<=n°)\d[\d-]*\d|(?<=nº\s)\d[\d-]*\d"
)
_SPAN = re.compile(rf"(?P<url>{URL})|(?P<email>{EMAIL})|(?P<handle>{HANDLE})|(?P<hashtag>{HASHTAG})|(?P<code>{CODE})")


@dataclass(frozen=True)
class Span:
    """A piece of a sentence to carry through verbatim (or replaced by ``output``)."""

    start: int
    end: int
    text: str
    kind: str  # url, email, handle, hashtag, code, glossary
    output: str | None = None  # what to put back: a glossary's fixed translation; None: the text itself

    @property
    def restored(self) -> str:
        return self.output if self.output is not None else self.text


@dataclass
class Shielded:
    """A sentence with placeholders, and what each placeholder stands for."""

    text: str
    table: dict[str, str] = field(default_factory=dict)  # placeholder -> text to put back

    def restore(self, translated: str) -> tuple[str, bool]:
        """The translation with every span back, and whether the check passed."""
        if not self.table:
            return translated, LEFTOVER.search(translated) is None
        lowered = {key.lower(): value for key, value in self.table.items()}
        seen: list[str] = []

        def put_back(match: re.Match[str]) -> str:
            value = lowered.get(match.group().lower())
            if value is None:
                return match.group()
            seen.append(match.group().lower())
            return value

        restored = _PLACEHOLDER.sub(put_back, translated)
        complete = sorted(seen) == sorted(lowered) and LEFTOVER.search(restored) is None
        return restored, complete


Protected = str | tuple[str, str]  # a name kept as it is, or a span and its certain form in the target


def find_spans(
    sentence: str, terms: Mapping[str, str | None] | None = None, names: Sequence[Protected] = ()
) -> list[Span]:
    """Protected spans of ``sentence``, longest first where they overlap.

    ``terms`` maps glossary terms (matched as whole words, case-insensitively)
    to their fixed translation, or None for "do not translate"; ``names`` are
    the sentence's names (``service.translation.names``) and dates and
    centuries with their target form (``service.translation.conventions``),
    matched exactly.
    """
    found: list[Span] = []
    for match in _SPAN.finditer(sentence):
        kind = match.lastgroup or "code"
        found.append(Span(match.start(), match.end(), match.group(), kind))
    for term, output in (terms or {}).items():
        for match in _term_pattern(term).finditer(sentence):
            found.append(Span(match.start(), match.end(), match.group(), "glossary", output))
    for name in names:
        text, output = (name, None) if isinstance(name, str) else name
        for match in _name_pattern(text).finditer(sentence):
            found.append(Span(match.start(), match.end(), match.group(), "name", output))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            continue  # overlaps a longer span that starts earlier or at the same place
        kept.append(span)
    return kept


# Compiled once per name or term, least recently used dropped first: a module dict grew by every
# inline glossary of every request (+20 MB a request with large glossaries) and was never emptied.
PATTERN_CACHE_SIZE = 4096


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


def glossary_uses(glossary: Glossary | None, text: str, target: str) -> list[dict]:
    """The glossary entries that occur in ``text`` (whole words, any case), as a target reports them."""
    if not glossary:
        return []
    found = {s.text.lower() for s in find_spans(text, {e.term: None for e in glossary.entries})}
    return [
        {"term": e.term, "translation": e.output(target) or e.term} for e in glossary.entries if e.term.lower() in found
    ]


def placeholder(index: int, prefix: str = PREFIX) -> str:
    """Letters only (an unknown word to the engine): Zxwa, Zxwb, ... Zxwaa."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return prefix + letters


def shield(sentence: str, spans: Sequence[Span]) -> Shielded:
    """Replace each span by its own placeholder."""
    out: list[str] = []
    table: dict[str, str] = {}
    last = 0
    for index, span in enumerate(spans):
        key = placeholder(index)
        table[key] = span.restored
        out.append(sentence[last : span.start])
        out.append(key)
        last = span.end
    out.append(sentence[last:])
    return Shielded("".join(out), table)


def names_key(names: Sequence[Protected]) -> str:
    """What a sentence's protected names add to its cache key (the same words, another protection, another text)."""
    parts = sorted(n if isinstance(n, str) else f"{n[0]}\x1d{n[1]}" for n in names)
    return "\x1e" + "\x1f".join(parts) if parts else ""


def terms_key(terms: dict[str, str | None] | None) -> str:
    """A cache-key suffix for the protected terms of a hop (different glossaries, different entries)."""
    if not terms:
        return ""
    raw = "\x1f".join(f"{k}\x1e{v or ''}" for k, v in sorted(terms.items()))
    return "|g" + hashlib.sha256(raw.encode()).hexdigest()[:12]


def translate_protected(
    engine: Engine,
    sentences: list[str],
    source: str,
    target: str,
    terms: dict[str, str | None],
    names: Sequence[Sequence[Protected]] | None = None,
) -> list[Translated]:
    """One engine call with codes, URLs, handles, hashtags, glossary terms and names carried through untouched.

    ``names[i]`` are sentence i's names (found once on the source, carried on every hop). A sentence whose
    placeholders did not all come back intact is translated again without them and flagged
    ``shield_fallback``, so no placeholder is ever returned (nor cached).
    """
    names = names or [() for _ in sentences]
    spans = [find_spans(s, terms, found) for s, found in zip(sentences, names, strict=True)]
    if not engine.keeps_unknown_words:
        # Neural engines translate codes well by themselves and rewrite placeholders more often:
        # for them only glossary terms and names are shielded (and checked like the rest).
        spans = [[span for span in found if span.kind in ("glossary", "name")] for found in spans]
    shields = [shield(s, found) for s, found in zip(sentences, spans, strict=True)]
    fresh = engine.translate([sh.text for sh in shields], source, target)
    _check_count(engine, fresh, sentences)
    out: list[Translated] = []
    redo: list[int] = []
    for i, (sh, translated) in enumerate(zip(shields, fresh, strict=True)):
        text, complete = sh.restore(translated.text)
        if target == "ca":
            text = elide_before(text, sh.table.values())
        out.append(replace(translated, text=tidy(text, sentences[i], target)))
        if not complete:
            redo.append(i)
    if redo:
        again = engine.translate([sentences[i] for i in redo], source, target)
        _check_count(engine, again, redo)
        for i, translated in zip(redo, again, strict=True):
            text = tidy(translated.text, sentences[i], target)
            out[i] = replace(translated, text=text, flags=(*translated.flags, SHIELD_FALLBACK))
    return out


# Catalan's masculine article and its contractions before a vowel: "de l'Insee", not "del Insee" (a foreign
# h may be sounded: left alone).
_CATALAN_ELISION = {"el": "l'", "El": "L'", "del": "de l'", "Del": "De l'", "al": "a l'", "Al": "A l'", "pel": "per l'"}
_VOWEL_START = re.compile(r"(?i)[aeiouàèéíïòóúü]")


def elide_before(text: str, restored: Iterable[str]) -> str:
    """Catalan articles elided before the spans put back: the engine saw a placeholder, which starts with a consonant.

    Only the masculine forms: the feminine "la" keeps its vowel before an unstressed i or u, which cannot be told.
    """
    for value in {v for v in restored if _VOWEL_START.match(v)}:
        pattern = rf"(?<![\w'’])({'|'.join(_CATALAN_ELISION)}) (?={re.escape(value)}(?![\w-]))"
        text = re.sub(pattern, lambda m: _CATALAN_ELISION[m.group(1)], text)
    return text


def _check_count(engine: Engine, out: list, wanted: list) -> None:
    if len(out) != len(wanted):
        raise EngineError(f"{engine.name} returned {len(out)} results for {len(wanted)} sentences")
