"""The parts of a pasted news article, without losing a line.

Text copied off a news site carries its furniture: a headline, a dateline,
a byline, photo credits, share buttons and view counters, section headings,
the body, a copyright footer. Summaries must draw only on the body, and the
side-by-side view must still show everything pasted, so every line becomes a
labelled block that keeps its original text and position.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import datetime

from service import messages
from service.models.article import Article, ArticleSentence, Block
from service.text.datelines import DATE_RE, WIRE_DATELINE, parse_dateline
from service.text.line_roles import (
    BODY,
    BYLINE,
    CAPTION,
    DATELINE,
    HEADING,
    KICKER,
    MUTED_KINDS,
    PERSON_LINE,
    PUBLICATION,
    REPEATED_TITLE,
    SIGNATURE,
    STANDFIRST,
    TITLE,
    TRANSLATED_KINDS,
    classify_line,
    is_publication,
    kicker_like,
)
from service.text.segmenter import Sentence, segment

__all__ = ["BODY", "HEADING", "MUTED_KINDS", "TITLE", "TRANSLATED_KINDS", "Article", "Block", "parse_article"]
# Header furniture: a paragraph followed by one of these before the body starts is a standfirst.
_HEADER_FURNITURE = frozenset({"byline", "dateline", "reading_time", "paywall", PUBLICATION})
_NEUTRAL = frozenset({"cta", "widget", "credit", "caption"})  # found in the header and in the body alike
# Kinds a paragraph is cut into sentences for (the others are translated whole).
_SEGMENTED = frozenset({BODY, STANDFIRST, CAPTION})

_FINAL_PUNCTUATION = tuple('.!?:;»"”…)')
_ENDS_SENTENCE = tuple(".!?:;…")
_WORD = re.compile(r"\w+", re.UNICODE)
NEAR_DUPLICATE = 0.6  # Jaccard similarity of word sets
# A sentence is compared with this many earlier ones (all of them in any ordinary article, which has
# fewer sentences): comparing each with every earlier one was quadratic on 20,000 one-line sentences.
# An exact repeat further back is still found, by its word set.
DUPLICATE_WINDOW = 400


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


def _looks_like_heading(line: str) -> bool:
    """A short capitalised line that does not end a sentence (a quotation closing it is fine: « ... »)."""
    words = line.split()
    ending = line.rstrip(' »”"’)')
    return 0 < len(words) <= 12 and len(line) <= 100 and not ending.endswith(_ENDS_SENTENCE) and line[0].isupper()


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _body_like(line: str) -> bool:
    """A paragraph of running text: it ends as a sentence does and has several sentences or many words."""
    if not line.endswith(_FINAL_PUNCTUATION):
        return False
    return len(line.split()) >= 12 or len(segment(line)) >= 2


def _looks_like_title(line: str) -> bool:
    return len(line) <= 250 and not (line.endswith(".") and (len(line.split()) > 25 or len(segment(line)) >= 2))


def _label(lines: list[str]) -> list[str]:
    """Each line's kind: first judged alone (``line_roles``), then by its place in the article."""
    kinds: list[str | None] = [classify_line(line) for line in lines]
    remaining = sum(k is None for k in kinds)
    title_seen = body_seen = False
    furniture_seen = False  # a standfirst comes before the byline and the dateline
    for i, line in enumerate(lines):
        if kinds[i] is not None:
            furniture_seen = furniture_seen or kinds[i] in (BYLINE, DATELINE)
            continue
        remaining -= 1
        more = remaining > 0
        if not body_seen:
            if kicker_like(line) and more:
                kinds[i] = KICKER
                continue
            if is_publication(line):
                kinds[i] = PUBLICATION
                continue
            if not title_seen:
                if more and _looks_like_title(line):
                    kinds[i], title_seen = TITLE, True
                    continue
            elif PERSON_LINE.match(line) and len(line) <= 90:
                kinds[i], furniture_seen = BYLINE, True  # regional papers sign without "Par"
                continue
            elif not furniture_seen and _followed_by_furniture(lines, kinds, i):
                kinds[i] = STANDFIRST
                continue
            kinds[i], body_seen = BODY, True
            continue
        if is_publication(line):
            kinds[i] = PUBLICATION
        elif _looks_like_heading(line):
            kinds[i] = HEADING
        else:
            kinds[i] = BODY
    _label_ending(lines, kinds)
    return kinds  # type: ignore[return-value]


def _followed_by_furniture(lines: list[str], kinds: list[str | None], i: int) -> bool:
    """Whether header furniture (byline, dateline, ...) comes after line ``i`` before running text."""
    for j in range(i + 1, len(lines)):
        if kinds[j] in _HEADER_FURNITURE or (kinds[j] is None and PERSON_LINE.match(lines[j])):
            return True
        if kinds[j] not in _NEUTRAL:
            return False
    return False


def _label_ending(lines: list[str], kinds: list[str | None]) -> None:
    """After the last paragraph of running text: signatures, a repeated title, closing lines."""
    body = [i for i, k in enumerate(kinds) if k == BODY]
    running = [i for i in body if _body_like(lines[i])] or body
    if not running:
        return
    title = next((lines[i] for i, k in enumerate(kinds) if k == TITLE), None)
    for i in range(running[-1] + 1, len(lines)):
        if kinds[i] not in (BODY, HEADING):
            continue
        if title and similarity(_words(lines[i]), _words(title)) >= 0.8:
            kinds[i] = REPEATED_TITLE
        elif PERSON_LINE.match(lines[i]) and len(lines[i]) <= 90:
            kinds[i] = SIGNATURE
        else:
            kinds[i] = BODY  # a closing line, not a heading: nothing follows it


def _block(index: int, kind: str, text: str, offset: int, line: int) -> Block:
    return Block(index=index, kind=kind, text=text, start=offset, end=offset + len(text), line=line)


def _blocks(text: str) -> list[Block]:
    """Labelled blocks; wire copy's opening dateline is split off its first paragraph."""
    lines = _lines(text)
    kinds = _label([line for _, _, line in lines])
    blocks: list[Block] = []
    wire_checked = False
    for (number, offset, line), kind in zip(lines, kinds, strict=True):
        if kind == BODY and not wire_checked:
            wire_checked = True
            match = WIRE_DATELINE.match(line)
            if match and match.end() < len(line):
                head = line[: match.end()].rstrip()
                blocks.append(_block(len(blocks), DATELINE, head, offset, number))
                offset, line = offset + match.end(), line[match.end() :]
        blocks.append(_block(len(blocks), kind, line, offset, number))
    return blocks


def _read_dates(article: Article, reference: datetime | None) -> None:
    """Published and updated from every dateline (and dated bylines); relative and unreadable dates reported."""
    for block in article.blocks:
        if block.kind != DATELINE and not (block.kind == BYLINE and DATE_RE.search(block.text)):
            continue
        found = parse_dateline(block.text, reference)
        if found.published and article.published is None:
            article.published = found.published
            if "published" in found.relative:
                article.relative_dates.append("published")
        if found.updated:
            article.updated = found.updated
            if "updated" in found.relative and "updated" not in article.relative_dates:
                article.relative_dates.append("updated")
        for text in found.unreadable:
            article.notices.append(messages.DATE_UNREADABLE(date=text))
    if article.relative_dates:
        day = (reference or datetime.now()).date().isoformat()
        article.notices.append(messages.RELATIVE_DATES(dates=", ".join(article.relative_dates), day=day))


def parse_article(text: str, language: str = "fr", reference: datetime | None = None) -> Article:
    """Label every line of ``text`` and split the translatable ones into sentences.

    ``reference`` is the moment relative dates ("hier", "il y a 3 heures")
    are read against; default: now.
    """
    blocks = _blocks(text)
    sentences = _sentences(blocks, language)
    _mark_duplicates(blocks, sentences)
    article = Article(blocks=blocks, sentences=sentences)
    _read_dates(article, reference)
    if not any(b.kind == BODY for b in blocks):
        article.notices.append(messages.NO_BODY())
    return article


def _sentences(blocks: list[Block], language: str) -> list[ArticleSentence]:
    out: list[ArticleSentence] = []
    for block in blocks:
        if block.kind in _SEGMENTED:
            pieces: list[Sentence] = segment(block.text, language)
        else:
            pieces = [Sentence(block.text, 0, 0, len(block.text))]
        for piece in pieces:
            out.append(
                ArticleSentence(
                    index=len(out),
                    block=block.index,
                    kind=block.kind,
                    text=piece.text,
                    start=block.start + piece.start,
                    end=block.start + piece.end,
                )
            )
    return out


def _mark_duplicates(blocks: list[Block], sentences: list[ArticleSentence]) -> None:
    """Mark body sentences that nearly repeat an earlier one, and mostly-repeated blocks."""
    recent: deque[tuple[int, set[str]]] = deque(maxlen=DUPLICATE_WINDOW)
    exact: dict[frozenset[str], int] = {}
    for sentence in sentences:
        if sentence.kind != BODY:
            continue
        words = _words(sentence.text)
        if len(words) >= 4:
            earlier = next((i for i, seen in recent if similarity(words, seen) >= NEAR_DUPLICATE), None)
            if earlier is None:
                earlier = exact.get(frozenset(words))
            if earlier is not None:
                sentence.duplicate_of = earlier
                continue
        recent.append((sentence.index, words))
        exact.setdefault(frozenset(words), sentence.index)
    by_block: dict[int, list[ArticleSentence]] = {}
    for s in sentences:
        if s.kind == BODY:
            by_block.setdefault(s.block, []).append(s)
    for block in blocks:
        own = by_block.get(block.index, [])
        repeated = [s for s in own if s.duplicate_of is not None]
        if own and len(repeated) * 2 >= len(own):
            block.duplicate_of = sentences[repeated[0].duplicate_of].block
