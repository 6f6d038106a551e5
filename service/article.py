"""The parts of a pasted news article, without losing a line.

Text copied off a news site carries its furniture: a headline, a dateline,
a byline, photo credits, share buttons and view counters, section headings,
the body, a copyright footer. Summaries must draw only on the body, and the
side-by-side view must still show everything pasted, so every line becomes a
labelled block that keeps its original text and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .datelines import is_dateline, parse_dateline
from .segment import Sentence, segment

TITLE, DATELINE, BYLINE, CREDIT, WIDGET, HEADING, BODY, FOOTER = (
    "title",
    "dateline",
    "byline",
    "credit",
    "widget",
    "heading",
    "body",
    "footer",
)
# Blocks that a reader needs translated; the rest is shown as pasted.
TRANSLATED_KINDS = frozenset({TITLE, HEADING, BODY})

_BYLINE = re.compile(r"^(?:par|de notre (?:envoyée?|correspondante?)(?: spéciale?)?)\s+\S", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?:photo|photos|crédits?(?: photo)?|illustration|image|infographie|vidéo|source)\s*:|^©|"
    r"\b(?:AFP|Reuters|AP|D\.\s?R\.)\s*$|^\(?(?:photo|crédit)\b",
    re.IGNORECASE,
)
_FOOTER = re.compile(r"copyright|tous droits réservés|all rights reserved|droits de reproduction", re.IGNORECASE)
_WIDGET = re.compile(
    r"^(?:\d[\d\s.,]*|partager|partagez|tweeter|imprimer|envoyer|commenter|commentaires?|"
    r"s'abonner|abonnez-vous|newsletter|facebook|twitter|linkedin|whatsapp|e-?mail|"
    r"(?:à\s+)?lire\s+(?:aussi|également|la suite)\b.*|voir\s+aussi\b.*|sur le même sujet\b.*|"
    r"publicité|écouter (?:cet|l')article.*|temps de lecture.*|\d+\s*min(?:utes)? de lecture)$",
    re.IGNORECASE,
)
_FINAL_PUNCTUATION = tuple('.!?:;»"”…)')
_WORD = re.compile(r"\w+", re.UNICODE)
NEAR_DUPLICATE = 0.6  # Jaccard similarity of word sets


@dataclass
class Block:
    """One pasted line, labelled, with where it sits in the original text."""

    index: int
    kind: str
    text: str
    start: int
    end: int
    line: int
    duplicate_of: int | None = None  # index of the block it nearly repeats

    @property
    def translated(self) -> bool:
        return self.kind in TRANSLATED_KINDS

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "duplicate_of": self.duplicate_of,
        }


@dataclass
class ArticleSentence:
    """A sentence of a block, and whether a summary may use it."""

    index: int
    block: int
    kind: str
    text: str
    start: int
    end: int
    duplicate_of: int | None = None

    @property
    def summarisable(self) -> bool:
        return self.kind == BODY and self.duplicate_of is None

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "block": self.block,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "duplicate_of": self.duplicate_of,
        }


@dataclass
class Article:
    """Labelled blocks, their sentences, and the dates found in the dateline."""

    blocks: list[Block]
    sentences: list[ArticleSentence]
    published: str | None = None
    updated: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((b.text for b in self.blocks if b.kind == TITLE), None)

    @property
    def body_sentences(self) -> list[ArticleSentence]:
        return [s for s in self.sentences if s.summarisable]

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "blocks": [b.to_dict() for b in self.blocks],
            "warnings": self.warnings,
        }

    @classmethod
    def from_dict(cls, data: dict, sentences: list[dict]) -> Article:
        """The article back from its ``to_dict`` and the result's sentence list."""
        return cls(
            [Block(**b) for b in data["blocks"]],
            [ArticleSentence(**s) for s in sentences],
            data.get("published"),
            data.get("updated"),
            list(data.get("warnings") or []),
        )


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(line number, offset, stripped text) of every line with visible text."""
    out = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        stripped = line.strip()
        if stripped:
            out.append((number, offset + line.index(stripped[0]), stripped))
        offset += len(line)
    return out


def classify_line(line: str) -> str | None:
    """The kind of a line judged on its own (None: depends on context)."""
    if _FOOTER.search(line) and len(line) < 200:
        return FOOTER
    if _WIDGET.match(line):
        return WIDGET
    if _CREDIT.search(line) and len(line) < 120:
        return CREDIT
    if _BYLINE.match(line) and len(line) < 120 and not line.endswith("."):
        return BYLINE
    if is_dateline(line):
        return DATELINE
    return None


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 12 and len(line) <= 100 and not line.endswith(_FINAL_PUNCTUATION) and line[0].isupper()


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def parse_article(text: str, language: str = "fr") -> Article:
    """Label every line of ``text`` and split the translatable ones into sentences."""
    lines = _lines(text)
    blocks: list[Block] = []
    title_seen = False
    body_seen = False
    for number, offset, line in lines:
        kind = classify_line(line)
        if kind is None:
            if not title_seen and not body_seen and _looks_like_title(line):
                kind = TITLE
            elif body_seen and _looks_like_heading(line):
                kind = HEADING
            else:
                kind = BODY
        if kind == TITLE:
            title_seen = True
        if kind == BODY:
            body_seen = True
        blocks.append(Block(len(blocks), kind, line, offset, offset + len(line), number))
    _trailing_headings_are_body(blocks)
    sentences = _sentences(blocks, language)
    _mark_duplicates(blocks, sentences)
    article = Article(blocks, sentences)
    for block in blocks:
        if block.kind == DATELINE:
            article.published, article.updated = parse_dateline(block.text)
            break
    if not any(b.kind == BODY for b in blocks):
        article.warnings.append("no body paragraph found: the text looks like boilerplate only")
    return article


def _looks_like_title(line: str) -> bool:
    return len(line) <= 250 and not (line.endswith(".") and len(line.split()) > 25)


def _trailing_headings_are_body(blocks: list[Block]) -> None:
    """A "heading" with no body after it is a closing line, not a heading."""
    seen_body = False
    for block in reversed(blocks):
        if block.kind == BODY:
            seen_body = True
        elif block.kind == HEADING and not seen_body:
            block.kind = BODY


def _sentences(blocks: list[Block], language: str) -> list[ArticleSentence]:
    out: list[ArticleSentence] = []
    for block in blocks:
        if block.kind in (BODY,):
            pieces: list[Sentence] = segment(block.text, language)
        else:
            pieces = [Sentence(block.text, 0, 0, len(block.text))]
        for piece in pieces:
            out.append(
                ArticleSentence(
                    len(out), block.index, block.kind, piece.text, block.start + piece.start, block.start + piece.end
                )
            )
    return out


def _mark_duplicates(blocks: list[Block], sentences: list[ArticleSentence]) -> None:
    """Mark body sentences that nearly repeat an earlier one, and mostly-repeated blocks."""
    seen: list[tuple[int, set[str]]] = []
    for sentence in sentences:
        if sentence.kind != BODY:
            continue
        words = _words(sentence.text)
        for index, earlier in seen:
            if len(words) >= 4 and similarity(words, earlier) >= NEAR_DUPLICATE:
                sentence.duplicate_of = index
                break
        else:
            seen.append((sentence.index, words))
    for block in blocks:
        own = [s for s in sentences if s.block == block.index and s.kind == BODY]
        repeated = [s for s in own if s.duplicate_of is not None]
        if own and len(repeated) * 2 >= len(own):
            block.duplicate_of = sentences[repeated[0].duplicate_of].block
