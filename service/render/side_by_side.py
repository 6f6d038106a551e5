"""The side-by-side layout: one column per language, one row per source sentence, grouped by block.

Every renderer (the result page, the HTML and Markdown exports, the batch)
draws this same structure, so they cannot disagree on alignment.
"""

from __future__ import annotations

from .. import languages
from ..article import MUTED_KINDS, TRANSLATED_KINDS
from ..result import ArticleResult

LOW_CONFIDENCE = 0.35  # Argos confidences under this are marked for a human check


def route_label(hops: list[dict], interface: str = "en", template: str = "via %(pivots)s, %(engines)s") -> str:
    """How a translation was made, for people: "via Spanish, Apertium" or "Argos".

    ``template`` is the interface's (translated) wording for a pivot route.
    """
    if not hops:
        return ""
    engines = ", ".join(dict.fromkeys(h["engine"].capitalize() for h in hops))
    pivots = [languages.language_name(h["target"], interface) for h in hops[:-1]]
    return template % {"pivots": ", ".join(pivots), "engines": engines} if pivots else engines


def columns(result: ArticleResult, interface: str = "en") -> list[dict]:
    """The source column, then one per target, with names, direction, route and date."""
    out = []
    for code in result.languages:
        target = result.targets.get(code) if code != result.source else None
        route = target.route.to_dict() if target and target.route else None
        dates = result.dates.get(code) or {}
        out.append(
            {
                "code": code,
                "name": languages.title_name(code, interface),
                "native_name": languages.native_name(code),
                "dir": languages.direction(code),
                "is_source": target is None,
                "route": route["description"] if route else "",
                "route_label": route_label(route["hops"], interface) if route else "",
                "error": target.error if target else None,
                "published": dates.get("published"),
                "updated": dates.get("updated"),
            }
        )
    return out


def side_by_side(result: ArticleResult, mode: str | None = None, interface: str = "en") -> dict:
    """Rows of aligned sentences grouped by block, ready for any renderer."""
    mode = mode or result.summary_mode
    cols = columns(result, interface)

    def chosen_in(code: str) -> set[int]:
        summary = result.summary(code, mode)
        return set(summary.indices) if summary else set()

    chosen = {c["code"]: chosen_in(c["code"]) for c in cols}
    by_block: dict[int, list] = {}
    for sentence in result.article.sentences:
        by_block.setdefault(sentence.block, []).append(sentence)
    blocks = []
    for block in result.article.blocks:
        rows = []
        for sentence in by_block.get(block.index, []):
            i = sentence.index
            cells = []
            for col in cols:
                if col["is_source"]:
                    text, score = sentence.text, None
                else:
                    translated = result.targets[col["code"]].translations
                    text = translated[i].text if i < len(translated) else ""
                    score = translated[i].score if i < len(translated) else None
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
                "index": block.index,
                "kind": block.kind,
                "muted": block.kind in MUTED_KINDS,
                "translated": block.kind in TRANSLATED_KINDS,
                "duplicate_of": block.duplicate_of,
                "rows": rows,
            }
        )
    summaries = []
    for position, col in enumerate(cols):
        texts = {r["index"]: r["cells"][position]["text"] for b in blocks for r in b["rows"]}
        summary = result.summary(col["code"], mode)
        summaries.append(
            {
                "column": col,
                "sentences": [texts[i] for i in sorted(chosen[col["code"]]) if i in texts],
                "error": summary.error if summary else None,
            }
        )
    return {"columns": cols, "blocks": blocks, "summaries": summaries, "mode": mode}
