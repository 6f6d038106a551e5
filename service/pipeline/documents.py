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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from service import messages
from service.errors import InputError, SourceError
from service.models.options import Options
from service.models.translation import TranslationResult
from service.text.files import decode, normalize_text

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


class _HtmlPieces(HTMLParser):
    """Markup as it is; text between tags, and title/alt values, as pieces to translate."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, object]] = []  # ("markup", text) | ("text", text) | ("tag", (tag, attrs, closed))
        self._skip = 0

    def _tag(self, tag, attrs, closed: bool):
        if any(name in _TRANSLATED_ATTRIBUTES and value for name, value in attrs):
            self.parts.append(("tag", (tag, attrs, closed)))
        else:
            self.parts.append(("markup", self.get_starttag_text() or ""))

    def handle_starttag(self, tag, attrs):
        self._skip += tag in _SKIPPED_TAGS
        self._tag(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, True)

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1
        self.parts.append(("markup", f"</{tag}>"))

    def handle_data(self, data):
        kind = "text" if not self._skip and data.strip() else "markup"
        self.parts.append((kind, html.escape(data, quote=False) if kind == "markup" else data))

    def handle_decl(self, decl):
        self.parts.append(("markup", f"<!{decl}>"))

    def handle_comment(self, data):
        self.parts.append(("markup", f"<!--{data}-->"))


def html_layout(source: str) -> Layout:
    parser = _HtmlPieces()
    parser.feed(source)
    parser.close()
    texts: list[str] = []
    for kind, content in parser.parts:
        if kind == "text":
            texts.append(content)  # type: ignore[arg-type]
        elif kind == "tag":
            texts += [v for n, v in content[1] if n in _TRANSLATED_ATTRIBUTES and v]  # type: ignore[index]

    def rebuild(translated: list[str]) -> bytes:
        out: list[str] = []
        pending = iter(translated)
        for kind, content in parser.parts:
            if kind == "markup":
                out.append(content)  # type: ignore[arg-type]
            elif kind == "text":
                out.append(html.escape(next(pending), quote=False))
            else:
                tag, attrs, closed = content  # type: ignore[misc]
                rendered = "".join(
                    f' {n}="{html.escape(next(pending) if n in _TRANSLATED_ATTRIBUTES and v else (v or ""))}"'
                    if v is not None
                    else f" {n}"
                    for n, v in attrs
                )
                out.append(f"<{tag}{rendered}{' /' if closed else ''}>")
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
    return Layout([source] if source.strip() else [], lambda t: (t[0] if t else source).encode("utf-8"))


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


def docx_layout(data: bytes) -> Layout:
    from docx import Document

    document = Document(io.BytesIO(data))
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


def layout(name: str, data: bytes) -> Layout:
    """The pieces of a document, by its file type."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in MIMETYPES:
        raise InputError(messages.DOCUMENT_TYPE(suffix=suffix or "(none)"), "file")
    if not data.strip():
        raise InputError(messages.FILE_EMPTY(), "file")
    if suffix == ".docx":
        try:
            return docx_layout(data)
        except Exception as err:  # python-docx raises several types on a damaged or foreign file
            raise InputError(messages.DOCX_UNREADABLE(reason=type(err).__name__), "file") from None
    try:
        text, _ = decode(data)
    except SourceError as err:
        raise InputError(err.detail, "file") from None
    text = normalize_text(text)
    if suffix in (".html", ".htm"):
        return html_layout(text)
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


def translate_document(translate: Translate, name: str, data: bytes, options: Options) -> tuple[bytes, str]:
    """The document translated into ``options.targets[0]``, in its own format, and its media type.

    ``translate`` is the service's own (texts, options) -> results, so documents get the same protection,
    glossaries, cache and checks as any text.
    """
    pieces = layout(check_file_name(name), data)
    if not pieces.texts:
        return pieces.rebuild([]), MIMETYPES[PurePath(name).suffix.lower()]
    results = translate(pieces.texts, options)
    target = options.targets[0]
    translated = [
        reassemble(text, result.sentences, result.targets[target].translations)
        for text, result in zip(pieces.texts, results, strict=True)
    ]
    return pieces.rebuild(translated), MIMETYPES[PurePath(name).suffix.lower()]
