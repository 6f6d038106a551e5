"""The side-by-side layout: one column per language, one row per source sentence, grouped by block.

Every renderer (the result page, the HTML and Markdown exports, the batch)
draws this same structure, so they cannot disagree on alignment.
"""

from __future__ import annotations

import re

from service import languages
from service.models.article import MUTED_KINDS, TRANSLATED_KINDS
from service.models.result import ArticleResult

LOW_CONFIDENCE = 0.5  # sentences under this confidence (model score or dictionary coverage) are marked
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def pieces(text: str, unknown: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, untranslated?) so a renderer can underline the words left untranslated."""
    wanted = {w.lower() for w in unknown}
    if not wanted:
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    last = 0
    for match in _WORD.finditer(text):
        if match.group().lower() in wanted:
            if match.start() > last:
                out.append((text[last : match.start()], False))
            out.append((match.group(), True))
            last = match.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


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
    # A target that is the (detected) source language has no column of its own: the original is that column.
    for code in dict.fromkeys(result.codes):
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
                "error": target.failure.detail if target and target.failure else None,
                "published": dates.get("published"),
                "updated": dates.get("updated"),
                "glossary": [g.to_dict() for g in target.glossary] if target else [],
                "shown": True,  # the result page lets readers hide columns
            }
        )
    return out


def side_by_side(result: ArticleResult, mode: str | None = None, interface: str = "en") -> dict:
    """Rows of aligned sentences grouped by block, ready for any renderer."""
    mode = mode or result.summary_mode
    cols = columns(result, interface)

    def chosen_in(code: str) -> set[int]:
        summary = result.summary_for(code, mode)
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
            kept_as_is = block.kind not in TRANSLATED_KINDS  # furniture is shown untranslated in every column
            for col in cols:
                found = None
                if col["is_source"]:
                    text = sentence.text
                else:
                    translated = result.targets[col["code"]].translations
                    found = translated[i] if i < len(translated) else None
                    text = found.text if found else ""
                confidence = found.confidence if found else None
                unknown = [u.word for u in found.unknown_words] if found else []
                same = col["is_source"] or (kept_as_is and found is not None and found.text == sentence.text)
                cells.append(
                    {
                        "code": result.source if same else col["code"],  # the language of the text shown
                        "column": col["code"],
                        "dir": languages.direction(result.source) if same else col["dir"],
                        "text": text,
                        "pieces": pieces(text, unknown),
                        "score": found.score if found else None,
                        "confidence": confidence,
                        "flags": list(found.flags) if found else [],
                        "unknown": unknown,
                        "route": found.route if found else None,
                        "low": (confidence is not None and confidence < LOW_CONFIDENCE) or bool(found and found.flags),
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
        summary = result.summary_for(col["code"], mode)
        summaries.append(
            {
                "column": col,
                "sentences": [texts[i] for i in sorted(chosen[col["code"]]) if i in texts],
                "error": (summary.notice or summary.error) if summary else None,
            }
        )
    return {"columns": cols, "blocks": blocks, "summaries": summaries, "mode": mode}
