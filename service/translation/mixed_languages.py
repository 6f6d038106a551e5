"""Sentences in another language than their text: an English quote inside a French article.

Such a sentence is never pushed through the French engine. It is translated
from its own language where a route exists, shown as it is in a target that
is its own language, and otherwise kept verbatim; in every case it carries
the ``other_language`` flag, and a sentence translated by another route says
which.
"""

from __future__ import annotations

from dataclasses import replace

from service.progress import NO_LIMIT, Deadline
from service.translation.glossary import Glossary
from service.translation.quality import FLAGS, OTHER_LANGUAGE, SentenceResult
from service.translation.translator import CacheUsage, TargetResult, Translator


def _flagged(result: SentenceResult, route: str | None = None) -> SentenceResult:
    flags = {*result.flags, OTHER_LANGUAGE}
    return replace(result, flags=tuple(f for f in FLAGS if f in flags), route=route or result.route)


def translate_mixed(
    translator: Translator,
    sentences: list[str],
    source: str,
    targets: tuple[str, ...] | list[str],
    languages: list[str | None],
    deadline: Deadline = NO_LIMIT,
    usage: CacheUsage | None = None,
    glossary: Glossary | None = None,
) -> dict[str, TargetResult]:
    """``Translator.translate_sentences`` where ``languages[i]`` names a sentence's own language (None: ``source``)."""
    main = [i for i, language in enumerate(languages) if language is None]
    if len(main) == len(sentences):
        return translator.translate_sentences(sentences, source, targets, deadline, usage, glossary)
    merged = translator.translate_sentences([sentences[i] for i in main], source, targets, deadline, usage, glossary)
    out: dict[str, TargetResult] = {}
    for code, target in merged.items():
        rows: list[SentenceResult | None] = [None] * len(sentences)
        for j, i in enumerate(main):
            rows[i] = target.translations[j] if target.ok else None
        out[code] = replace(target, translations=rows)  # type: ignore[arg-type]
    for language in dict.fromkeys(language for language in languages if language):
        positions = [i for i, found in enumerate(languages) if found == language]
        wanted = [t for t in targets if t != language]
        own = (
            translator.translate_sentences(
                [sentences[i] for i in positions], language, wanted, deadline, usage, glossary
            )
            if wanted
            else {}
        )
        for code, target in out.items():
            if not target.ok:
                continue
            other = own.get(code)
            for j, i in enumerate(positions):
                if code == language:
                    target.translations[i] = _flagged(SentenceResult(sentences[i]))  # already in this language
                elif other is not None and other.ok:
                    target.translations[i] = _flagged(other.translations[j], other.route.describe())
                else:
                    target.translations[i] = _flagged(SentenceResult(sentences[i]))  # no route: kept as written
    return out


def describe(languages: list[str | None]) -> list[str]:
    """Warnings naming the other languages found, for the result."""
    from service import languages as names

    counts: dict[str, int] = {}
    for language in languages:
        if language:
            counts[language] = counts.get(language, 0) + 1
    return [
        f"{count} sentence{'s' if count > 1 else ''} in {names.language_name(code)} ({code}): translated from "
        f"{names.language_name(code)} where a route exists, otherwise kept as written (flag other_language)"
        for code, count in counts.items()
    ]
