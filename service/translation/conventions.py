"""Numbers, dates and centuries written the target language's way, where the conversion is certain.

A French "3,5 %" read as "3,5 %" by an English reader is a doubt at best; "1 250 000" with spaces is
"1,250,000" in English and "1.250.000" in Spanish; "1er janvier" is "1 January", "1 de enero"; the
"XXIe siècle" is the "21st century", el "siglo XXI". These are conversions of form whose value is
checked on both sides, done with Babel's data for each target. Ordinals become English ones ("21e" is
"21st"); in the Romance languages their ending follows the noun's gender, so there the source's form
stays and the sentence says so (``number_format``), as it does wherever a conversion is not certain.

Two moments: before the engine, the date and century spans get their target form through the
placeholder machinery (the engine never sees them); after it, numbers the engine copied in French form
are rewritten in the target's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre")  # fmt: skip
_FIRST_OF_MONTH = re.compile(rf"(?<![\w-])1(?:er|ᵉʳ)\s+({'|'.join(MONTHS)})(?:\s+(\d{{4}}))?(?![\w-])", re.IGNORECASE)
_CENTURY = re.compile(r"(?<![\w-])([IVXLC]{1,7}|\d{1,2})(?:e|ème|eme|è|ᵉ)\s+siècle(?![\w-])")
# A number in French form: thousands grouped by a space, and/or a decimal comma.
_FRENCH_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+,\d+)(?![\w]|,\d)")
# A French ordinal left as it was in another language's text: "21e", "3ème", "1er".
FRENCH_ORDINAL = re.compile(r"(?<![\w-])\d{1,4}(?:e|ème|eme|er|ère|ᵉ|ᵉʳ)(?![\w-])")
# A French ordinal number alone: "21e", "1er", "1re", "3ème" (not "XXIe": Roman numerals are centuries' and kings').
_ORDINAL = re.compile(r"(?<![\w-])(\d{1,4})(?:e|ème|eme|è|er|re|ère|ᵉ|ᵉʳ|ʳᵉ)(?![\w-])")
# Where a century goes after its numeral ("21st century") or before ("siglo XXI").
_CENTURY_WORD = {"es": ("siglo", True), "ca": ("segle", True), "gl": ("século", True), "pt": ("século", True),
                 "it": ("secolo", True), "oc": ("sègle", True), "en": ("century", False)}  # fmt: skip
# Targets whose CLDR dates read as their press writes them ("1 de enero", "1 January").
_DATE_TARGETS = frozenset({"en", "es", "ca", "pt", "it", "gl", "oc", "de", "nl", "ro"})
# Locales whose date and number conventions a target code stands for (British dates for English press).
_LOCALES = {"en": "en_GB"}


@dataclass(frozen=True)
class Fixed:
    """A span of the source and its certain form in the target."""

    start: int
    end: int
    text: str
    output: str


@lru_cache(maxsize=64)
def _locale(target: str) -> Locale | None:
    try:
        return Locale.parse(_LOCALES.get(target, target))
    except (UnknownLocaleError, ValueError):
        return None


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                           (1, "I")):  # fmt: skip
        while number >= value:
            out += letters
            number -= value
    return out


def _arabic(roman: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, letter in enumerate(roman):
        value = values[letter]
        total += -value if i + 1 < len(roman) and values[roman[i + 1]] > value else value
    return total if _roman(total) == roman else None


def _english_ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def fixed_spans(sentence: str, target: str) -> list[Fixed]:
    """Dates and centuries of ``sentence`` whose form in ``target`` is certain."""
    if target == "fr":
        return []
    out: list[Fixed] = []
    locale = _locale(target)
    for match in _FIRST_OF_MONTH.finditer(sentence) if locale and target in _DATE_TARGETS else ():
        month = MONTHS.index(match.group(1).lower()) + 1
        year = int(match.group(2)) if match.group(2) else None
        moment = date(year or 2000, month, 1)
        written = (
            format_date(moment, "long", locale=locale) if year else format_skeleton("MMMMd", moment, locale=locale)
        )
        if locale.months["format"]["wide"][month] not in written:
            continue  # the locale's data has no full month name here: not certain
        out.append(Fixed(match.start(), match.end(), match.group(), written))
    word = _CENTURY_WORD.get(target)
    for match in _CENTURY.finditer(sentence) if word else ():
        raw = match.group(1)
        number = int(raw) if raw.isdigit() else _arabic(raw)
        if not number or number > 30:
            continue
        name, before = word
        if target == "en":
            output = f"{_english_ordinal(number)} {name}"
        else:
            output = f"{name} {_roman(number)}" if before else f"{_roman(number)} {name}"
        out.append(Fixed(match.start(), match.end(), match.group(), output))
    if target == "en":
        # English ordinals have no gender: "21e", "1re", "2ème" are "21st", "1st", "2nd" whatever follows. The
        # Romance targets write the gender of the noun ("4.º minuto", "4a jornada"): left as they are, flagged.
        taken = [range(f.start, f.end) for f in out]
        for match in _ORDINAL.finditer(sentence):
            if any(match.start() in span for span in taken):
                continue
            output = _english_ordinal(int(match.group(1)))
            out.append(Fixed(match.start(), match.end(), match.group(), output))
    return sorted(out, key=lambda f: f.start)


def _value(text: str) -> float:
    return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def localize_numbers(source: str, text: str, target: str) -> str:
    """Numbers the engine copied in French form (``1 250 000``, ``3,5``) written as ``target`` writes them.

    Only numbers the source itself wrote with a separator, so a year or a count is never regrouped; the
    value is the same on both sides by construction (the digits are the source's).
    """
    locale = _locale(target)
    if target == "fr" or locale is None:
        return text
    wanted = {_value(m.group()) for m in _FRENCH_NUMBER.finditer(source)}
    if not wanted:
        return text

    def rewrite(match: re.Match[str]) -> str:
        raw = match.group()
        value = _value(raw)
        if value not in wanted:
            return raw
        decimals = len(raw.split(",", 1)[1]) if "," in raw else 0
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=locale, group_separator=True)

    out = _FRENCH_NUMBER.sub(rewrite, text)
    if target == "en":
        out = re.sub(r"(\d)[ \u00a0\u202f]%", r"\1%", out)  # "3.5 %" is "3.5%" in English
    return out
