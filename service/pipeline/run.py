"""The one pipeline: texts and an ``Options`` in, results out, for every front end.

text -> sentences (plain, for ``/translate``; or labelled blocks, for an
article) -> the language of each sentence -> translations of what a reader
needs, one engine batch per hop and source language for every text of the
call -> per text, its ``TargetResult`` (built once) -> for an article,
summaries in every language and localised dates.

Several texts go through the engines together: rule-based engines pay a
process start per call, so a batch of articles costs little more than one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from service import languages, messages
from service.errors import InputError
from service.messages import Message
from service.models.article import TRANSLATED_KINDS, Article, ArticleSentence
from service.models.options import Options
from service.models.result import ArticleResult, SummaryInfo
from service.models.translation import SentenceResult, SourceSentence, TargetResult, TranslationResult
from service.progress import NO_LIMIT, Event, Stage, Tracker
from service.summaries.across_languages import candidates, summarise_all
from service.text.files import check_texts, normalize_text
from service.text.language_id import refine_source, resolve_source, sentence_languages
from service.text.lines import unwrap
from service.text.segmenter import segment
from service.text.structure import line_fingerprints, parse_article, recurring_across
from service.translation.mixed_languages import describe, translate_mixed
from service.translation.placeholders import glossary_uses
from service.translation.translator import CacheUsage, Translator


@dataclass
class Prepared:
    """One text ready to translate: its sentences, which of them a reader needs translated, its language."""

    source: str
    sentences: list[ArticleSentence]
    translatable: list[int]
    detected: dict | None = None
    notices: list[Message] = field(default_factory=list)
    article: Article | None = None  # None for a plain text (``/translate``)


def _plain(text: str, source: str, detected: dict | None, notices: list[Message]) -> Prepared:
    # A text wrapped at a width (a mail, an agency's file) is segmented as its paragraphs: the segmenter cuts at
    # line breaks, and a sentence cut where a line ended would go to the engines in two halves.
    unwrapped = unwrap(text)
    read, where = unwrapped[:2] if unwrapped else (text, None)
    pieces = segment(read, source)
    sentences = [
        ArticleSentence(
            index=i,
            block=p.paragraph,
            kind="body",
            text=p.text,
            start=where[p.start] if where and p.start < len(where) else p.start,
            end=where[p.end - 1] + 1 if where and 0 < p.end <= len(where) else p.end,
        )
        for i, p in enumerate(pieces)
    ]
    return Prepared(source, sentences, list(range(len(sentences))), detected, list(notices))


def _article(
    text: str, options: Options, translator: Translator | None, recurring: Collection[str] = frozenset()
) -> Prepared:
    if not isinstance(text, str) or not text.strip():
        raise InputError(messages.EMPTY_TEXT(), "text", code="empty_text")
    text = normalize_text(text)
    source, detected, notices = resolve_source(text, options.source)
    if translator is not None:
        source, notices = refine_source(text, source, detected, notices, translator.known_share)
    article = parse_article(text, source, options.reference, recurring=recurring)
    translatable = [s.index for s in article.sentences if s.kind in TRANSLATED_KINDS]
    return Prepared(source, article.sentences, translatable, detected, notices + article.notices, article)


def _translate(
    translator: Translator | None,
    prepared: list[Prepared],
    options: Options,
    tracker: Tracker,
    second_opinion: bool = True,
) -> list[tuple[dict[str, TargetResult], frozenset[str]]]:
    """Every text's targets, with one engine batch per hop and source language for all of them."""
    targets = options.targets
    out: list[tuple[dict[str, TargetResult], frozenset[str]]] = [({}, frozenset()) for _ in prepared]
    if not targets:
        return out
    if translator is None:
        raise InputError(messages.NO_ENGINE_CONFIGURED(), "targets", code="no_engine")
    for source in dict.fromkeys(p.source for p in prepared):
        members = [i for i, p in enumerate(prepared) if p.source == source]
        flat = [prepared[i].sentences[j].text for i in members for j in prepared[i].translatable]
        usage = CacheUsage(write=options.keep)
        found = sentence_languages(flat, source, translator.known_share)
        merged = translate_mixed(
            translator, flat, source, targets, found, tracker, usage, options.glossary, second_opinion
        )
        keys = frozenset(usage.keys)  # exact for one text; a batch's texts share their call's set
        start = 0
        for i in members:
            item = prepared[i]
            end = start + len(item.translatable)
            item.notices.extend(describe(found[start:end]))  # each text hears about its own foreign sentences
            text = "\n".join(item.sentences[j].text for j in item.translatable)
            results = {}
            for code, target in merged.items():
                if not target.ok:
                    results[code] = target.result()
                    continue
                # Furniture (credits, widgets, footer) is shown as pasted; the rest gets its translation.
                rows = [SentenceResult(text=s.text) for s in item.sentences]
                for j, translated in zip(item.translatable, target.translations[start:end], strict=True):
                    rows[j] = translated  # type: ignore[assignment]
                results[code] = TargetResult(
                    language=code, route=target.route, translations=rows,
                    glossary=glossary_uses(options.glossary, text, code),
                )  # fmt: skip
            out[i] = (results, keys)
            start = end
    return out


def _finish(
    item: Prepared, translated: tuple[dict[str, TargetResult], frozenset[str]], options: Options, tracker: Tracker
) -> ArticleResult:
    """Summaries in the source and every target language, and localised dates."""
    assert item.article is not None
    targets, cache_keys = translated
    article, notices = item.article, list(item.notices)
    body_count = len(candidates(article))
    wanted = options.length
    if body_count and wanted.isdigit() and int(wanted) > body_count:
        notices.append(messages.SUMMARY_SHORT_BODY(wanted=wanted, count=body_count))
    summaries, agreement = summarise_all(article, item.source, targets, options, tracker)
    dates = {
        code: {
            "published": languages.format_iso_date(article.published, code),
            "updated": languages.format_iso_date(article.updated, code),
        }
        for code in [item.source, *targets]
    }
    return ArticleResult(
        source=item.source,
        detected=item.detected,
        notices=notices,
        article=article,
        targets=targets,
        summary=SummaryInfo(
            algorithm=options.algorithm, length=wanted, mode=options.summary, languages=summaries, agreement=agreement
        ),
        dates=dates,
        cache_keys=cache_keys,
    )


def batch_recurring(texts: list[str]) -> frozenset[str]:
    """Lines found in several of these articles (fingerprints): the repetition evidence of a batch."""
    if len(texts) < 2:
        return frozenset()
    return recurring_across([line_fingerprints(normalize_text(t)) for t in texts if isinstance(t, str)])


def process_articles(
    translator: Translator | None,
    texts: list[str],
    options: Options,
    tracker: Tracker = NO_LIMIT,
    recurring: Collection[str] = frozenset(),
    recurring_per_text: list[Collection[str]] | None = None,
) -> list[ArticleResult | InputError]:
    """Several articles at once: one result, or the input error, per text.

    ``tracker`` bounds the whole call and hears each stage; past its limit
    ``TimeLimitExceeded`` is raised. ``recurring``: fingerprints of lines seen in other articles (of the
    batch, or saved), for every text; ``recurring_per_text``: the same for each text; lines shared by the
    texts of this call count too.
    """
    prepared: list[Prepared | InputError] = []
    tracker.enter(Event(Stage.SEGMENTING))
    shared = batch_recurring(texts) | frozenset(recurring)
    per_text = recurring_per_text if recurring_per_text is not None else [frozenset()] * len(texts)
    for text, seen in zip(texts, per_text, strict=True):
        try:
            prepared.append(_article(text, options, translator, shared | frozenset(seen)))
        except InputError as err:
            prepared.append(err)
        tracker.check()
    good = [p for p in prepared if isinstance(p, Prepared)]
    translations = iter(_translate(translator, good, options, tracker))
    return [p if isinstance(p, InputError) else _finish(p, next(translations), options, tracker) for p in prepared]


def process_article(
    translator: Translator | None,
    text: str,
    options: Options,
    tracker: Tracker = NO_LIMIT,
    recurring: Collection[str] = frozenset(),
) -> ArticleResult:
    """Structure, translations and summaries of one article: what web, API and CLI show.

    ``recurring``: fingerprints of lines seen in other articles (saved, or of the same batch).
    """
    result = process_articles(translator, [text], options, tracker, recurring)[0]
    if isinstance(result, InputError):
        raise result
    return result


def translate_texts(
    translator: Translator,
    texts: list[str],
    options: Options,
    tracker: Tracker = NO_LIMIT,
    second_opinion: bool = True,
) -> list[TranslationResult]:
    """Plain texts (no article structure): every sentence translated, one engine batch per hop for all texts.

    The texts of one call are one request: their language is told once, from all of them.
    ``second_opinion``: False where nobody reads the doubts (see ``Translator.translate_sentences``).
    """
    texts = check_texts(texts)
    tracker.enter(Event(Stage.SEGMENTING))
    joined = "\n".join(texts)
    source, detected, notices = resolve_source(joined, options.source)
    source, notices = refine_source(joined, source, detected, notices, translator.known_share)
    prepared = [_plain(text, source, detected, notices) for text in texts]
    translated = _translate(translator, prepared, options, tracker, second_opinion)
    return [
        TranslationResult(
            source=source,
            detected=detected,
            notices=item.notices,
            sentences=[
                SourceSentence(text=s.text, paragraph=s.block, start=s.start, end=s.end) for s in item.sentences
            ],
            targets=targets,
        )
        for item, (targets, _) in zip(prepared, translated, strict=True)
    ]


def translate_text(translator: Translator, text: str, source: object, targets: object) -> TranslationResult:
    """Segment ``text`` and translate every sentence into every target (raw values validated here)."""
    return translate_texts(translator, [text], Options.parse(source, targets, targets_required=True))[0]
