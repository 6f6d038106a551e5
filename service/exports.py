"""Views of a processed article: side-by-side rows, JSON, Markdown, HTML, TMX.

Everything here works on the API's JSON document (``ArticleResult.to_dict``),
so a stored result can be shown or exported again without any engine, and the
web page, the batch CLI and the downloads all share one layout.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import languages
from .article import TRANSLATED_KINDS

ROOT = Path(__file__).resolve().parent.parent
LOW_CONFIDENCE = 0.35  # Argos confidences under this are marked for a human check
MUTED_KINDS = frozenset({"dateline", "byline", "credit", "widget", "footer"})


def route_label(hops: list[dict], interface: str = "en", template: str = "via %(pivots)s, %(engines)s") -> str:
    """How a translation was made, for people: "via Spanish, Apertium" or "Argos".

    ``template`` is the interface's (translated) wording for a pivot route.
    """
    if not hops:
        return ""
    engines = ", ".join(dict.fromkeys(h["engine"].capitalize() for h in hops))
    pivots = [languages.language_name(h["target"], interface) for h in hops[:-1]]
    return template % {"pivots": ", ".join(pivots), "engines": engines} if pivots else engines


def columns(result: dict, interface: str = "en") -> list[dict]:
    """The source column, then one per target, with names, direction, route and date."""
    out = []
    codes = [result["source"], *result["targets"]]
    for code in codes:
        target = result["targets"].get(code)
        route = (target or {}).get("route")
        dates = result.get("dates", {}).get(code) or {}
        out.append(
            {
                "code": code,
                "name": languages.title_name(code, interface),
                "native_name": languages.native_name(code),
                "dir": languages.direction(code),
                "is_source": target is None,
                "route": route["description"] if route else "",
                "route_label": route_label(route["hops"], interface) if route else "",
                "error": (target.get("error") or {}).get("message") if target else None,
                "published": dates.get("published"),
                "updated": dates.get("updated"),
            }
        )
    return out


def summary_indices(result: dict, code: str, mode: str) -> list[int]:
    """Sentences highlighted as summary in one column (source: always aligned)."""
    modes = result.get("summary", {}).get("languages", {}).get(code) or {}
    chosen = modes.get(mode) or modes.get("aligned") or {}
    return chosen.get("indices") or []


def side_by_side(result: dict, mode: str | None = None, interface: str = "en") -> dict:
    """Rows of aligned sentences grouped by block, ready for any renderer."""
    mode = mode or result.get("summary", {}).get("mode", "aligned")
    cols = columns(result, interface)
    chosen = {c["code"]: set(summary_indices(result, c["code"], mode)) for c in cols}
    sentences = result["sentences"]
    blocks = []
    for block in result["article"]["blocks"]:
        rows = []
        for sentence in (s for s in sentences if s["block"] == block["index"]):
            i = sentence["index"]
            cells = []
            for col in cols:
                if col["is_source"]:
                    text, score = sentence["text"], None
                else:
                    target = result["targets"][col["code"]]
                    translated = target.get("sentences") or []
                    text = translated[i]["text"] if i < len(translated) else ""
                    score = translated[i]["score"] if i < len(translated) else None
                cells.append(
                    {
                        "code": col["code"],
                        "dir": col["dir"],
                        "text": text,
                        "score": score,
                        "low": score is not None and score < LOW_CONFIDENCE,
                        "summary": i in chosen[col["code"]],
                    }
                )
            rows.append({"index": i, "cells": cells})
        blocks.append(
            {
                "index": block["index"],
                "kind": block["kind"],
                "muted": block["kind"] in MUTED_KINDS,
                "translated": block["kind"] in TRANSLATED_KINDS,
                "duplicate_of": block.get("duplicate_of"),
                "rows": rows,
            }
        )
    summaries = []
    for col in cols:
        texts = {
            r["index"]: c["text"] for b in blocks for r in b["rows"] for c in r["cells"] if c["code"] == col["code"]
        }
        indices = sorted(chosen[col["code"]])
        modes = result.get("summary", {}).get("languages", {}).get(col["code"]) or {}
        error = (modes.get(mode) or modes.get("aligned") or {}).get("error")
        summaries.append({"column": col, "sentences": [texts[i] for i in indices if i in texts], "error": error})
    return {"columns": cols, "blocks": blocks, "summaries": summaries, "mode": mode}


def to_json(result: dict) -> str:
    """Compact JSON, as the API sends it (indenting would force json's slow pure-Python encoder)."""
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(result: dict, interface: str = "en", view: dict | None = None) -> str:
    """Summaries, then the article as side-by-side tables, block by block."""
    view = view or side_by_side(result, interface=interface)
    cols = view["columns"]
    title = result["article"].get("title") or "Article"
    lines = [f"# {_md(title)}", ""]
    for col in cols:
        if col["published"]:
            lines.append(
                f"- {col['name']}: {col['published']}" + (f" (updated {col['updated']})" if col["updated"] else "")
            )
    lines += ["", "## Summaries", ""]
    for summary in view["summaries"]:
        col = summary["column"]
        lines.append(f"### {col['name']}" + (f" — {col['route_label']}" if col["route_label"] else ""))
        lines.append("")
        if summary["error"]:
            lines.append(f"_{summary['error']}_")
        lines += [f"- {_md(s)}" for s in summary["sentences"]]
        lines.append("")
    lines += ["## Side by side", ""]
    header = "| # | " + " | ".join(f"{c['name']} ({c['code']})" for c in cols) + " |"
    rule = "|---|" + "|".join("---" for _ in cols) + "|"
    for block in view["blocks"]:
        lines += [
            f"**{block['kind']}**" + (" (repeats an earlier paragraph)" if block["duplicate_of"] is not None else ""),
            "",
            header,
            rule,
        ]
        for row in block["rows"]:
            cells = [("**" + _md(c["text"]) + "**") if c["summary"] else _md(c["text"]) for c in row["cells"]]
            lines.append(f"| {row['index']} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=select_autoescape(["html"]))
    env.globals["_"] = lambda s, **kw: s % kw if kw else s
    return env


def to_html(result: dict, interface: str = "en", view: dict | None = None) -> str:
    """One self-contained HTML file: styles inlined, no scripts, no external links."""
    css = (ROOT / "static" / "style.css").read_text(encoding="utf-8")
    view = view or side_by_side(result, interface=interface)
    template = _environment().get_template("export.html")
    return template.render(result=result, view=view, css=css, lang=interface)


def to_tmx(result: dict) -> str:
    """TMX 1.4: each translated sentence and its translations as a translation unit."""
    source = result["source"]
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "offline-news-translate",
            "creationtoolversion": "0.1",
            "segtype": "sentence",
            "o-tmf": "json",
            "adminlang": "en",
            "srclang": source,
            "datatype": "plaintext",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = ET.SubElement(root, "body")
    for sentence in result["sentences"]:
        if sentence["kind"] not in TRANSLATED_KINDS:
            continue
        i = sentence["index"]
        unit = ET.SubElement(body, "tu", tuid=str(i + 1))
        ET.SubElement(ET.SubElement(unit, "tuv", {"xml:lang": source}), "seg").text = sentence["text"]
        for code, target in result["targets"].items():
            translated = target.get("sentences") or []
            if target.get("error") or i >= len(translated):
                continue
            tuv = ET.SubElement(unit, "tuv", {"xml:lang": code})
            if target.get("route"):
                ET.SubElement(tuv, "prop", type="x-route").text = target["route"]["description"]
            ET.SubElement(tuv, "seg").text = translated[i]["text"]
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + xml + "\n"


EXPORTS = {
    "json": ("application/json", to_json),
    "md": ("text/markdown; charset=utf-8", to_markdown),
    "html": ("text/html; charset=utf-8", to_html),
    "tmx": ("application/x-tmx+xml", to_tmx),
}
