"""Budgets checked before the work they bound: a request's characters, a .docx package, an HTML page.

A limit checked at one door only is no limit: the character budget held for
pasted text while a 570k-character ``.txt``, a 1.9M-character ``.docx`` and a
40,000-item list passed. So the budget is counted over everything one request
hands to the pipeline, after files are read; and what a reader of a file
would pay before the text exists is bounded from the raw bytes, with no
parser: a ``.docx``'s parts and their declared sizes from the zip directory
(a 1 GiB part compressed to 1 MB is refused before python-docx inflates it;
``zipfile`` never returns more than a part's declared size), an HTML page's
elements and attributes by one linear scan before lxml, trafilatura or
``html.parser`` sees it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from service import messages
from service import settings as service_settings
from service.errors import TooLarge


@dataclass(frozen=True)
class Limits:
    """The budgets of one request (from the settings ``MAX_*``)."""

    chars: int = 200_000
    docx_bytes: int = 64 * 2**20
    docx_parts: int = 2_000
    html_elements: int = 50_000
    html_attributes: int = 100_000

    @classmethod
    def from_config(cls, config: Mapping | None = None) -> Limits:
        """The limits a configuration sets (the defaults when none is given)."""
        config = config if config is not None else service_settings.defaults()
        return cls(
            chars=int(config["MAX_TEXT_CHARS"]),
            docx_bytes=int(config["MAX_DOCX_MB"] * 2**20),
            docx_parts=int(config["MAX_DOCX_PARTS"]),
            html_elements=int(config["MAX_HTML_ELEMENTS"]),
            html_attributes=int(config["MAX_HTML_ATTRIBUTES"]),
        )


def check_characters(texts: Sequence[str], limit: int, field: str = "text") -> None:
    """``TooLarge`` when the texts of one request hold more than ``limit`` characters together."""
    total = sum(len(t) for t in texts if isinstance(t, str))
    if total <= limit:
        return
    if len(texts) == 1:
        raise TooLarge(messages.TEXT_TOO_LONG(limit=limit), field=field)
    raise TooLarge(messages.REQUEST_TOO_LONG(count=total, limit=limit), field=field)


def check_docx(data: bytes, limits: Limits) -> None:
    """``TooLarge`` for a .docx whose parts would inflate past the budget, or that has too many parts.

    Read from the zip's central directory only: nothing is decompressed. A file that is not a zip is
    left to python-docx, which says so.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    if len(parts) > limits.docx_parts:
        raise TooLarge(messages.DOCX_TOO_MANY_PARTS(count=len(parts), limit=limits.docx_parts), field="file")
    inflated = sum(part.file_size for part in parts)
    if inflated > limits.docx_bytes:
        raise TooLarge(
            messages.DOCX_TOO_LARGE(size=_megabytes(inflated), limit=_megabytes(limits.docx_bytes)), field="file"
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


# A start tag, then its attributes: names followed by "=", or standing alone. One pass, no backtracking
# across tags (a "<" ends the scan of a tag, as browsers' tokenizers do for the counts that matter here).
_START_TAG = re.compile(r"<[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(r"""[^\s"'>/=<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_TAG_END = re.compile(r"/?>|<")


def html_counts(html: str) -> tuple[int, int]:
    """(elements, attributes) of an HTML page, counted in one linear pass over its start tags."""
    elements = attributes = 0
    position = 0
    length = len(html)
    while True:
        tag = _START_TAG.search(html, position)
        if tag is None:
            return elements, attributes
        elements += 1
        position = tag.end()
        while position < length:
            while position < length and html[position].isspace():
                position += 1
            end = _TAG_END.match(html, position)
            if end is not None or position >= length:
                break
            attribute = _ATTRIBUTE.match(html, position)
            if attribute is None or attribute.end() == position:
                position += 1  # a stray character ("/", "=", a quote): skip it
                continue
            attributes += 1
            position = attribute.end()


def check_html(html: str, limits: Limits) -> None:
    """``TooLarge`` for a page with more elements or attributes than any article page has."""
    elements, attributes = html_counts(html)
    if elements > limits.html_elements or attributes > limits.html_attributes:
        raise TooLarge(
            messages.HTML_TOO_COMPLEX(
                elements=elements,
                attributes=attributes,
                max_elements=limits.html_elements,
                max_attributes=limits.html_attributes,
            ),
            field="file",
        )
