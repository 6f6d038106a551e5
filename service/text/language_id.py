"""Offline language identification for ``source=auto``.

lingua ships its n-gram models inside the wheel, so nothing is downloaded.
The detector is restricted to languages the engines handle (plus a few
common look-alikes) because a smaller set is both faster and more accurate.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from service import languages, messages
from service.messages import Message
from service.models.options import AUTO, DEFAULT_SOURCE

_LOCK = threading.Lock()
CANDIDATES = ("fr", "en", "es", "de", "it", "pt", "ca", "nl", "ro", "eo", "ar", "ru")
MIN_DETECTION_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=1)
def _sentence_detector():
    """Low-accuracy mode: several times faster on one sentence, and more decisive at that length."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in CANDIDATES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> tuple[str | None, float]:
    """Most likely ISO 639-1 code of ``text`` and its confidence (0..1)."""
    sample = text[:4000]
    with _LOCK:
        detector = _detector()
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), float(top.value)


def resolve_source(text: str, source: str) -> tuple[str, dict | None, list[Message]]:
    """The source language to use (``source`` is a parsed code or ``auto``), detection details, and warnings."""
    warnings: list[Message] = []
    if source != AUTO:
        warning = text_language_warning(text, source)
        return source, None, [warning] if warning else warnings
    code, confidence = detect_language(text)
    detected = {"language": code, "confidence": round(confidence, 3)}
    if code is None or confidence < MIN_DETECTION_CONFIDENCE:
        warnings.append(messages.LANGUAGE_UNSURE(code=DEFAULT_SOURCE))
        return DEFAULT_SOURCE, detected, warnings
    if code != DEFAULT_SOURCE:
        warnings.append(messages.DETECTED_OTHER(name=languages.language_name(code), code=code))
    return code, detected, warnings


# A sentence is "in another language" only when lingua is sure: short or mixed sentences stay with the text.
SENTENCE_MIN_LETTERS = 30
SENTENCE_CONFIDENCE = 0.9
TEXT_CONFIDENCE = 0.9


def sentence_languages(sentences: list[str], source: str, known_share=None) -> list[str | None]:
    """Per sentence: the language it is confidently in when that is not ``source``, else None.

    lingua is sometimes sure and wrong on one sentence (a French sentence with a place name read as
    Dutch); ``known_share(language, words)``, the engines' dictionaries, overrules it when the text's
    language knows the sentence's words and the other language does not know them better.
    """
    if source not in CANDIDATES:
        return [None] * len(sentences)
    with _LOCK:
        detector = _sentence_detector()
    out: list[str | None] = []
    for sentence in sentences:
        letters = sum(ch.isalpha() for ch in sentence)
        if letters < SENTENCE_MIN_LETTERS:
            out.append(None)
            continue
        values = detector.compute_language_confidence_values(sentence)
        top = values[0] if values else None
        code = top.language.iso_code_639_1.name.lower() if top else None
        if code and code != source and top.value >= SENTENCE_CONFIDENCE:
            out.append(None if known_share and _reads_as(sentence, source, code, known_share) else code)
        else:
            out.append(None)
    return out


def _reads_as(sentence: str, source: str, other: str, known_share) -> bool:
    """Whether ``source``'s dictionary knows the sentence's words, and ``other``'s (if any) does not know more."""
    words = {w for w in WORD.findall(sentence) if w[0].islower()}
    if len(words) < 4:
        return False
    mine = known_share(source, words)
    if mine is None or mine < LOW_COVERAGE:
        return False
    theirs = known_share(other, words)
    return theirs is None or mine > theirs


def text_language_warning(text: str, source: str) -> Message | None:
    """A warning when a text sent as ``source`` is confidently in another language (a cheap whole-text check)."""
    if source not in CANDIDATES:
        return None
    code, confidence = detect_language(text)
    if code and code != source and confidence >= TEXT_CONFIDENCE:
        name = languages.language_name
        return messages.SENT_AS_OTHER(name=name(code), code=code, source_name=name(source), source_code=source)
    return None


WORD = re.compile(r"[^\W\d_]{2,}")
LOW_COVERAGE = 0.75  # under this share of known words, the source language is doubtful
BETTER_BY = 0.15


def check_with_dictionaries(text: str, code: str, detected: bool, known_share) -> tuple[str, list[Message]]:
    """Confirm or correct a source language with the engines' own dictionaries.

    lingua has no model for some languages the engines do have (Occitan
    reads as Catalan to it); the share of the text's words each dictionary
    knows is better evidence. ``known_share(language, words)`` answers with
    a share or None. A detected language is switched when another
    dictionary knows clearly more words; otherwise low coverage is a warning.
    """
    words = {w for w in WORD.findall(text[:20000]) if w[0].islower()}
    if len(words) < 8:
        return code, []
    current = known_share(code, words)
    if current is None or current >= LOW_COVERAGE:
        return code, []
    shares = {c: known_share(c, words) for c in (*CANDIDATES, "oc", "gl", "eu") if c != code}
    best, share = max(((c, s) for c, s in shares.items() if s is not None), key=lambda p: p[1], default=(None, 0.0))
    name = languages.language_name
    if detected and best and share >= LOW_COVERAGE and share - current >= BETTER_BY:
        switch = messages.DICTIONARY_SWITCH(
            current=f"{current:.0%}", name=name(code), code=code, share=f"{share:.0%}", best_name=name(best),
            best=best, best_code=best,
        )  # fmt: skip
        return best, [switch]
    hint = f" (they look more like {name(best)}: {share:.0%})" if best and share > current else ""
    return code, [messages.DICTIONARY_DOUBT(current=f"{current:.0%}", name=name(code), code=code, hint=hint)]


def refine_source(
    text: str, code: str, detected: dict | None, warnings: list[Message], known_share
) -> tuple[str, list[Message]]:
    """``check_with_dictionaries`` applied to a resolved source; a corrected detection replaces lingua's warning."""
    refined, doubts = check_with_dictionaries(text, code, detected is not None, known_share)
    if refined != code:
        warnings = [w for w in warnings if w.key != messages.DETECTED_OTHER.key]
        if detected is not None:
            detected = {**detected, "language": refined}
    return refined, warnings + doubts
