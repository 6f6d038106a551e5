"""The side-by-side layout: one column per language, one row per source sentence, grouped by block.

Every renderer (the result page, the HTML and Markdown exports, the batch)
draws this same structure, so they cannot disagree on alignment.
"""

from __future__ import annotations

import re

from service import languages
from service.models.article import MUTED_KINDS, TRANSLATED_KINDS
from service.models.result import ArticleResult
from service.models.translation import SentenceResult
from service.render import doubts
from service.render.doubts import doubtful

_WORD = re.compile(r"[^\W\d_][\w'’·-]*")


def _marks(found: SentenceResult | None) -> dict[str, tuple[str, str]]:
    """Output words to mark, lower-cased: (kind, explanation) — untranslated, invented, or chosen among several."""
    if found is None:
        return {}
    marks: dict[str, tuple[str, str]] = {}
    for ambiguity in found.ambiguities:
        marks[ambiguity.choice.lower()] = ("ambiguous", f"{ambiguity.word}: {' / '.join(ambiguity.alternatives)}")
    for word in found.invented_words:
        marks[word.lower()] = ("invented", word)
    for unknown in found.unknown_words:
        marks[unknown.word.lower()] = ("unknown", unknown.word)
    return marks


def _mark_of(word: str, marks: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    lower = word.lower()
    if lower in marks:
        return marks[lower]
    # A chosen translation is a lemma; the sentence has its inflected form ("vuelo" -> "vuelos").
    for lemma, mark in marks.items():
        if mark[0] == "ambiguous" and len(lemma) >= 4 and lower.startswith(lemma[: max(4, len(lemma) - 2)]):
            return mark
    return None


def pieces(text: str, marks: dict[str, tuple[str, str]] | list[str]) -> list[tuple[str, str | None, str]]:
    """``text`` cut into (piece, kind, explanation) so a renderer can mark the words a doubt is about.

    ``marks``: lower-cased words with their (kind, explanation); a plain list marks untranslated words.
    """
    if isinstance(marks, list):
        marks = {w.lower(): ("unknown", w) for w in marks}
    if not marks:
        return [(text, None, "")]
    out: list[tuple[str, str | None, str]] = []
    last = 0
    for match in _WORD.finditer(text):
        mark = _mark_of(match.group(), marks)
        if mark:
            if match.start() > last:
                out.append((text[last : match.start()], None, ""))
            out.append((match.group(), mark[0], mark[1]))
            last = match.end()
    if last < len(text):
        out.append((text[last:], None, ""))
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
                target = None if col["is_source"] else col["code"]
                same = col["is_source"] or (kept_as_is and found is not None and found.text == sentence.text)
                cells.append(
                    {
                        "code": result.source if same else col["code"],  # the language of the text shown
                        "column": col["code"],
                        "dir": languages.direction(result.source) if same else col["dir"],
                        "text": text,
                        "pieces": pieces(text, _marks(found)),
                        "score": found.score if found else None,
                        "confidence": confidence,
                        "flags": list(found.flags) if found else [],
                        "unknown": unknown,
                        "route": found.route if found else None,
                        "low": found is not None and doubtful(found),
                        "noted": found is not None and bool(found.flags) and not doubtful(found),
                        "reasons": doubts.summary(found, target, interface),
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
        texts = {r["index"]: r["cells"][position] for b in blocks for r in b["rows"]}
        summary = result.summary_for(col["code"], mode)
        picked = [texts[i] for i in sorted(chosen[col["code"]]) if i in texts]
        summaries.append(
            {
                "column": col,
                "sentences": [cell["text"] for cell in picked],
                # Why each summary sentence is doubtful ("" when it is not): the summary carries its doubts too.
                "doubts": [cell["reasons"] if cell["low"] else "" for cell in picked],
                "error": (summary.notice or summary.error) if summary else None,
            }
        )
    return {"columns": cols, "blocks": blocks, "summaries": summaries, "mode": mode}
