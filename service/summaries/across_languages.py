"""Summaries in every language of a result: aligned on the source, or native.

- **aligned**: chosen once on the source and projected through the sentence
  alignment, so every language's summary says the same things;
- **native**: each translation summarised on its own, with its language's
  stemmer and stop words; ``agreement`` is the share of the aligned choice
  that the native one also made.
"""

from __future__ import annotations

from service.errors import SummaryError
from service.models.article import HEADING, TITLE, Article
from service.models.options import Options
from service.models.summary import ALIGNED, NATIVE, Candidate, Summary
from service.models.translation import TargetResult
from service.progress import NO_LIMIT, Event, Stage, Tracker


def candidates(article: Article, texts: list[str] | None = None) -> list[Candidate]:
    """Body sentences that a summary may use (no boilerplate, no near-duplicates)."""
    return [
        Candidate(s.index, texts[s.index] if texts else s.text, s.block)
        for s in article.body_sentences
        if (texts[s.index] if texts else s.text).strip()
    ]


def summarise_language(
    article: Article,
    language: str,
    mode: str,
    texts: list[str] | None,
    options: Options,
    title: str | None,
    headings: list[str],
    tracker: Tracker = NO_LIMIT,
) -> Summary:
    """One language's summary of the article (``texts``: its translation, or None for the source)."""
    from service.summaries.summarizers import summarize  # sumy and NLTK load on first use, not at import

    try:
        indices = summarize(
            candidates(article, texts), language, options.algorithm, options.length, title, headings, tracker
        )
    except SummaryError as err:
        return Summary(language=language, mode=mode, error=err.message, notice=err.detail)
    source = texts or [s.text for s in article.sentences]
    return Summary(language=language, mode=mode, indices=indices, sentences=[source[i] for i in indices])


def summarise_all(
    article: Article, source: str, targets: dict[str, TargetResult], options: Options, tracker: Tracker = NO_LIMIT
) -> tuple[dict[str, dict[str, Summary]], dict[str, float | None]]:
    """The source's summary and, per translated target, its aligned and native ones, with agreement."""
    title = article.title
    headings = [b.text for b in article.blocks if b.kind == HEADING]
    tracker.check()
    source_summary = summarise_language(article, source, ALIGNED, None, options, title, headings, tracker)
    summaries = {source: {ALIGNED: source_summary}}
    agreement: dict[str, float | None] = {}
    for code, target in targets.items():
        if not target.ok:
            continue
        tracker.enter(Event(Stage.SUMMARISING, code))
        texts = [t.text for t in target.translations]
        aligned = Summary(
            language=code,
            mode=ALIGNED,
            indices=list(source_summary.indices),
            sentences=[texts[i] for i in source_summary.indices],
            error=source_summary.error,
            notice=source_summary.notice,
        )
        target_title = texts[next((s.index for s in article.sentences if s.kind == TITLE), 0)] if title else None
        target_headings = [texts[s.index] for s in article.sentences if s.kind == HEADING]
        native = summarise_language(article, code, NATIVE, texts, options, target_title, target_headings, tracker)
        summaries[code] = {ALIGNED: aligned, NATIVE: native}
        agreement[code] = overlap(aligned.indices, native.indices)
    return summaries, agreement


def overlap(a: list[int], b: list[int]) -> float | None:
    """Share of the aligned summary's sentences that the native one also chose."""
    if not a or not b:
        return None
    return round(len(set(a) & set(b)) / len(set(a)), 3)
