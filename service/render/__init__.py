"""Views of a processed article for people and tools: side-by-side rows, JSON, Markdown, HTML, TMX, XLIFF.

Everything here reads an ``ArticleResult``, so a saved result can be shown or
exported again without any engine, and the web page, the batch and the
downloads all share one layout. Nothing here knows about Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.models.result import ArticleResult
from service.render.html import to_html
from service.render.jsondoc import to_json
from service.render.markdown import to_markdown
from service.render.side_by_side import route_label, side_by_side
from service.render.tmx import to_tmx
from service.render.xliff import to_xliff


@dataclass(frozen=True)
class Export:
    """A download format: its media type and how to render it in an interface language."""

    mimetype: str
    render: Callable[..., str]  # (result, interface, view=None) -> text

    def __call__(self, result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
        return self.render(result, interface=interface, view=view)


EXPORTS: dict[str, Export] = {
    "json": Export("application/json", to_json),
    "md": Export("text/markdown; charset=utf-8", to_markdown),
    "html": Export("text/html; charset=utf-8", to_html),
    "tmx": Export("application/x-tmx+xml", to_tmx),
    "xliff": Export("application/x-xliff+xml", to_xliff),
}


def export_name(result, fmt: str) -> str:
    """The download's file name: the article's title as a readable slug (any script), else ``article-<id>``."""
    import re
    import unicodedata

    title = unicodedata.normalize("NFC", result.title or "")
    slug = re.sub(r"[^\w]+", "-", title).strip("-_")[:80].rstrip("-_")
    return f"{slug or f'article-{result.id}'}.{fmt}"


__all__ = [
    "EXPORTS",
    "Export",
    "export_name",
    "route_label",
    "side_by_side",
    "to_html",
    "to_json",
    "to_markdown",
    "to_tmx",
    "to_xliff",
]
