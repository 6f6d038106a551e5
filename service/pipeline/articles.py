"""The article pipeline that the web, the API, the CLI and the batch all call.

text -> labelled blocks and sentences (``article``) -> translations of the
blocks a reader needs (``translation``) -> summaries in every language
(``multilingual``) -> one ``ArticleResult``. Several articles go through
the engines together: one batch per hop and source language.
"""

from __future__ import annotations

from dataclasses import dataclass

from service import languages
from service.errors import InputError
from service.models.options import Options
from service.models.result import ArticleResult
from service.progress import NO_LIMIT, Deadline
from service.summaries.across_languages import candidates, summarise_all
from service.text.files import normalize_text
from service.text.language_id import refine_source, resolve_source, sentence_languages
from service.text.structure import TRANSLATED_KINDS, Article, parse_article
from service.translation.mixed_languages import describe, translate_mixed
from service.translation.quality import SentenceResult
from service.translation.translator import CacheUsage, TargetResult, Translator


@dataclass
class _Prepared:
    """An article parsed and ready to translate."""

    article: Article
    source: str
    detected: dict | None
    warnings: list[str]
    translatable: list[int]


def _prepare(text: str, options: Options, translator: Translator | None) -> _Prepared:
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text is empty", "text", code="empty_text")
    text = normalize_text(text)
    source_code, detected, warnings = resolve_source(text, options.source)
    if translator is not None:
        source_code, warnings = refine_source(text, source_code, detected, warnings, translator.known_share)
    article = parse_article(text, source_code, options.reference)
    translatable = [s.index for s in article.sentences if s.kind in TRANSLATED_KINDS]
    return _Prepared(article, source_code, detected, warnings + article.warnings, translatable)


def _translate_prepared(
    translator: Translator | None, prepared: list[_Prepared], options: Options, deadline: Deadline
) -> list[tuple[dict[str, TargetResult], frozenset[str]]]:
    """Translations for several articles, one engine batch per hop and source language.

    Rule-based engines pay a process start per call, so a batch of articles
    costs little more than one of them.
    """
    targets = options.targets
    out: list[tuple[dict[str, TargetResult], frozenset[str]]] = [({}, frozenset()) for _ in prepared]
    if not targets:
        return out
    if translator is None:
        raise InputError("no translation engine is configured", "targets", code="no_engine")
    for source in dict.fromkeys(p.source for p in prepared):
        members = [i for i, p in enumerate(prepared) if p.source == source]
        flat = [prepared[i].article.sentences[j].text for i in members for j in prepared[i].translatable]
        usage = CacheUsage(write=options.keep)
        found = sentence_languages(flat, source)
        merged = translate_mixed(translator, flat, source, targets, found, deadline, usage, options.glossary)
        start_of = 0
        for i in members:  # each article hears about its own foreign sentences
            count = len(prepared[i].translatable)
            prepared[i].warnings.extend(describe(found[start_of : start_of + count]))
            start_of += count
        keys = frozenset(usage.keys)  # exact for one article; a batch's articles share their chunk's set
        start = 0
        for i in members:
            item = prepared[i]
            end = start + len(item.translatable)
            out[i] = ({}, keys)
            for code, target in merged.items():
                result = TargetResult(code, target.route, [], target.error, target.error_code, target.glossary)
                if target.ok:
                    # Boilerplate (credits, widgets, footer) is shown as pasted.
                    result.translations = [SentenceResult(s.text) for s in item.article.sentences]
                    for j, translated in zip(item.translatable, target.translations[start:end], strict=True):
                        result.translations[j] = translated
                out[i][0][code] = result
            start = end
    return out


def _finish(
    item: _Prepared, translated: tuple[dict[str, TargetResult], frozenset[str]], options: Options, deadline: Deadline
) -> ArticleResult:
    """Summaries in the source and every target language, and localised dates."""
    targets, cache_keys = translated
    article, warnings = item.article, list(item.warnings)
    body_count = len(candidates(article))
    wanted = options.length
    if body_count and wanted.isdigit() and int(wanted) > body_count:
        warnings.append(f"asked for {wanted} sentences but the body has {body_count}: all are in the summary")
    summaries, agreement = summarise_all(article, item.source, targets, options, deadline)
    dates = {
        code: {
            "published": languages.format_iso_date(article.published, code),
            "updated": languages.format_iso_date(article.updated, code),
        }
        for code in [item.source, *targets]
    }
    return ArticleResult(
        article,
        item.source,
        targets,
        options.algorithm,
        wanted,
        options.summary,
        summaries,
        agreement,
        dates,
        item.detected,
        warnings,
        cache_keys=cache_keys,
    )


def process_articles(
    translator: Translator | None, texts: list[str], options: Options, deadline: Deadline = NO_LIMIT
) -> list[ArticleResult | InputError]:
    """Several articles at once (the batch path): one result, or the input error, per text.

    ``deadline`` bounds the whole call: past it, ``TimeLimitExceeded`` is raised between stages.
    """
    prepared: list[_Prepared | InputError] = []
    for text in texts:
        try:
            prepared.append(_prepare(text, options, translator))
        except InputError as err:
            prepared.append(err)
    deadline.check("reading the article's structure")
    good = [p for p in prepared if isinstance(p, _Prepared)]
    translations = iter(_translate_prepared(translator, good, options, deadline))
    return [p if isinstance(p, InputError) else _finish(p, next(translations), options, deadline) for p in prepared]


def process_article(
    translator: Translator | None, text: str, options: Options, deadline: Deadline = NO_LIMIT
) -> ArticleResult:
    """Structure, translations and summaries of one article: what web, API and CLI show."""
    result = process_articles(translator, [text], options, deadline)[0]
    if isinstance(result, InputError):
        raise result
    return result
