"""Language codes and their human names.

Engines name languages differently (Apertium mixes ``fra`` and ``fr``, Argos
uses ISO 639-1), so every code that enters the service is normalised here to
one ISO 639-1 code; everything downstream compares plain strings.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

# ISO 639-3/639-2 codes seen in Apertium mode names, mapped to ISO 639-1.
_THREE_TO_TWO = {
    "ara": "ar",
    "arg": "an",
    "ast": "ast",
    "bel": "be",
    "bre": "br",
    "bul": "bg",
    "cat": "ca",
    "ces": "cs",
    "cym": "cy",
    "dan": "da",
    "deu": "de",
    "ell": "el",
    "eng": "en",
    "epo": "eo",
    "eus": "eu",
    "fas": "fa",
    "fin": "fi",
    "fra": "fr",
    "gle": "ga",
    "glg": "gl",
    "heb": "he",
    "hin": "hi",
    "hun": "hu",
    "isl": "is",
    "ita": "it",
    "kaz": "kk",
    "lat": "la",
    "lit": "lt",
    "lav": "lv",
    "mkd": "mk",
    "mlt": "mt",
    "nld": "nl",
    "nno": "nn",
    "nob": "nb",
    "oci": "oc",
    "pol": "pl",
    "por": "pt",
    "ron": "ro",
    "rus": "ru",
    "slk": "sk",
    "slv": "sl",
    "spa": "es",
    "sqi": "sq",
    "srp": "sr",
    "swe": "sv",
    "tat": "tt",
    "tur": "tr",
    "ukr": "uk",
    "urd": "ur",
    "zho": "zh",
}

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ckb"})


class UnknownLanguage(ValueError):
    """A code that names no language the service knows of."""


def normalize_code(code: str) -> str:
    """Return the ISO 639-1 form of ``code`` ("fra" -> "fr", "pt_BR" -> "pt").

    Regional variants are folded into the language because the service picks
    engines per language; an engine's variant stays visible in its route.
    """
    cleaned = (code or "").strip().lower().replace("-", "_")
    if not cleaned:
        raise UnknownLanguage("empty language code")
    base = cleaned.split("_", 1)[0]
    base = _THREE_TO_TWO.get(base, base)
    if not base.isalpha() or not 2 <= len(base) <= 3:
        raise UnknownLanguage(f"{code!r} is not a language code")
    return base


def is_known(code: str) -> bool:
    """True when Babel has locale data for ``code`` (so it has a name)."""
    try:
        Locale.parse(normalize_code(code))
    except (UnknownLanguage, UnknownLocaleError, ValueError):
        return False
    return True


@lru_cache(maxsize=1024)
def language_name(code: str, in_language: str = "en") -> str:
    """Name of ``code`` written in ``in_language`` ("es", "fr" -> "espagnol").

    Falls back to the code itself, so a language Babel lacks still shows up.
    """
    try:
        name = Locale.parse(in_language).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def title_name(code: str, in_language: str = "en") -> str:
    """A language name as a heading or list item: capitalised ("espagnol" -> "Espagnol")."""
    name = language_name(code, in_language)
    return name[:1].upper() + name[1:]


def native_name(code: str) -> str:
    """Name of ``code`` in its own language ("es" -> "español")."""
    return language_name(code, code)


def direction(code: str) -> str:
    """Text direction of ``code``: "rtl" or "ltr"."""
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_iso_date(value: str | None, language: str) -> str | None:
    """An ISO 8601 date or date-time as a reader of ``language`` writes it.

    "2023-09-14" -> "September 14, 2023" (en), "14 de septiembre de 2023" (es);
    a time, when present, is added in the same locale.
    """
    if not value:
        return None
    from datetime import date, datetime

    from babel.dates import format_date, format_time

    locale = _locale(language)
    if "T" not in value:
        return format_date(date.fromisoformat(value), format="long", locale=locale)
    moment = datetime.fromisoformat(value)
    day = format_date(moment.date(), format="long", locale=locale)
    clock = format_time(moment.time(), format="short", locale=locale)
    pattern = str(locale.datetime_formats.get("medium", "{1} {0}"))
    return pattern.replace("'", "").format(clock, day)


def format_count(value: float, language: str) -> str:
    """A number with the locale's separators (12 345 in French, 12,345 in English)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(language))


def describe(code: str, interface: str = "en") -> dict:
    """Everything the interface shows about a language."""
    return {
        "code": code,
        "name": language_name(code, interface),
        "native_name": native_name(code),
        "direction": direction(code),
    }
