"""Documents translated in their own format: .txt, .md, .html and .docx in, the same format out.

A document is cut into pieces of text (a text's sentences, a Markdown line
after its marker, the text between HTML tags and the ``title``/``alt``
attributes, a .docx paragraph's runs of one formatting); every piece of the
document goes to the engines in one batch per hop, with the same protection,
glossaries and cache as any text, and is put back in place. Markup, code
blocks, scripts, styles and formatting are left as they were.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

from service import messages
from service.errors import InputError, SourceError
from service.models.options import Options
from service.models.translation import TranslationResult
from service.text.files import decode, normalize_text
from service.text.limits import Limits, check_docx, check_html
from service.text.lines import unwrap

Translate = Callable[[list[str], Options], list[TranslationResult]]

MIMETYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".markdown": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_MD_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)*)(.*)$")
_SKIPPED_TAGS = ("script", "style", "code", "pre")
_TRANSLATED_ATTRIBUTES = ("title", "alt")


@dataclass
class Layout:
    """A document cut into pieces: ``texts`` to translate, and how to rebuild the document from their translations."""

    texts: list[str]
    rebuild: Callable[[list[str]], bytes]


def reassemble(text: str, sentences, translations) -> str:
    """``text`` with each sentence replaced by its translation, the whitespace between them kept."""
    out, last = [], 0
    for sentence, translated in zip(sentences, translations, strict=True):
        out.append(text[last : sentence.start])
        out.append(translated.text)
        last = sentence.end
    out.append(text[last:])
    return "".join(out)


# Elements that sit inside a sentence: their text is translated with the sentence around it, and the tags put
# back around what their text became (or dropped when it cannot be found), never translated on their own.
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s",
     "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)  # fmt: skip
_LANG = re.compile(r"""(?<![\w:-])lang\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


class _HtmlEvents(HTMLParser):
    """Every event with where it starts in the source, so that markup is given back byte for byte.

    Each event's raw text runs from its start to the next event's start: doctype, comments, processing
    instructions, CDATA sections, scripts and styles come out exactly as they went in.
    """

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.events: list[list] = []  # [kind, start, payload, raw]

    def _add(self, kind: str, payload=None) -> None:
        line, column = self.getpos()
        self.events.append([kind, self._line_starts[line - 1] + column, payload, ""])

    def handle_starttag(self, tag, attrs):
        self._add("start", (tag, attrs, False))

    def handle_startendtag(self, tag, attrs):
        self._add("start", (tag, attrs, True))

    def handle_endtag(self, tag):
        self._add("end", tag)

    def handle_data(self, data):
        self._add("data", data)

    def handle_decl(self, decl):
        self._add("other")

    def handle_pi(self, data):
        self._add("other")

    def unknown_decl(self, data):
        self._add("other")

    def handle_comment(self, data):
        self._add("other")

    def parse(self) -> list[list]:
        self.feed(self.source)
        self.close()
        ends = [event[1] for event in self.events[1:]] + [len(self.source)]
        for event, end in zip(self.events, ends, strict=True):
            event[3] = self.source[event[1] : end]
        return self.events


@dataclass
class _Inline:
    """An inline element inside a run of text: its tags as written, and where its text lies in the run's text."""

    open: str
    close: str = ""
    inner_raw: str = ""
    start: int = 0
    end: int = 0
    depth: int = 0


@dataclass
class _Run:
    """Text and inline elements between two block boundaries: translated as one piece, tags as placeholders."""

    raw: str = ""
    text: str = ""
    elements: list[_Inline] = field(default_factory=list)
    stack: list[tuple[str, _Inline, int]] = field(default_factory=list)

    def inner(self, element: _Inline) -> str:
        return self.text[element.start : element.end]


def _find(haystack: str, needle: str, taken: list[tuple[int, int]], fold: bool) -> tuple[int, int] | None:
    """``needle`` as whole words in ``haystack``, outside the spans already taken."""
    if not needle.strip():
        return None
    pattern = re.compile(rf"(?<!\w){re.escape(needle.strip())}(?!\w)", re.IGNORECASE if fold else 0)
    for match in pattern.finditer(haystack):
        if all(match.end() <= a or match.start() >= b for a, b in taken):
            return match.span()
    return None


def _place(run: _Run, translated: str, inner_translations: list[str]) -> str:
    """The run's translation with each outermost inline element wrapped around what its text became."""
    taken: list[tuple[int, int, _Inline, bool]] = []
    outer = [e for e in run.elements if e.depth == 0 and e.close]
    for element, alone in zip(outer, inner_translations, strict=True):
        spans = [(a, b) for a, b, _, _ in taken]
        found = _find(translated, run.inner(element), spans, fold=False)
        verbatim = found is not None
        if found is None:
            found = _find(translated, alone, spans, fold=True)
        if found is not None:
            taken.append((*found, element, verbatim))
    out, last = [], 0
    for start, end, element, verbatim in sorted(taken, key=lambda t: t[0]):
        out.append(html.escape(translated[last:start], quote=False))
        inner = element.inner_raw if verbatim else html.escape(translated[start:end], quote=False)
        out.append(element.open + inner + element.close)
        last = end
    out.append(html.escape(translated[last:], quote=False))
    unclosed = "".join(e.open for e in run.elements if not e.close)  # kept, at the start of the run
    return unclosed + "".join(out)


def _html_tag(tag, attrs, closed) -> str:
    rendered = "".join(f' {n}="{html.escape(v)}"' if v is not None else f" {n}" for n, v in attrs)
    return f"<{tag}{rendered}{' /' if closed else ''}>"


def _set_lang(raw: str, target: str) -> str:
    """``<html ...>`` with ``lang`` (and an ``xml:lang`` already there) naming the target."""
    if _LANG.search(raw):
        raw = _LANG.sub(f'lang="{target}"', raw, count=1)
    else:
        raw = re.sub(r"^<html", f'<html lang="{target}"', raw, count=1, flags=re.IGNORECASE)
    return re.sub(r"""xml:lang\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", f'xml:lang="{target}"', raw, flags=re.IGNORECASE)


def html_layout(source: str, target: str | None = None, limits: Limits | None = None) -> Layout:
    """Pieces of an HTML document or fragment: runs of text with their inline elements, and title/alt values.

    Everything else is given back byte for byte (scripts, styles, code, comments, processing instructions,
    CDATA); ``<html lang>`` names ``target`` when it is given.
    """
    check_html(source, limits or Limits.from_config())  # before the parser: its cost grows with the markup
    parts: list[tuple[str, object]] = []  # ("raw", text) | ("run", _Run) | ("tag", (tag, attrs, closed))
    run = _Run()
    skip = 0

    def flush() -> None:
        nonlocal run
        if run.raw:
            parts.append(("run", run) if run.text.strip() else ("raw", run.raw))
        run = _Run()

    for kind, _, payload, raw in _HtmlEvents(source).parse():
        if skip:
            if kind == "start" and payload[0] in _SKIPPED_TAGS and not payload[2]:  # type: ignore[index]
                skip += 1
            elif kind == "end" and payload in _SKIPPED_TAGS:
                skip -= 1
            parts.append(("raw", raw))
            continue
        if kind == "data":
            run.raw += raw
            for _, element, _ in run.stack:
                element.inner_raw += raw
            run.text += payload  # type: ignore[operator]
            continue
        if kind == "start":
            tag, attrs, closed = payload  # type: ignore[misc]
            translated_attribute = any(n in _TRANSLATED_ATTRIBUTES and v for n, v in attrs)
            if tag in INLINE_TAGS and not closed and not translated_attribute:
                element = _Inline(open=raw, start=len(run.text), depth=len(run.stack))
                for _, outer, _ in run.stack:
                    outer.inner_raw += raw
                run.stack.append((tag, element, len(run.elements)))
                run.elements.append(element)
                run.raw += raw
                continue
            flush()
            if tag in _SKIPPED_TAGS and not closed:
                skip += 1
            if translated_attribute:
                parts.append(("tag", (tag, attrs, closed)))
            elif tag == "html" and target:
                parts.append(("raw", _set_lang(raw, target)))
            else:
                parts.append(("raw", raw))
            continue
        if kind == "end" and payload in INLINE_TAGS and any(t == payload for t, _, _ in run.stack):
            while run.stack:
                tag, element, _ = run.stack.pop()
                element.end = len(run.text)
                element.close = raw if tag == payload else ""
                for _, outer, _ in run.stack:
                    outer.inner_raw += raw if tag == payload else ""
                if tag == payload:
                    break
            run.raw += raw
            continue
        flush()
        parts.append(("raw", raw))
    flush()

    texts: list[str] = []
    for kind, content in parts:
        if kind == "run":
            texts.append(content.text)  # type: ignore[union-attr]
            texts += [content.inner(e) for e in content.elements if e.depth == 0 and e.close]  # type: ignore[union-attr]
        elif kind == "tag":
            texts += [v for n, v in content[1] if n in _TRANSLATED_ATTRIBUTES and v]  # type: ignore[index]

    def rebuild(translated: list[str]) -> bytes:
        out: list[str] = []
        pending = iter(translated)
        for kind, content in parts:
            if kind == "raw":
                out.append(content)  # type: ignore[arg-type]
            elif kind == "run":
                whole = next(pending)
                alone = [next(pending) for e in content.elements if e.depth == 0 and e.close]  # type: ignore[union-attr]
                out.append(_place(content, whole, alone))  # type: ignore[arg-type]
            else:
                tag, attrs, closed = content  # type: ignore[misc]
                attrs = [(n, next(pending) if n in _TRANSLATED_ATTRIBUTES and v else v) for n, v in attrs]
                if tag == "html" and target:
                    attrs = [(n, target if n in ("lang", "xml:lang") else v) for n, v in attrs]
                out.append(_html_tag(tag, attrs, closed))
        return "".join(out).encode("utf-8")

    return Layout(texts, rebuild)


def markdown_layout(source: str) -> Layout:
    lines = source.split("\n")
    fenced = False
    slots: list[tuple[str, str] | None] = []  # (marker, text) to translate, or None: kept as is
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            slots.append(None)
            continue
        match = _MD_MARKER.match(line)
        if fenced or not line.strip() or line.startswith("    ") or not match.group(2).strip():
            slots.append(None)
        else:
            slots.append((match.group(1), match.group(2)))

    def rebuild(translated: list[str]) -> bytes:
        pending = iter(translated)
        return "\n".join(
            line if slot is None else slot[0] + next(pending) for line, slot in zip(lines, slots, strict=True)
        ).encode("utf-8")

    return Layout([slot[1] for slot in slots if slot], rebuild)


def text_layout(source: str) -> Layout:
    """A text as one piece, its whitespace kept; a text wrapped at a width (a mail, an agency's file) is
    translated paragraph by paragraph and its translation wrapped at the same width.

    Line by line, a wrapped paragraph would go to the engines in pieces cut where the lines are, each
    translated as a sentence of its own.
    """
    if not source.strip():
        return Layout([], lambda t: source.encode("utf-8"))
    found = unwrap(source)
    if found is None:
        return Layout([source], lambda t: (t[0] if t else source).encode("utf-8"))
    joined, where, width = found
    # The lines of ``joined`` that hold a paragraph joined again: a line break that became a space, or that went
    # (after a word cut at its hyphen).
    rejoined = {
        i
        for i in range(len(joined))
        if (joined[i] == " " and source[where[i]] == "\n") or (i > 0 and where[i] - where[i - 1] > 1)
    }
    rewrap = {joined.count("\n", 0, i) for i in rejoined}

    def rebuild(translated: list[str]) -> bytes:
        rows = (translated[0] if translated else joined).split("\n")
        if len(rows) == joined.count("\n") + 1:  # else an engine added a line break: left unwrapped
            for i in rewrap:
                indent = rows[i][: len(rows[i]) - len(rows[i].lstrip())]
                rows[i] = textwrap.fill(rows[i].strip(), width, initial_indent=indent, break_on_hyphens=False)
        return "\n".join(rows).encode("utf-8")

    return Layout([joined], rebuild)


def _run_groups(paragraph) -> list[list]:
    """Consecutive runs with the same formatting: a piece keeps its bold, italics, font and size."""
    groups: list[list] = []
    for run in paragraph.runs:
        key = (run.bold, run.italic, run.underline, run.font.name, run.font.size, run.style.name if run.style else None)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(run)
        else:
            groups.append([key, [run]])
    return [runs for _, runs in groups if "".join(r.text for r in runs).strip()]


_ENTITY_TEXT_LIMIT = 10_000  # characters one entity reference may stand for, its nested ones included


def _entity_text(name: str, declared: dict, resolved: dict, depth: int = 0) -> str:
    """The text an entity reference stands for, its nested references expanded (bounded: no billion laughs)."""
    if name in resolved:
        return resolved[name]
    content = declared.get(name)
    if content is None or depth > 8:
        raise InputError(messages.DOCX_ENTITY(name=name), "file", "docx_entity")
    parts = re.split(r"&([^;&\s]+);", content)
    text = "".join(p if i % 2 == 0 else _entity_text(p, declared, resolved, depth + 1) for i, p in enumerate(parts))
    if len(text) > _ENTITY_TEXT_LIMIT:
        raise InputError(messages.DOCX_ENTITY(name=name), "file", "docx_entity")
    resolved[name] = text
    return text


def _resolve_entities(element) -> None:
    """Replace every entity reference in a part by its text, as a word processor would read it.

    python-docx parses with ``resolve_entities=False`` (no external entities), which leaves an entity
    declared in the part's DTD as a node of its own: ``w:t``'s text stops at it (the rest of the
    paragraph went unseen, or all of it when the reference came first), and the part saved without its
    DTD would hold an undeclared reference. Internal entities become text; an external one is refused.
    """
    from lxml import etree

    dtd = element.getroottree().docinfo.internalDTD
    declared = {e.name: e.content for e in dtd.iterentities() if e.content is not None} if dtd is not None else {}
    resolved: dict[str, str] = {}
    for node in list(element.iter(etree.Entity)):
        text = _entity_text(node.name, declared, resolved) + (node.tail or "")
        parent, previous = node.getparent(), node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(node)


def docx_layout(data: bytes) -> Layout:
    from docx import Document
    from docx.opc.part import XmlPart

    document = Document(io.BytesIO(data))
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            _resolve_entities(part.element)
    paragraphs = list(document.paragraphs) + [
        p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    groups = [runs for paragraph in paragraphs for runs in _run_groups(paragraph)]

    def rebuild(translated: list[str]) -> bytes:
        for runs, text in zip(groups, translated, strict=True):
            runs[0].text = text
            for run in runs[1:]:
                run.text = ""
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return Layout(["".join(r.text for r in runs) for runs in groups], rebuild)


def layout(name: str, data: bytes, target: str | None = None, limits: Limits | None = None) -> Layout:
    """The pieces of a document, by its file type; ``TooLarge`` past the limits, before any parser runs."""
    limits = limits or Limits.from_config()
    suffix = PurePath(name).suffix.lower()
    if suffix not in MIMETYPES:
        raise InputError(messages.DOCUMENT_TYPE(suffix=suffix or "(none)"), "file")
    if not data.strip():
        raise InputError(messages.FILE_EMPTY(), "file")
    if suffix == ".docx":
        check_docx(data, limits)
        try:
            return docx_layout(data)
        except InputError:
            raise
        except Exception as err:  # python-docx raises several types on a damaged or foreign file
            raise InputError(messages.DOCX_UNREADABLE(reason=type(err).__name__), "file") from None
    try:
        text, _ = decode(data)
    except SourceError as err:
        raise InputError(err.detail, "file") from None
    text = normalize_text(text)
    if suffix in (".html", ".htm"):
        return html_layout(text, target, limits)
    return markdown_layout(text) if suffix in (".md", ".markdown") else text_layout(text)


MAX_FILE_NAME_BYTES = 200  # leaves room for ".xx" and a file system's 255-byte limit
_NOT_IN_STORED_NAMES = re.compile(r"[^\w.-]")


def check_file_name(filename: str) -> str:
    """An upload's name, refused (400) when it cannot be a file name or a header: control characters, too long."""
    if any(unicodedata.category(c) == "Cc" for c in filename):
        raise InputError(messages.FILE_NAME_CONTROL(), "file", "bad_file_name")
    if len(filename.encode("utf-8")) > MAX_FILE_NAME_BYTES:
        raise InputError(messages.FILE_NAME_TOO_LONG(limit=MAX_FILE_NAME_BYTES), "file", "bad_file_name")
    return filename


def stored_name(filename: str) -> str:
    """The one rule for a name kept on disk and looked up again: the same function cleans both.

    Letters of any script, digits, ``_``, ``-`` and ``.`` stay (NFC); anything else, and a leading
    dot (a hidden file, ``..``), becomes ``_``. ``stored_name(stored_name(x)) == stored_name(x)``.
    """
    name = _NOT_IN_STORED_NAMES.sub("_", unicodedata.normalize("NFC", filename))
    name = "_" + name[1:] if name.startswith(".") else name
    return name or "document"


def translated_name(filename: str, target: str) -> str:
    """``article.html`` translated into Spanish is ``article.es.html``: the language before the type."""
    path = PurePath(filename.replace("\\", "/")).name or "document"
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{target}.{suffix}" if dot and stem else f"{path}.{target}"


def translate_document(
    translate: Translate, name: str, data: bytes, options: Options, limits: Limits | None = None
) -> tuple[bytes, str]:
    """The document translated into ``options.targets[0]``, in its own format, and its media type.

    ``translate`` is the service's own (texts, options) -> results, so documents get the same protection,
    glossaries, cache and checks as any text.
    """
    pieces = layout(check_file_name(name), data, options.targets[0], limits)
    if not pieces.texts:
        return pieces.rebuild([]), MIMETYPES[PurePath(name).suffix.lower()]
    results = translate(pieces.texts, options)
    target = options.targets[0]
    translated = [
        reassemble(text, result.sentences, result.targets[target].translations)
        for text, result in zip(pieces.texts, results, strict=True)
    ]
    return pieces.rebuild(translated), MIMETYPES[PurePath(name).suffix.lower()]
