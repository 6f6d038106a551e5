"""Sentences in another language than their text: an English quote inside a French article.

Such a sentence is never pushed through the French engine. It is translated
from its own language where a route exists, shown as it is in a target that
is its own language, and otherwise kept verbatim; in every case it carries
the ``other_language`` flag, and a sentence translated by another route says
which.
"""

from __future__ import annotations

from service import languages as names
from service import messages
from service.messages import Message
from service.models.glossary import Glossary
from service.models.translation import FLAGS, OTHER_LANGUAGE, SentenceResult
from service.progress import NO_LIMIT, Tracker
from service.translation.translator import CacheUsage, Translations, Translator


def _flagged(result: SentenceResult, route: str | None = None) -> SentenceResult:
    flags = {*result.flags, OTHER_LANGUAGE}
    return result.model_copy(update={"flags": tuple(f for f in FLAGS if f in flags), "route": route or result.route})


def translate_mixed(
    translator: Translator,
    sentences: list[str],
    source: str,
    targets: tuple[str, ...] | list[str],
    languages: list[str | None],
    tracker: Tracker = NO_LIMIT,
    usage: CacheUsage | None = None,
    glossary: Glossary | None = None,
    second_opinion: bool = True,
) -> dict[str, Translations]:
    """``Translator.translate_sentences`` where ``languages[i]`` names a sentence's own language (None: ``source``)."""
    main = [i for i, language in enumerate(languages) if language is None]
    if len(main) == len(sentences):
        return translator.translate_sentences(sentences, source, targets, tracker, usage, glossary, second_opinion)
    merged = translator.translate_sentences(
        [sentences[i] for i in main], source, targets, tracker, usage, glossary, second_opinion
    )
    for target in merged.values():
        if target.ok:
            rows: list[SentenceResult | None] = [None] * len(sentences)
            for j, i in enumerate(main):
                rows[i] = target.translations[j]
            target.translations = rows
    for language in dict.fromkeys(language for language in languages if language):
        positions = [i for i, found in enumerate(languages) if found == language]
        wanted = [t for t in targets if t != language]
        own = (
            translator.translate_sentences(
                [sentences[i] for i in positions], language, wanted, tracker, usage, glossary, second_opinion
            )
            if wanted
            else {}
        )
        for code, target in merged.items():
            if not target.ok:
                continue
            other = own.get(code)
            for j, i in enumerate(positions):
                if code == language:
                    target.translations[i] = _flagged(SentenceResult(text=sentences[i]))  # already in this language
                elif other is not None and other.ok and other.route is not None:
                    target.translations[i] = _flagged(other.translations[j], other.route.describe())  # type: ignore[arg-type]
                else:
                    target.translations[i] = _flagged(SentenceResult(text=sentences[i]))  # no route: kept as written
    return merged


def describe(languages: list[str | None]) -> list[Message]:
    """Warnings naming the other languages found, for the result."""
    counts: dict[str, int] = {}
    for language in languages:
        if language:
            counts[language] = counts.get(language, 0) + 1
    return [
        messages.OTHER_LANGUAGE_SENTENCES(
            count=count, plural="s" if count > 1 else "", name=names.language_name(code), code=code
        )
        for code, count in counts.items()
    ]
