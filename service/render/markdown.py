"""The result as Markdown: summaries, then the article side by side."""

from __future__ import annotations

from service.models.result import ArticleResult
from service.render import doubts
from service.render.i18n import gettext, kind_label
from service.render.side_by_side import side_by_side


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _cell(cell: dict) -> str:
    """One sentence: bold when in the summary, ⚠ and its reasons when doubtful, the reasons alone when noted."""
    text = _md(cell["text"])
    text = f"**{text}**" if cell["summary"] and text else text
    if cell["low"]:
        text = f"{doubts.MARKER} {text}"
    if cell["reasons"]:
        text += f" _({_md(cell['reasons'])})_"
    return text


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
        lines += [
            f"- {doubts.MARKER + ' ' if why else ''}{_md(s)}" + (f" _({_md(why)})_" if why else "")
            for s, why in zip(summary["sentences"], summary["doubts"], strict=True)
        ]
        lines.append("")
    lines += ["## " + gettext("Side by side", interface), ""]
    # One table for the whole article, the block's kind as a column: readable in any Markdown viewer.
    kind_header = gettext("Block", interface)
    lines.append("| # | " + kind_header + " | " + " | ".join(f"{c['name']} ({c['code']})" for c in cols) + " |")
    lines.append("|---|---|" + "|".join("---" for _ in cols) + "|")
    repeats = gettext("(repeats an earlier paragraph)", interface)
    for block in view["blocks"]:
        label = kind_label(block["kind"], interface) + (f" {repeats}" if block["duplicate_of"] is not None else "")
        for row in block["rows"]:
            cells = [_cell(c) for c in row["cells"]]
            lines.append(f"| {row['index']} | {label} | " + " | ".join(cells) + " |")
    lines.append("")
    if any(c["summary"] for b in view["blocks"] for r in b["rows"] for c in r["cells"]):
        lines.append(gettext("Sentences in **bold** are in the summary.", interface))
        lines.append("")
    if any(c["low"] for b in view["blocks"] for r in b["rows"] for c in r["cells"]):
        lines.append(gettext("⚠ marks a sentence to check against the original; the reason follows it.", interface))
        lines.append("")
    return "\n".join(lines)
