"""Markdown read as Markdown: each line's text without its markers, its role, and where it came from.

A Markdown article ("# Titre", "## Intertitre", "- point", "> citation",
"**gras**", "[lien](url)") is read with markdown-it-py, the CommonMark
reference parser for Python (with GitHub tables). Every non-empty line is a
block, as in a pasted article; its markers never reach the engines or the
summaries, and its role (heading level, list item, quote, table row, bold or
linked line) becomes evidence for the structure reader. Offsets point back
into the Markdown text, so nothing pasted is lost.

Whether a pasted text *is* Markdown is told from strong signs only (a "# "
heading, a link, several emphases, a table): plain press text with a dash
list stays plain text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.text.lines import Line

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_LINK = re.compile(r"!?\[[^\]\n]+\]\([^)\s]*\)")
_STRONG = re.compile(r"(?<![\w*])\*\*[^*\n]+\*\*(?![\w*])|(?<!\w)__[^_\n]+__(?!\w)")
_EMPHASIS = re.compile(r"(?<![\w*])\*[^*\s\n][^*\n]*\*(?![\w*])")
_TABLE_RULE = re.compile(r"^ {0,3}\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S", re.M)
_QUOTE = re.compile(r"^ {0,3}>", re.M)
_ATX = re.compile(r"^#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE_PREFIX = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST_PREFIX = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_CELL = re.compile(r"(?<!\\)\|")


def looks_like_markdown(text: str) -> bool:
    """Whether a text carries Markdown a reader would see rendered (not a plain paste with a dash list)."""
    head = text[:100_000]
    headings = len(_HEADING.findall(head))
    links = len(_LINK.findall(head))
    emphasis = len(_STRONG.findall(head)) + len(_EMPHASIS.findall(head))
    others = links + emphasis + len(_QUOTE.findall(head)) + len(_LIST.findall(head))
    if _TABLE_RULE.search(head):
        return True
    return headings >= 1 or links >= 1 or emphasis >= 2 or (others >= 3 and emphasis >= 1)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


ESCAPE_CHARS = 10  # "&#x000E9;" is the longest spelling of one character a Markdown text holds


def _inline(source: str, base: int) -> tuple[str, list[int], float, float, bool]:
    """(text, offsets, emphasis share, linked share, only a picture) of one line's inline content."""
    children = _parser().parseInline(source)[0].children or []
    pieces: list[str] = []
    offsets: list[int] = []
    emphasised = linked = 0
    depth_emphasis = depth_link = 0
    cursor = 0
    images = 0
    for token in children:
        kind = token.type
        if kind in ("strong_open", "em_open"):
            depth_emphasis += 1
        elif kind in ("strong_close", "em_close"):
            depth_emphasis -= 1
        elif kind == "link_open":
            depth_link += 1
        elif kind == "link_close":
            depth_link -= 1
        elif kind == "image":
            images += 1
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            piece = token.content if kind in ("text", "code_inline") else " "
            at = source.find(piece, cursor) if kind in ("text", "code_inline") else -1
            if at >= 0:
                offsets.extend(range(base + at, base + at + len(piece)))
                cursor = at + len(piece)
            else:  # an entity or escape was decoded ("\\[", "&amp;"): follow the source character by character
                for char in piece:
                    found = source.find(char, cursor, cursor + ESCAPE_CHARS)
                    if found >= 0:
                        offsets.append(base + found)
                        cursor = found + 1
                    else:  # a character an entity spelled ("&eacute;"): where the reading had got to
                        offsets.append(base + min(cursor, max(len(source) - 1, 0)))
            pieces.append(piece)
            emphasised += len(piece) * (depth_emphasis > 0)
            linked += len(piece) * (depth_link > 0)
    text = "".join(pieces)
    # Strip the spaces around the text, keeping the offsets in step.
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    text, offsets = text[left:right], offsets[left:right]
    size = max(len(text), 1)
    return text, offsets, emphasised / size, linked / size, images > 0 and not text


def read_markdown(text: str) -> list[Line]:
    """Every line of a Markdown text that shows text, in order, with its role."""
    tokens = _parser().parse(text)
    source_lines = text.split("\n")
    starts = [0]
    for line in source_lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    heading: dict[int, int] = {}
    list_first: dict[int, bool] = {}
    in_list: set[int] = set()
    quote: set[int] = set()
    table: set[int] = set()
    code: set[int] = set()
    skip: set[int] = set()
    for token in tokens:
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "heading_open":
            heading[first] = int(token.tag[1])
            skip.update(range(first + 1, last))  # a setext heading's underline
        elif token.type == "list_item_open":
            list_first[first] = True
            in_list.update(range(first, last))
        elif token.type == "blockquote_open":
            quote.update(range(first, last))
        elif token.type == "tr_open":
            table.update(range(first, last))
        elif token.type == "table_open":
            skip.update(n for n in range(first, last) if _TABLE_RULE.match(source_lines[n]))
        elif token.type in ("fence", "code_block"):
            code.update(range(first, last))
            if token.type == "fence":
                skip.update({first, last - 1})
        elif token.type == "hr":
            skip.update(range(first, last))
    out: list[Line] = []
    previous_image = False
    for number, raw in enumerate(source_lines):
        if not raw.strip() or number in skip:
            previous_image = previous_image and not raw.strip() and number not in skip
            continue
        base = starts[number]
        content, marker_end = raw, 0
        if number in code:
            text = raw.rstrip()
            left = len(text) - len(text.lstrip())
            out.append(Line(text.strip(), list(range(base + left, base + len(text))), number, code=True))
            previous_image = False
            continue
        if number in quote:
            match = _QUOTE_PREFIX.match(content)
            if match:
                marker_end = match.end()
        rest = raw[marker_end:]
        if number in list_first:
            match = _LIST_PREFIX.match(rest)
            if match:
                marker_end += match.end()
        elif number in in_list:
            marker_end += len(rest) - len(rest.lstrip())
        rest = raw[marker_end:]
        level = heading.get(number, 0)
        if level and _ATX.match(rest.lstrip()):
            lead = len(rest) - len(rest.lstrip())
            marker_end += lead + _ATX.match(rest.lstrip()).end()  # type: ignore[union-attr]
        rest = raw[marker_end:]
        if level:
            closing = _ATX_CLOSE.search(rest)
            if closing:
                rest = rest[: closing.start()]
        marker = raw[:marker_end].strip()
        line = Line("", [], number, marker=f"{marker} " if marker else "", heading=level)
        line.list_item = number in in_list
        line.quote = number in quote
        if number in table:
            _table_row(line, rest, base + marker_end)
        else:
            line.text, line.offsets, line.emphasis, line.linked, only_image = _inline(rest, base + marker_end)
            if only_image:
                previous_image = True
                continue
        if not line.text:
            continue
        line.after_image = previous_image
        previous_image = False
        out.append(line)
    return out


def _table_row(line: Line, raw: str, base: int) -> None:
    """A table row's cells, joined by " | " (the separators are no cell's text)."""
    line.table_row = True
    stripped = raw.strip()
    lead = raw.index(stripped[0]) if stripped else 0
    inner_start = lead + (1 if stripped.startswith("|") else 0)
    inner_end = lead + len(stripped) - (1 if stripped.endswith("|") and len(stripped) > 1 else 0)
    inner = raw[inner_start:inner_end]
    text, offsets = "", []
    position = 0
    for piece in [*_CELL.split(inner)]:
        cell_start = inner_start + position
        cell, cell_offsets, *_ = _inline(piece, base + cell_start)
        position += len(piece) + 1
        if not cell:
            continue
        if text:
            separator_at = offsets[-1] + 1
            text += " | "
            offsets.extend([separator_at] * 3)
        line.cells.append((len(text), len(text) + len(cell)))
        text += cell
        offsets.extend(cell_offsets)
    line.text, line.offsets = text, offsets
