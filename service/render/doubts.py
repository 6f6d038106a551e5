"""Why a translated sentence should be checked, in words a reader understands.

The translation layer names its doubts (``SentenceResult.flags`` with their evidence: the words left
untranslated, the words chosen among several translations, the invented forms, the other route's
text); this module turns them into messages (ids and parameters, ``service.messages``) that every
rendering shows in its own way: the page on hover and focus, Markdown and HTML exports beside the
sentence, TMX as properties, XLIFF as notes with ``needs-review-translation``, the batch's text files
and the page's copy buttons as a marker. One list, so that no format forgets a doubt another shows.
"""

from __future__ import annotations

from service import languages, messages
from service.messages import Message
from service.models.translation import (
    AMBIGUOUS_WORD,
    INVENTED_WORDS,
    NAMES_CHANGED,
    NUMBER_FORMAT,
    NUMBERS_CHANGED,
    OTHER_LANGUAGE,
    PIVOT_LEFTOVER,
    POLARITY,
    QUOTES_MOVED,
    ROUTES_DISAGREE,
    SHIELD_FALLBACK,
    UNKNOWN_WORDS,
    SentenceResult,
)
from service.translation.quality import doubtful

# What a reader pastes elsewhere carries this before a doubtful sentence (copy buttons, text files).
MARKER = "⚠"
_WORDS_SHOWN = 6  # a long list of words says no more than its first ones


def _words(words) -> str:
    unique = list(dict.fromkeys(words))
    shown = ", ".join(unique[:_WORDS_SHOWN])
    return shown + (", …" if len(unique) > _WORDS_SHOWN else "")


def reasons(sentence: SentenceResult | None, target: str | None = None) -> list[Message]:
    """Every doubt of ``sentence`` with its evidence, most telling first (empty: nothing to say)."""
    if sentence is None:
        return []
    flags = set(sentence.flags)
    out: list[Message] = []
    if POLARITY in flags:
        out.append(messages.DOUBT_POLARITY())
    if NUMBERS_CHANGED in flags:
        out.append(messages.DOUBT_NUMBERS())
    if NAMES_CHANGED in flags:
        out.append(messages.DOUBT_NAMES(names=_words(sentence.lost_names)))
    for found in sentence.ambiguities if AMBIGUOUS_WORD in flags else ():
        out.append(
            messages.DOUBT_AMBIGUOUS(word=found.word, choice=found.choice, alternatives=" / ".join(found.alternatives))
        )
    source_words = [u.word for u in sentence.unknown_words if not u.pivot]
    if UNKNOWN_WORDS in flags and source_words:
        out.append(messages.DOUBT_UNKNOWN(words=_words(source_words)))
    pivot_words = [u.word for u in sentence.unknown_words if u.pivot]
    if PIVOT_LEFTOVER in flags and pivot_words:
        out.append(messages.DOUBT_PIVOT_LEFTOVER(words=_words(pivot_words)))
    if INVENTED_WORDS in flags and sentence.invented_words:
        language = target or ""
        out.append(
            messages.DOUBT_INVENTED(
                words=_words(sentence.invented_words), language=language, name=languages.language_name(language)
            )
        )
    if QUOTES_MOVED in flags:
        out.append(messages.DOUBT_QUOTES())
    if NUMBER_FORMAT in flags:
        out.append(messages.DOUBT_NUMBER_FORMAT())
    if SHIELD_FALLBACK in flags:
        out.append(messages.DOUBT_SHIELD_FALLBACK())
    if OTHER_LANGUAGE in flags:
        out.append(messages.DOUBT_OTHER_LANGUAGE())
    if ROUTES_DISAGREE in flags and sentence.second_opinion:
        out.append(messages.DOUBT_ROUTES(other=sentence.second_opinion))
    if sentence.route:
        out.append(messages.DOUBT_ROUTE(route=sentence.route))
    return out


def summary(sentence: SentenceResult | None, target: str | None, interface: str = "en") -> str:
    """One line for a note or a tooltip: "Check this sentence. Confidence: 23 %. Not translated: ..."."""
    if sentence is None:
        return ""
    found = [messages.DOUBT_CHECK()] if doubtful(sentence) else []
    if sentence.confidence is not None and (found or sentence.flags):
        found.append(messages.DOUBT_CONFIDENCE(value=round(sentence.confidence * 100)))
    found += reasons(sentence, target)
    return " ".join(m.for_reader(interface) for m in found)


def marked(text: str, sentence: SentenceResult | None) -> str:
    """``text`` with the doubt marker in front when the sentence is doubtful (for text pasted elsewhere)."""
    return f"{MARKER} {text}" if sentence is not None and doubtful(sentence) else text


__all__ = ["MARKER", "doubtful", "marked", "reasons", "summary"]
