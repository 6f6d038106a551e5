"""Checks that catch what a reader would not: a wrong translation that looks right.

Each check compares a sentence with its translation and names a doubt:

- ``numbers_changed``: the numbers (as values, whatever their written form) are not the same;
- ``polarity``: a negation on one side only (the French expletive "ne" of "avant qu'il ne parte" is no
  negation, and neither is "ne ... que");
- ``passed_through``: source words copied into the output as they were, that read as French ("plus");
- ``invented_words``: output words the target language's own dictionary does not know and the source
  does not contain ("haafirmado");
- ``names_changed``: a name the source protected is missing from the output;
- ``quotes_moved``: quotation marks that do not enclose the same number of quotations, or moved far
  from the share of the sentence they held;
- ``number_format``: a French ordinal ("21e") left in another language, where the conversion was not
  certain enough to make.

They are pure functions of the texts and of what a dictionary says of words, so that every engine and
every route is checked the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from service.translation import lexicon
from service.translation.conventions import FRENCH_ORDINAL

NUMBERS_CHANGED, POLARITY, INVENTED_WORDS, NAMES_CHANGED, QUOTES_MOVED, NUMBER_FORMAT = (
    "numbers_changed",
    "polarity",
    "invented_words",
    "names_changed",
    "quotes_moved",
    "number_format",
)

_SPACE = "[ \u00a0\u202f]"
# Numbers as each language writes them: French and Spanish/Catalan group with space or dot and use a
# decimal comma; English groups with a comma and uses a decimal point.
_NUMBER_COMMA_DECIMAL = re.compile(rf"\d{{1,3}}(?:(?:{_SPACE}|\.)\d{{3}})+(?:,\d+)?|\d+,\d+|\d+")
_NUMBER_POINT_DECIMAL = re.compile(rf"\d{{1,3}}(?:(?:,|{_SPACE})\d{{3}})+(?:\.\d+)?|\d+\.\d+|\d+")
_POINT_DECIMAL_LANGUAGES = frozenset({"en", "he", "ja", "zh", "ko", "th", "hi", "ar"})


def _values(text: str, language: str) -> Counter:
    pattern = _NUMBER_POINT_DECIMAL if language in _POINT_DECIMAL_LANGUAGES else _NUMBER_COMMA_DECIMAL
    values: Counter = Counter()
    for match in pattern.finditer(text):
        raw = re.sub(_SPACE, "", match.group())
        if language in _POINT_DECIMAL_LANGUAGES:
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(".", "") if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw) else raw
            raw = raw.replace(",", ".")
        try:
            values[float(raw)] += 1
        except ValueError:
            continue
    return values


def numbers_changed(source: str, output: str, target: str, converted: Sequence[tuple[str, str]] = ()) -> bool:
    """The source's numbers and the output's are not the same values (converted dates and centuries aside)."""
    for before, after in converted:
        source = source.replace(before, " ")
        output = output.replace(after, " ")
    return _values(source, "fr") != _values(output, target)


def french_ordinal_left(output: str, target: str) -> bool:
    return target != "fr" and FRENCH_ORDINAL.search(output) is not None


# -- polarity --------------------------------------------------------------------
_FR_NEGATORS = r"(?:pas|plus|jamais|rien|personne|aucun|aucune|nul|nulle|guère|nullement|point|ni)"
_NE = r"(?<![\w-])(?:ne|n['’])"
_FR_NEGATION = re.compile(rf"{_NE}\s*(?:\S+\s+){{0,4}}?{_FR_NEGATORS}(?![\w-])", re.IGNORECASE)
# "ne ... que" is "only": "ne sera rouverte qu'en septembre".
_FR_RESTRICTIVE = re.compile(rf"{_NE}\s*(?:\S+\s+){{0,5}}?qu(?:e(?![\w-])|['’])", re.IGNORECASE)
_FR_NE = re.compile(_NE, re.IGNORECASE)
_FR_OTHER_NEGATIONS = re.compile(r"(?<![\w-])(?:sans|non|aucun|aucune|jamais|personne ne|rien ne)(?![\w-])", re.I)
_NEGATIONS = {
    "en": re.compile(
        r"(?<![\w-])(?:not|no|never|nothing|nobody|none|neither|nor|without|cannot)(?![\w-])|n['’]t\b", re.I
    ),
    "es": re.compile(r"(?<![\w-])(?:no|nunca|jamás|nada|nadie|ningún|ninguna|ninguno|ni|sin|tampoco)(?![\w-])", re.I),
    "ca": re.compile(r"(?<![\w-])(?:no|mai|res|ningú|cap|gens|ni|sense|tampoc)(?![\w-])", re.I),
    "pt": re.compile(r"(?<![\w-])(?:não|nunca|jamais|nada|ninguém|nenhum|nenhuma|nem|sem)(?![\w-])", re.I),
    "it": re.compile(r"(?<![\w-])(?:non|mai|niente|nulla|nessuno|nessuna|né|senza)(?![\w-])", re.I),
    "gl": re.compile(r"(?<![\w-])(?:non|nunca|nada|ninguén|ningún|ningunha|nin|sen)(?![\w-])", re.I),
    "oc": re.compile(r"(?<![\w-])(?:pas|non|jamai|res|degun|cap|sens|ni)(?![\w-])", re.I),
    "eo": re.compile(r"(?<![\w-])(?:ne|neniam|nenio|neniu|sen)(?![\w-])", re.I),
}
# Catalan "cap" is also "towards"/"head", "res" also "anything": count them only after "no".
_WEAK = {"ca": {"cap", "res", "gens"}}
# How each language says "only" (the rendering of "ne ... que" a reader can trust).
_ONLY = {
    "en": re.compile(r"(?<![\w-])(?:only|just|solely|merely|until|but|except)(?![\w-])", re.I),
    "es": re.compile(r"(?<![\w-])(?:solo|sólo|solamente|únicamente|hasta|sino|salvo|excepto)(?![\w-])", re.I),
    "ca": re.compile(r"(?<![\w-])(?:només|sols|solament|únicament|fins|sinó|que)(?![\w-])", re.I),
    "pt": re.compile(r"(?<![\w-])(?:só|somente|apenas|unicamente|até|senão)(?![\w-])", re.I),
    "it": re.compile(r"(?<![\w-])(?:solo|soltanto|solamente|soli|fino|che)(?![\w-])", re.I),
    "gl": re.compile(r"(?<![\w-])(?:só|soamente|unicamente|ata|senón)(?![\w-])", re.I),
    "oc": re.compile(r"(?<![\w-])(?:sonque|solament|que)(?![\w-])", re.I),
    "eo": re.compile(r"(?<![\w-])(?:nur|ĝis)(?![\w-])", re.I),
}
# Languages whose grammar has an expletive "no" of their own where French has its "ne": Catalan "abans
# que no sigui massa tard", Italian "prima che non", Occitan. There a "no" after such a conjunction
# says what the French said.
_EXPLETIVE_NO = frozenset({"ca", "it", "oc"})


def _negated_fr(sentence: str) -> bool:
    """A real negation in French: "ne ... pas/plus/jamais...", "sans", "non", "aucun"; not the expletive "ne"."""
    return bool(_FR_NEGATION.search(sentence) or _FR_OTHER_NEGATIONS.search(sentence))


def _negated(sentence: str, language: str) -> bool | None:
    pattern = _NEGATIONS.get(language)
    if pattern is None:
        return None
    weak = _WEAK.get(language, set())
    found = [m.group().lower() for m in pattern.finditer(sentence)]
    return any(word not in weak for word in found)


def polarity_flipped(source: str, output: str, target: str) -> bool:
    """A negation on one side only, or "ne ... que" ("only") turned into a plain negation.

    French's expletive "ne" ("avant qu'il ne soit trop tard", "de crainte qu'il ne parte") carries no
    negation: an engine that makes it one says the opposite of the source, except in the languages
    that have the same expletive (Catalan "abans que no"). The restrictive "ne ... que" means "only":
    a translation with a negation and no word for "only" ("will not be reopened that in September")
    says the line stays closed.
    """
    negated = _negated(output, target)
    if negated is None:
        return False
    really = _negated_fr(source)
    if _FR_RESTRICTIVE.search(source) and not really:
        only = _ONLY.get(target)
        return negated and only is not None and not only.search(output)
    if negated and not really and target in _EXPLETIVE_NO and _FR_NE.search(source):
        return False
    return really != negated


# -- invented words ----------------------------------------------------------------
# A word, with its inner apostrophes and hyphens, and Catalan's "l·l" ("instal·lat").
WORD = re.compile(r"[^\W\d_]+(?:['’·-][^\W\d_]+)*", re.UNICODE)


def invented_words(
    source: str, output: str, known: Callable[[set[str]], set[str]], protected: Sequence[str] = ()
) -> list[str]:
    """Lower-case output words the target dictionary does not know and the source does not contain.

    Capitalised words are names (they may be new to any dictionary); a word found in the source passed
    through untranslated (reported as unknown source words, not as an invention).
    """
    candidates = invention_candidates(source, output, protected)
    if not candidates:
        return []
    return sorted(candidates - known(candidates))


def invention_candidates(source: str, output: str, protected: Sequence[str] = ()) -> set[str]:
    """The output words ``invented_words`` asks the dictionaries about (asked for a whole batch at once)."""
    in_source = {w.lower() for w in WORD.findall(source)}
    shielded = {w.lower() for name in protected for w in WORD.findall(name)}
    # Elided forms are two words ("s'ha", "l'alça"): each is looked up on its own.
    parts = {p for w in WORD.findall(output) for p in re.split(r"['’]", w) if p}
    return {
        w for w in parts if w[:1].islower() and w.lower() not in in_source and w.lower() not in shielded and len(w) > 2
    }


def passed_through(
    source: str, output: str, source_language: str, target: str, protected: Sequence[str] = ()
) -> list[str]:
    """Source words the engine copied into the output as they were, and that read as the source's language.

    Dictionaries translate some words as themselves ("plus" as a Spanish noun, "premier"): the reader
    then meets French inside Spanish. A copied word counts when the source language writes it far more
    often than the target (``lexicon.reads_as``), in lower case in the output or opening it, and outside
    the protected names.
    """
    if target == source_language:
        return []
    shielded = {w.lower() for name in protected for w in WORD.findall(name)}
    source_words = {w.lower() for w in WORD.findall(source) if len(w) > 2}
    found: list[str] = []
    for index, match in enumerate(WORD.finditer(output)):
        word = match.group()
        lower = word.lower()
        if lower not in source_words or lower in shielded or lower in found:
            continue
        if re.split(r"['’]", lower)[-1] in shielded:
            continue  # a protected name after an elided article: "l'Olympique", "de l'Insee"
        if word[:1].isupper() and index > 0:
            continue  # a capitalised word inside a sentence is a name's
        if lexicon.reads_as(lower, source_language, target):
            found.append(lower)
    return found


# -- names and quotation marks -------------------------------------------------------
def names_lost(output: str, names: Sequence[str]) -> list[str]:
    return [name for name in names if name not in output]


_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"")


def quotes_moved(source: str, output: str) -> bool:
    """The quotations are not the same: another number of them, or one that holds a very different share."""
    before = [m.group() for m in _QUOTED.finditer(source)]
    after = [m.group() for m in _QUOTED.finditer(output)]
    if len(before) != len(after):
        return True
    for a, b in zip(before, after, strict=True):
        words_a, words_b = len(WORD.findall(a)), len(WORD.findall(b))
        if words_a >= 3 and (words_b < words_a / 2.5 or words_b > words_a * 2.5):
            return True  # "l'« armée héroïque russe »" -> "the heroic Russian «army»"
        if words_a < 3 and abs(words_a - words_b) > 2:
            return True
    return False
