"""Turning uploaded or on-disk files into article text.

French newsrooms still receive cp1252 and latin-1 files, so bytes are decoded
by detection (charset-normalizer) rather than assumed UTF-8, and HTML pages
are reduced to the article with trafilatura, not with regexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16", "utf_32"]


class SourceError(ValueError):
    """A file that holds no usable article text."""


@dataclass(frozen=True)
class SourceText:
    """Decoded article text and how it was obtained."""

    text: str
    encoding: str
    extracted_from_html: bool = False


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of ``data``: UTF-8 (with or without BOM) first, then detection."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Only encodings French text really comes in: unrestricted detection
    # takes short cp1252 files for Baltic or Cyrillic code pages.
    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise SourceError("cannot tell the text encoding (not UTF-8, cp1252 or latin-1)")
    return str(best), best.encoding


def html_to_text(html: str) -> str:
    """The article text of an HTML page, paragraphs on their own lines."""
    import trafilatura

    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True, with_metadata=False
    )
    if not extracted or not extracted.strip():
        raise SourceError("the HTML page has no article text")
    title = trafilatura.extract_metadata(html)
    heading = title.title if title and title.title else None
    paragraphs = [p.strip() for p in extracted.splitlines() if p.strip()]
    if heading and (not paragraphs or paragraphs[0] != heading):
        paragraphs.insert(0, heading)
    return "\n\n".join(paragraphs)


def read_source(name: str, data: bytes) -> SourceText:
    """Article text from a file's name and bytes."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"unsupported file type {suffix!r}: use .txt, .md or .html")
    if not data.strip():
        raise SourceError("the file is empty")
    text, encoding = decode(data)
    if suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return SourceText(html_to_text(text), encoding, True)
    if not text.strip():
        raise SourceError("the file has no text")
    return SourceText(text, encoding)
