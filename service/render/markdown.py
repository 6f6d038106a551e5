"""The result as Markdown: summaries, then the article side by side."""

from __future__ import annotations

from ..result import ArticleResult
from .i18n import gettext
from .side_by_side import side_by_side


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
    """Summaries, then the article as side-by-side tables, block by block."""
    view = view or side_by_side(result, interface=interface)
    cols = view["columns"]
    title = result.title or gettext("Article", interface)
    updated_label = gettext("updated", interface)
    lines = [f"# {_md(title)}", ""]
    for col in cols:
        if col["published"]:
            updated = f" ({updated_label} {col['updated']})" if col["updated"] else ""
            lines.append(f"- {col['name']}: {col['published']}{updated}")
    lines += ["", "## " + gettext("Summaries", interface), ""]
    for summary in view["summaries"]:
        col = summary["column"]
        lines.append(f"### {col['name']}" + (f" — {col['route_label']}" if col["route_label"] else ""))
        lines.append("")
        if summary["error"]:
            lines.append(f"_{summary['error']}_")
        lines += [f"- {_md(s)}" for s in summary["sentences"]]
        lines.append("")
    lines += ["## " + gettext("Side by side", interface), ""]
    header = "| # | " + " | ".join(f"{c['name']} ({c['code']})" for c in cols) + " |"
    rule = "|---|" + "|".join("---" for _ in cols) + "|"
    repeats = gettext("(repeats an earlier paragraph)", interface)
    for block in view["blocks"]:
        lines += [
            f"**{block['kind']}**" + (f" {repeats}" if block["duplicate_of"] is not None else ""),
            "",
            header,
            rule,
        ]
        for row in block["rows"]:
            cells = [("**" + _md(c["text"]) + "**") if c["summary"] else _md(c["text"]) for c in row["cells"]]
            lines.append(f"| {row['index']} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
