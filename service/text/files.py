"""Turning uploaded or on-disk files into article text.

French newsrooms still receive cp1252 and latin-1 files, so bytes are decoded
by detection (charset-normalizer) rather than assumed UTF-8, and HTML pages
are read as the blocks a person sees, in Markdown (``service.text.pages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from service import messages
from service.errors import InputError, SourceError, TooLarge
from service.text.limits import Limits, check_docx, check_html

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm"}
DOCX_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16", "utf_32"]


@dataclass(frozen=True)
class SourceText:
    """Decoded article text and how it was obtained."""

    text: str
    encoding: str
    extracted_from_html: bool = False
    # What an HTML page says about itself: outlet (site name), url (canonical address), published (day).
    origin: dict | None = None
    added: tuple[str, ...] = ()  # lines written from a page's metadata (its author, its dates), not its text


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when ``data`` looks like UTF-16 text with no byte-order mark.

    Latin-script UTF-16 has a NUL in every other byte: at odd offsets for
    little-endian, even ones for big-endian; binary files have NULs anywhere.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for name, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= 0.6 * half and others == 0:
            try:
                data.decode(name)
            except UnicodeDecodeError:
                return None
            return name
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name of ``data``: UTF-8 (with or without BOM) first, then detection."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise SourceError(messages.FILE_BINARY())
        return data.decode(encoding), encoding
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
        raise SourceError(messages.FILE_ENCODING())
    return str(best), best.encoding


def html_to_text(html: str, limits: Limits | None = None) -> str:
    """The visible article of an HTML page as Markdown (``service.text.pages``)."""
    return read_html(html, limits).markdown


def read_html(html: str, limits: Limits | None = None):
    """The page read by ``service.text.pages.read_page``; ``SourceError`` when it shows no article.

    Its elements and attributes are counted first, within ``limits``: the readers parse a page several times.
    """
    from service.text.pages import read_page

    check_html(html, limits or Limits.from_config())
    try:
        page = read_page(html)
    except (ValueError, TypeError):  # lxml refuses empty or binary documents
        raise SourceError(messages.HTML_NO_TEXT()) from None
    if not page.markdown.strip():
        raise SourceError(messages.HTML_NO_TEXT())
    if not _has_running_text([line for line in page.markdown.split("\n") if line.strip()]):
        raise SourceError(messages.HTML_NO_ARTICLE())
    return page


def page_origin(html: str) -> dict:
    """The outlet, address and publication day a page states in its markup (``og:site_name``, canonical link...).

    Only http(s) addresses are kept; anything the page does not say is absent.
    """
    import trafilatura

    try:
        metadata = trafilatura.extract_metadata(html)
    except Exception:  # metadata is a bonus: a page trafilatura cannot read it from is still an article
        return {}
    if metadata is None:
        return {}
    found = {
        "outlet": getattr(metadata, "sitename", None),
        "url": getattr(metadata, "url", None),
        "published": getattr(metadata, "date", None),
    }
    if found["url"] and not str(found["url"]).startswith(("http://", "https://")):
        found["url"] = None
    return {key: str(value).strip() for key, value in found.items() if value and str(value).strip()}


def _has_running_text(paragraphs: list[str]) -> bool:
    """Whether any paragraph is a sentence of some length (a menu of links is not)."""
    return any(len(p.split()) >= 8 and p.rstrip(' »”")*').endswith((".", "!", "?", "…")) for p in paragraphs)


def read_source(name: str, data: bytes, limits: Limits | None = None) -> SourceText:
    """Article text from a file's name and bytes, within ``limits`` (``SourceError`` says why not)."""
    limits = limits or Limits.from_config()
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(messages.FILE_TYPE(suffix=suffix))
    if not data.strip():
        raise SourceError(messages.FILE_EMPTY())
    try:
        if suffix in DOCX_SUFFIXES:
            source = SourceText(docx_to_text(data, limits), "docx")
        else:
            text, encoding = decode(data)
            if suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
                page = read_html(text, limits)
                source = SourceText(page.markdown, encoding, True, page_origin(text), page.added)
            elif not text.strip():
                raise SourceError(messages.FILE_NO_TEXT())
            else:
                source = SourceText(text, encoding)
    except TooLarge as err:
        raise SourceError(err.detail) from None
    return source


def docx_to_text(data: bytes, limits: Limits | None = None) -> str:
    """A Word document's paragraphs (body, then tables) as article text: one paragraph per block."""
    import io

    from docx import Document

    check_docx(data, limits or Limits.from_config())  # before python-docx inflates anything
    try:
        document = Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types on a damaged or foreign file
        raise SourceError(messages.DOCX_UNREADABLE(reason=type(err).__name__)) from None
    cells = [p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    paragraphs = [p.text.strip() for p in [*document.paragraphs, *cells] if p.text.strip()]
    if not paragraphs:
        raise SourceError(messages.FILE_NO_TEXT())
    return "\n\n".join(paragraphs)


def normalize_text(text: str) -> str:
    """Remove what breaks segmentation but carries no meaning (BOM, CRLF)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def check_texts(texts: list[str]) -> list[str]:
    """The texts normalised, or ``InputError`` if there is none or one is empty."""
    if not texts or any(not isinstance(t, str) or not t.strip() for t in texts):
        raise InputError(messages.EMPTY_TEXT(), "texts" if len(texts) > 1 else "text", code="empty_text")
    return [normalize_text(t) for t in texts]
