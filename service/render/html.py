"""The result as one self-contained HTML file: styles inlined, no scripts, no external links."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.asset_folders import STATIC, TEMPLATES
from service.messages import catalogue
from service.models.result import ArticleResult
from service.render.i18n import algorithm_label, localize
from service.render.side_by_side import side_by_side


@lru_cache(maxsize=8)
def _environment(interface: str) -> Environment:
    """The page templates with the interface language's catalogue, as Flask-Babel would install it."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_translations(catalogue(interface), newstyle=True)
    env.filters["localize"] = lambda message: localize(message, interface)
    return env


@lru_cache(maxsize=1)
def _css() -> str:
    return (STATIC / "style.css").read_text(encoding="utf-8")


def to_html(result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
    """The side-by-side view and summaries in one file that opens anywhere, offline."""
    view = view or side_by_side(result, interface=interface)
    template = _environment(interface).get_template("export.html")
    algorithm = algorithm_label(result.algorithm, interface)
    return template.render(result=result, view=view, css=_css(), lang=interface, algorithm=algorithm)
