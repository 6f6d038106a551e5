"""Every line of every article in our labelled corpus gets its expected role, and dates their values.

The corpus (``tests/corpus/``) covers wire copy, national dailies, regional
papers, magazines, plain text and saved web pages; see its README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from service.text.files import read_source
from service.text.line_roles import BODY, KINDS
from service.text.structure import parse_article

CORPUS = Path(__file__).resolve().parent / "corpus"
_LINE = re.compile(r"^(\+?)([a-z_]+) \| (.*)$")


@dataclass
class Labelled:
    text: str
    expected: list[tuple[str, str]]  # (kind, text or prefix) per block
    meta: dict[str, str] = field(default_factory=dict)


def _parse_labels(raw: str) -> tuple[list[str], list[tuple[str, str]], dict[str, str]]:
    lines: list[str] = []
    expected: list[tuple[str, str]] = []
    meta: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith("# "):
            key, _, value = line[2:].partition(": ")
            meta[key] = value
            continue
        if not line.strip():
            lines.append("")
            continue
        match = _LINE.match(line)
        assert match, f"line {number} is not 'kind | text': {line!r}"
        plus, kind, text = match.groups()
        assert kind in KINDS, f"line {number}: unknown kind {kind!r}"
        if plus:
            lines[-1] += text
        else:
            lines.append(text)
        expected.append((kind, text))
    return lines, expected, meta


def load(path: Path) -> Labelled:
    if path.suffix == ".html":
        _, expected, meta = _parse_labels(path.with_suffix(".labels").read_text(encoding="utf-8"))
        return Labelled(read_source(path.name, path.read_bytes()).text, expected, meta)
    lines, expected, meta = _parse_labels(path.read_text(encoding="utf-8"))
    return Labelled("\n".join(lines) + "\n", expected, meta)


ARTICLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))


def test_the_corpus_is_wide():
    assert len(ARTICLES) >= 15
    kinds = {kind for path in ARTICLES for kind, _ in load(path).expected}
    assert kinds == set(KINDS), f"no article shows {sorted(set(KINDS) - kinds)}"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_line_is_labelled(path):
    article_file = load(path)
    reference = datetime.fromisoformat(article_file.meta.get("reference", "2025-02-14T12:00"))
    article = parse_article(article_file.text, "fr", reference)
    got = [(b.kind, b.text) for b in article.blocks]
    assert len(got) == len(article_file.expected), "\n".join(f"{k:15} {t[:60]}" for k, t in got)
    for (kind, text), (want_kind, want_text) in zip(got, article_file.expected, strict=True):
        assert text.startswith(want_text.strip()[:60]), f"{text!r} is not {want_text!r}"
        assert kind == want_kind, f"{text[:70]!r}: {kind} (expected {want_kind})"
    for block in article.blocks:  # every line kept with its offsets
        assert article_file.text[block.start : block.end] == block.text
    for key in ("published", "updated"):
        if key in article_file.meta:
            assert getattr(article, key) == (article_file.meta[key] or None), key
    assert sorted(article.relative_dates) == sorted(filter(None, article_file.meta.get("relative", "").split(",")))
    # Summaries may only use body sentences: check what the summariser is offered.
    assert all(s.kind == BODY for s in article.body_sentences)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_no_algorithm_summarises_furniture(path):
    from service.models.summary import NAMES
    from service.summaries.across_languages import candidates
    from service.summaries.summarizers import summarize

    article = parse_article(load(path).text, "fr", datetime(2025, 2, 14, 12))
    body = {s.index for s in article.sentences if s.kind == BODY}
    found = candidates(article)
    for algorithm in NAMES:
        chosen = summarize(found, "fr", algorithm, "50%", article.title) if found else []
        assert set(chosen) <= body, f"{algorithm} chose {set(chosen) - body}"
        assert chosen or not body
