"""Names that must come out of translation exactly as they went in.

A rule-based engine looks every word up: "Paris Saint-Germain" becomes "the
Stakes Saint-Germain", "OGC Nice" "OGC Niza", "Kim Jong Un" "Kim Jong One",
"Top 14" "It ties 14", "Rose Boulanger" "Pink Baker". The rule here: a
capitalised word or run of words that the source language's dictionary
knows *as one proper name* ("Corée du Nord", "Union européenne") is left to
the engine, which translates it; any other name — people, clubs, unions,
companies, brands, products and models with numbers, leagues, acronyms — is
found here and carried through every engine and every hop verbatim, by the
placeholder machinery (``service.translation.placeholders``).

The evidence is general, not a list of names: the dictionary's analysis of
each word (a proper name, a common word and its part of speech, or unknown),
capitals in the middle of a sentence, runs of capitalised words joined by a
space, a hyphen or a particle ("Olympique de Marseille", "Henri de La Tour"),
a capitalised determiner inside a sentence ("selon Le Monde"), a name
followed by a number ("Mirage 2000"), the agreement of a determiner with the
word after it ("Ma Long"), and what the pair's bilingual dictionary makes of a
name that is also a common word ("Carrefour" stays "Carrefour": "le
Carrefour" is no crossroads). Two small word lists stand for what
the dictionary cannot say: the heads of institution names, which have
established translations ("Conseil de sécurité", "Banque de France"), and
the endings of demonyms ("les Français"), which are ordinary words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

# Heads of institution and office names: capitalised common nouns that newspapers translate.
INSTITUTION_HEADS = frozenset(
    """
    académie administration agence armée assemblée autorité banque bibliothèque bourse bureau cabinet caisse
    chambre chancellerie commissariat commission comité conférence confédération congrès conseil constitution
    consulat cour défense département direction douane école église élysée ambassade empire état états fédération
    fondation gendarmerie gouvernement haut-commissariat hôpital hôtel institut justice ligue mairie maison marine
    ministère ministre musée nation nations office ordre organisation palais parlement parquet police préfecture
    premier première présidence président présidente procureur province région république royaume sécurité sénat
    secrétariat service syndicat trésor tribunal union université ville nord sud est ouest centre orient occident
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# Demonyms are capitalised nouns that are ordinary words ("les Français", "une Sénégalaise").
_DEMONYM = re.compile(
    r"(?:ais|aise|aises|ois|oise|oises|ien|ienne|iens|iennes|ain|aine|ains|aines|an|ane|ans|anes|in|ine|ins|ines|"
    r"ol|ole|ols|oles|and|ande|ands|andes|on|onne|ons|onnes|ote|otes|ite|ites|èque|èques|ique|iques|é|ée|és|ées)$"
)
# Endings a people shares with other words: "Américains" and "Républicains", "Cypriotes" and "Patriotes". A
# people among them is one a dictionary lists as a noun of its own ("Américain<n>").
_SHARED_ENDING = re.compile(r"(?:ain|aine|ains|aines|ote|otes|ite|ites)$")
# No people's name ends in -é: "Les Engagés" is a party.
_NO_PEOPLE = ("é", "ée", "és", "ées")
# Words that join the parts of one name: "Olympique de Marseille", "Henri de La Tour", "Hassan ben Ali".
CONNECTORS = frozenset(
    {
        "de",
        "du",
        "des",
        "d'",
        "d’",
        "la",
        "le",
        "les",
        "van",
        "von",
        "der",
        "den",
        "ben",
        "bin",
        "ibn",
        "al",
        "el",
        "da",
    }
    | {"di", "do", "dos", "del", "y"}
)
_POSSESSIVES = frozenset({"son", "sa", "ses", "mon", "ma", "mes", "ton", "ta", "tes", "leur", "notre", "votre"})
# Words that may open a sentence bare (no article) and be followed by a verb: time, not names.
_BARE_OPENERS = frozenset(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre
    octobre novembre décembre aujourd'hui hier demain reste rien personne tout chacun noël pâques pentecôte
    toussaint ascension assomption ramadan carême aïd hanoucca
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_FINITE = ("<pri>", "<pii>", "<ifi>", "<fti>", "<cni>", "<prs>", "<pis>")
DETERMINERS = frozenset(
    {"le", "la", "les", "l'", "l’", "un", "une", "des", "du", "son", "sa", "ses", "ce", "cet", "cette"}
)
# After these the next word starts a sentence of its own (its capital is no evidence).
_OPENERS = '.!?…:;«“"(—–-'
# Titles whose full stop does not end a sentence: "M. Boulanger", "Mme Rose".
_TITLES = re.compile(r"(?:^|\s)(?:M|MM|Mme|Mmes|Mlle|Mlles|Me|Mgr|Dr|Pr|St|Ste|Sr)\.?\s*$")
_DOTTED_ACRONYM = re.compile(r"(?<![\w.])(?:[A-ZÀ-Ý]\.){2,}(?:[A-ZÀ-Ý](?![\w]))?")
# Parts of speech that open a sentence without being part of a name: "Selon Le Monde", "Pour Air France".
_GRAMMATICAL = ("pr", "det", "cnjcoo", "cnjsub", "cnjadv", "adv", "prn", "rel", "vbhaver", "vbser", "vbmod", "preadv")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d[\d.,]*")
_ROMAN_ORDINAL = re.compile(r"^[IVXLC]+(?:e|er|ère|ème|es)$")


@dataclass(frozen=True)
class Token:
    """A word (or a multiword unit the dictionary knows) of a sentence, with what the dictionary says of it."""

    text: str
    start: int
    end: int
    readings: tuple[str, ...] | None = None  # lt-proc's "lemma<tag><tag>"; None: no dictionary was asked

    @property
    def analysed(self) -> bool:
        return self.readings is not None

    @property
    def unknown(self) -> bool:
        return self.readings is not None and (not self.readings or self.readings[0].startswith("*"))

    @property
    def proper(self) -> bool:
        """Known to the dictionary as a proper name (<np>)."""
        return bool(self.readings) and any("<np>" in r for r in self.readings)

    def has(self, tag: str) -> bool:
        return bool(self.readings) and any(f"<{tag}>" in r for r in self.readings)

    @property
    def lemmas(self) -> set[str]:
        return {r.split("<", 1)[0].lower() for r in self.readings or () if not r.startswith("*")}

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def mixed_case(self) -> bool:
        """ "iPhone", "eBay", "McKinsey": a capital inside the word."""
        return any(c.isupper() for c in self.text[1:]) and not self.acronym

    @property
    def number(self) -> bool:
        return bool(_NUMBER.fullmatch(self.text))


_ORTHOGRAPHIC = re.compile(
    r"(?i:\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])['’])"  # an elided word is a word of its own
    r"|[^\W_]+(?:[-.][^\W_]+)*|\d[\d.,]*\d|\d"
)


def orthographic_tokens(sentence: str) -> list[Token]:
    """Words and numbers with their offsets, when no dictionary is there to analyse them."""
    return [Token(m.group(), m.start(), m.end()) for m in _ORTHOGRAPHIC.finditer(sentence)]


def _ends_with_title(sentence: str, end: int) -> bool:
    """Whether ``sentence[:end]`` ends with a title and spaces ("... M. "), reading only its last few characters.

    ``_TITLES`` searched over the whole prefix costs its length, once per word: quadratic on a long
    sentence. A title is at most six characters before the spaces, so eight are enough.
    """
    last = _last_non_space(sentence, end)
    low = max(0, last - 8)
    window = ("\x00" if low else "") + sentence[low:end]  # \x00: neither a space nor a start of text
    return _TITLES.search(window) is not None


def _last_non_space(sentence: str, end: int) -> int:
    """The end of ``sentence[:end]`` without its trailing spaces (its own spaces only: linear over the words)."""
    end = min(end, len(sentence))
    while end > 0 and sentence[end - 1].isspace():
        end -= 1
    return end


def _sentence_start(sentence: str, start: int) -> bool:
    last = _last_non_space(sentence, start)
    if _ends_with_title(sentence, start):
        return False  # "M. Boulanger": the full stop belongs to the title
    return last == 0 or sentence[last - 1] in _OPENERS


def _joined(sentence: str, left: Token, right: Token) -> bool:
    """Whether two tokens are parts of one name: only a space, a hyphen or a no-break space between them."""
    return sentence[left.end : right.start] in (" ", "-", "\u00a0", "")


def _namelike(token: Token) -> bool:
    return token.capitalised or token.acronym or token.mixed_case


def _institution(token: Token) -> bool:
    """An institution or office word, or a multiword unit headed by one ("Premier ministre")."""
    heads = {lemma.split()[0] for lemma in token.lemmas if lemma} | {token.text.lower().split()[0]}
    return bool(heads & INSTITUTION_HEADS)


def _demonym(token: Token) -> bool:
    """ "Français", "Sénégalaises": a capitalised noun that is also an adjective of a people.

    A people a dictionary lists as a noun of its own, with a capital ("Belge<n>", "Européen<n>"), is
    one whatever its ending; where the ending is shared with other words ("Républicains"), only such a
    people is one.
    """
    word = token.text.lower()
    if not token.has("adj") or word.endswith(_NO_PEOPLE):
        return False
    if _people_noun(token):
        return True
    return bool(_DEMONYM.search(word)) and not _SHARED_ENDING.search(word)


def _people_noun(token: Token) -> bool:
    return any(_people_reading(r) for r in token.readings or ())


def _people_reading(reading: str) -> bool:
    return reading[:1].isupper() and "<n>" in reading and "<np>" not in reading


def _place_reading(reading: str) -> bool:
    return reading[:1].isupper() and ("<np><loc>" in reading or "<np><top>" in reading)


def people_candidates(tokens: Sequence[Token]) -> set[str]:
    """Capitalised adjectives and unknown words, which may name a people: what every dictionary of the language
    says of them helps."""
    return {
        t.text
        for t in tokens
        if t.capitalised and not t.acronym and (t.has("adj") or t.unknown or _SHARED_ENDING.search(t.text.lower()))
    }


def with_peoples(tokens: Sequence[Token], readings: dict[str, list[str]]) -> list[Token]:
    """``tokens`` with the peoples ("Américain<n>") and places ("Atlantique<np><loc>") other dictionaries list.

    A word this dictionary does not know and another lists as a people ("Ukrainiens") is read as that one
    reads it: a word, which the engine passes through as unknown (and says so), not a name kept silently.
    """
    out = []
    for token in tokens:
        if token.unknown:
            known = tuple(r for r in readings.get(token.text, ()) if not r.startswith("*"))
            people = any(_people_reading(r) for r in known) and any("<adj>" in r for r in known)
            out.append(replace(token, readings=known) if people and token.capitalised else token)
            continue  # a place or a name unknown here stays unknown: the engine passes it through as it is
        extra = tuple(
            r
            for r in readings.get(token.text, ())
            if r[:1].isupper() and r not in (token.readings or ()) and (_people_reading(r) or _place_reading(r))
        )
        out.append(replace(token, readings=token.readings + extra) if extra and token.readings is not None else token)
    return out


def name_word_readings(sentence: str, tokens: Sequence[Token]) -> set[str]:
    """The name readings ("Carrefour<np><al>") of capitalised words inside ``sentence`` that are common words too.

    What the pair's bilingual dictionary makes of them decides whether they are kept (``kept_readings``).
    """
    return {
        r
        for t in tokens
        if _name_and_word(t) and not _sentence_start(sentence, t.start)
        for r in t.readings or ()
        if "<np>" in r
    }


def kept_readings(translations: dict[str, list[str]]) -> set[str]:
    """The readings a bilingual dictionary lists and gives back unchanged ("Carrefour<np><al>" -> "Carrefour").

    A reading it does not list ("@Renaissance") is no evidence: it may come from another dictionary.
    """
    return {
        reading
        for reading, found in translations.items()
        if found and all(t.split("<", 1)[0] == reading.split("<", 1)[0] for t in found)
    }


def _name_and_word(token: Token) -> bool:
    """A capitalised word the dictionary reads both as a proper name and as a noun or an adjective ("Carrefour")."""
    readings = token.readings or ()
    return (
        token.capitalised
        and not token.acronym
        and " " not in token.text
        and any("<np>" in r for r in readings)
        and any(r[:1].islower() and ("<n>" in r or "<adj>" in r) for r in readings)
        and not any(token.has(tag) for tag in _GRAMMATICAL)  # "Durant", "Tous", "Les": a sentence's words
    )


def _kept_over_word(token: Token, kept: Collection[str]) -> bool:
    """A capitalised word inside a sentence, a name the pair keeps as it is and a common word: a name.

    The tagger may take the common word after an article ("le Carrefour" -> "el Cruce"), where the
    capital says the writer meant the name; and the pair's own dictionary says that name is not
    translated ("Carrefour" -> "Carrefour"), so keeping it changes nothing the pair meant. A name
    it translates ("le Pentagone" -> "el Pentágono") is left to it; so are feasts and other times
    ("à Noël"), an institution's word and a people.
    """
    names = [r for r in token.readings or () if "<np>" in r]
    if not _name_and_word(token) or not names or not all(r in kept for r in names):
        return False
    return token.text.lower() not in _BARE_OPENERS and not _institution(token) and not _demonym(token)


def _runs(sentence: str, tokens: Sequence[Token]) -> list[list[int]]:
    """Indices of runs of name-like tokens, joined directly or through one connector ("de", "La", "ben")."""
    runs: list[list[int]] = []
    i = 0
    while i < len(tokens):
        if not _namelike(tokens[i]):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(tokens):
            previous = tokens[run[-1]]
            token = tokens[j]
            hyphenated = sentence[previous.end : token.start] == "-" and not previous.number
            if _joined(sentence, previous, token) and (_namelike(token) or token.number or hyphenated):
                run.append(j)  # "Paris Saint-Germain", "Mirage 2000", "Moon Jae-in"
                j += 1
                continue
            # A connector between two name-like tokens: "Olympique de Marseille", "Henri de La Tour".
            if (
                token.text.lower() in CONNECTORS
                and j + 1 < len(tokens)
                and not previous.number
                and _joined(sentence, previous, token)
                and _joined(sentence, token, tokens[j + 1])
                and _namelike(tokens[j + 1])
            ):
                run += [j, j + 1]
                j += 2
                continue
            if _noun_between(sentence, tokens, run, j):
                run += [j, j + 1]  # "Coalition avenir Québec"
                j += 2
                continue
            break
        runs.append(run)
        i = j
    return runs


def _noun_between(sentence: str, tokens: Sequence[Token], run: list[int], j: int) -> bool:
    """A bare lower-case noun between two capitalised words of one name: "Coalition avenir Québec".

    French puts an article or a preposition before a common noun that follows another noun ("la
    coalition pour l'avenir du Québec"); a bare one between two capitals, with nothing but spaces,
    belongs to a name made of words. Not an office ("Premier ministre Attal"), nor a day or a month
    ("Lundi soir Macron"): those do stand bare. A run opening a sentence counts only after its article
    ("La Coalition avenir Québec"), since the sentence's first capital is no evidence ("Côté budget Bercy").
    """
    if j + 1 >= len(tokens):
        return False
    previous, token, following = tokens[run[-1]], tokens[j], tokens[j + 1]
    if not (_common_noun_only(token) and following.capitalised and not following.acronym):
        return False
    if sentence[previous.end : token.start] != " " or sentence[token.end : following.start] != " ":
        return False
    if not previous.capitalised or previous.number or _institution(previous) or _institution(token):
        return False
    first = tokens[run[0]]
    return not _sentence_start(sentence, first.start) or (first.text.lower() in _ARTICLES and len(run) > 1)


def _common_noun_only(token: Token) -> bool:
    """A lower-case word the dictionary reads only as a common noun, and no word of time ("soir", "mardi")."""
    readings = token.readings or ()
    return (
        bool(readings)
        and not token.unknown
        and token.text[:1].islower()
        and all("<n>" in r and r[:1].islower() for r in readings)
        and token.text.lower() not in _BARE_OPENERS
        and token.text.lower() not in _TIMES
    )


# Words of time that stand bare after a day or a name: "lundi soir", "Macron mardi matin".
_TIMES = frozenset({"matin", "midi", "soir", "nuit", "après-midi", "soirée", "matinée", "semaine", "an", "année"})


def _whole_name(sentence: str, tokens: Sequence[Token], run: list[int]) -> bool:
    """One unit of the dictionary covers the run, as a proper name or a multiword entry ("Cour de cassation").

    Not a common noun with its article that the sentence capitalises ("La Poste" for "la poste"): a title.
    """
    if len(run) != 1:
        return False
    token = tokens[run[0]]
    return token.proper or (
        bool(token.readings) and not token.unknown and " " in token.text and not _titled_unit(token)
    )


def _titled_unit(token: Token) -> bool:
    """A unit of the dictionary made of an article and a common noun, the noun capitalised: "La Poste"."""
    words = token.text.split()
    if len(words) < 2 or words[0].lower() not in _ARTICLES or not words[1][:1].isupper():
        return False
    lemmas = [r.split("<", 1)[0].split() for r in token.readings or ()]
    noun_capitalised = any(len(lemma) > 1 and lemma[1][:1].isupper() for lemma in lemmas)
    return not noun_capitalised and words[1].lower() not in INSTITUTION_HEADS and not _people_noun(token)


def _apposed(sentence: str, tokens: Sequence[Token], run: list[int]) -> bool:
    """A lone capitalised word right after a common noun, in apposition: a brand ("les camemberts Président").

    An institution's word follows an article or a preposition ("le Président", "du Conseil").
    """
    index = run[0]
    if len(run) != 1 or index == 0 or not tokens[index].analysed:
        return False
    previous = tokens[index - 1]
    if previous.capitalised or sentence[previous.end : tokens[index].start] != " ":
        return False
    if any(previous.has(tag) for tag in _GRAMMATICAL) or previous.has("adj") or previous.has("num"):
        return False
    if index + 1 < len(tokens):
        following = tokens[index + 1]
        if _joined(sentence, tokens[index], following) and not following.capitalised and following.has("n"):
            return False  # an office of two words: "la première femme Premier ministre"
    return previous.unknown or previous.has("n")


def name_spans(sentence: str, tokens: Sequence[Token], kept: Collection[str] = ()) -> list[tuple[int, int]]:
    """(start, end) of every name in ``sentence`` that must be carried through translation verbatim.

    ``kept``: the name readings the pair's bilingual dictionary gives back unchanged (``kept_readings``).
    """
    spans: list[tuple[int, int]] = [(m.start(), m.end()) for m in _DOTTED_ACRONYM.finditer(sentence)]
    taken = {offset for a, b in spans for offset in range(a, b)}  # a set: one look-up per token, not one per span
    analysed = any(t.analysed for t in tokens)
    tokens = [t for t in tokens if t.start not in taken and not _title_abbreviation(sentence, t)]
    for run in _runs(sentence, tokens):
        first = tokens[run[0]]
        at_start = _sentence_start(sentence, first.start)
        if at_start and _titled(sentence, tokens, run, analysed):
            end = _with_epithet(sentence, tokens, run[-1], tokens[run[-1]].end)
            if not _elided_title(sentence, tokens, run, end):
                spans.append((first.start, _with_relative(sentence, tokens, end)))
                continue
        # Grammatical words opening a sentence are not part of the name ("Selon Le Monde", "Le Paris
        # Saint-Germain a gagné"), except a determiner before a word the dictionary does not know ("Le Thi Mai").
        while at_start and len(run) > 1 and _opens_sentence_only(first, tokens[run[1]], analysed):
            run = run[1:]
            first = tokens[run[0]]
            at_start = False  # the name itself is inside the sentence
        while len(run) > 1 and not _namelike(first):  # a connector left at the front: "Selon la Corée du Nord"
            run = run[1:]
            first = tokens[run[0]]
        members = [tokens[k] for k in run]
        if len(run) == 1 and (_bare_organisation(tokens, run[0]) or _respelled(first)):
            spans.append((first.start, first.end))  # "chez Auchan", "l'Insee": the engine would change them
            continue
        if len(run) == 1 and at_start and first.proper and _bare_subject(sentence, tokens, run[0]):
            spans.append((first.start, _with_epithet(sentence, tokens, run[0], first.end)))  # "Québec solidaire a"
            continue
        if len(run) == 1 and not at_start and _kept_over_word(first, kept):
            spans.append((first.start, first.end))  # "devant le Carrefour": the name, not the crossroads
            continue
        if _whole_name(sentence, tokens, run):
            continue  # the engine knows it as one name: it translates it ("Corée du Nord" -> "North Korea")
        if len(members) > 1 and all(_person_part(t) for t in members if t.capitalised):
            continue  # "Vladimir Poutine": each part a person's name the engine knows, with its spelling ("Putin")
        if _portfolio(tokens, run[0]) and all(not t.unknown and not t.proper for t in members if t.capitalised):
            continue  # "ministre de l'Intérieur", "ministère des Transports": the office's domain, translated
        if _institution(first) and not (
            first.acronym or _named_institution(members) or _compass_led(members) or _apposed(sentence, tokens, run)
        ):
            # "Conseil de sécurité", "Banque de France", "Premier ministre": established translations; but a
            # point of the compass heading a name is the name's ("Sud-Rail", "Ouest-France", "Sud Ouest").
            continue
        if len(members) == 1:
            token = members[0]
            if not at_start and _club(sentence, tokens, run[0]):
                spans.append((token.start, tokens[run[0] + 1].end))  # "Olympique lyonnais", "Stade rennais"
                continue
            if at_start and (_titled_unit(token) or _bare_subject(sentence, tokens, run[0])):
                spans.append((token.start, _with_epithet(sentence, tokens, run[0], token.end)))
                continue
            if not _single_is_name(sentence, token, at_start, analysed):
                continue
        end = members[-1].end
        if analysed and len(members) == 1 and not at_start and not members[0].proper:
            end = _with_epithet(sentence, tokens, run[-1], end)
        elif analysed and len(members) > 1 and all(not t.proper and not t.unknown for t in members if t.capitalised):
            end = _with_epithet(sentence, tokens, run[-1], end, strict=True)  # "Alliance Police nationale"
        spans.append((first.start, end))
    return spans


def _person_part(token: Token) -> bool:
    """A given name or surname the dictionary knows (<np><ant>, <np><cog>)."""
    return token.proper and any(("<ant>" in r or "<cog>" in r) for r in token.readings or ())


def _title_abbreviation(sentence: str, token: Token) -> bool:
    """ "M" of "M. Boulanger": a title, not a name."""
    return _ends_with_title(sentence, token.end + 1) and sentence[token.end : token.end + 1] in (".", " ")


def _opens_sentence_only(token: Token, following: Token, analysed: bool) -> bool:
    """A sentence's first word that merely precedes a name: a determiner, a preposition, an adverb..."""
    word = token.text.lower()
    if word in _POSSESSIVES and analysed and (following.unknown or following.proper):
        return False  # "Son Ji-ho", "Son Heung-min": nobody writes "his" before a name
    if analysed and token.has("det") and _disagrees(token, following):
        return False  # "Ma Long": "ma" is feminine, "long" only masculine; the two are one name
    if word in DETERMINERS:
        # "Le Drian", "Le Thi Mai" keep their first word; so does a title made of an article and a given name
        # ("Le Figaro"): French never puts an article before a person's name. It does before a place's, and
        # a place that is a surname too is the place ("La France a gagné": "France<np><cog>" in fra-cat).
        person = _person_part(following) and not _demonym(following) and not _place(following)
        return not (analysed and (following.unknown or person))
    return analysed and not token.proper and any(token.has(tag) for tag in _GRAMMATICAL)


def _place(token: Token) -> bool:
    """Known to the dictionary as a place's name (<np><loc>, <np><top>)."""
    return any(("<np><loc>" in r or "<np><top>" in r) for r in token.readings or ())


def _agreement(readings: Sequence[str], tags: tuple[str, ...]) -> set[str]:
    return {tag for r in readings for tag in tags if f"<{tag}>" in r}


def _disagrees(determiner: Token, following: Token) -> bool:
    """A determiner that agrees with no reading of the capitalised word after it, in gender or number.

    French makes a determiner agree with its noun or adjective, so "Ma Long" (feminine, then a word the
    dictionary knows only as masculine) is no possessive and its noun: a name of two words. Only the
    dictionary's nouns and adjectives count; without them (a verb, an unknown word) there is no evidence,
    and a word it also knows as a name or an acronym takes any determiner ("les Kennedy", "les TER").
    "mon", "ton", "son" go before a feminine word opening with a vowel ("son amie"), and "l'" is both.
    """
    nominal = [r for r in following.readings or () if "<n>" in r or "<adj>" in r]
    own = [r for r in determiner.readings or () if "<det>" in r]
    if not nominal or not own or following.proper or following.acronym:
        return False  # a name or an acronym takes any determiner: "les Kennedy", "les TER"
    genders = _agreement(own, ("m", "f", "mf"))
    if determiner.text.lower() in ("mon", "ton", "son") and following.text[:1].lower() in "aàâeéèêëiîïoôuùûhy":
        genders |= {"mf"}
    numbers = _agreement(own, ("sg", "pl", "sp"))

    def agrees(reading: str) -> bool:
        gender = _agreement([reading], ("m", "f", "mf"))
        number = _agreement([reading], ("sg", "pl", "sp"))
        gender_ok = not gender or not genders or "mf" in gender | genders or bool(gender & genders)
        number_ok = not number or not numbers or "sp" in number | numbers or bool(number & numbers)
        return gender_ok and number_ok

    return not any(agrees(r) for r in nominal)


def _titled(sentence: str, tokens: Sequence[Token], run: list[int], analysed: bool) -> bool:
    """A sentence opening with an article and a capitalised common word: a title ("Le Point", "L'Équipe").

    Ordinary sentences write the noun after their opening article in lower case ("Le point de départ");
    a people ("Les Français") and an institution ("Le Sénat") are the exceptions, unless a capitalised
    article inside says the words are a title ("L'Orient-Le Jour").
    """
    if not analysed or len(run) < 2:
        return False
    article, noun = tokens[run[0]], tokens[run[1]]
    if article.text.lower() not in _ARTICLES or not noun.capitalised or noun.acronym:
        return False
    if noun.proper or noun.unknown:
        return False  # handled as a name of its own ("Le Paris Saint-Germain", "Le Drian")
    if not any(r[:1].islower() for r in noun.readings or ()):
        return False  # the dictionary writes it with its capital ("Unesco<n><acr>"): a name of its own
    if _inner_article(tokens, run):
        return True
    return not (_demonym(noun) or _institution(noun))


_ARTICLES = frozenset({"le", "la", "les", "l'", "l’"})


def _elided_title(sentence: str, tokens: Sequence[Token], run: list[int], end: int) -> bool:
    """An elided article before a name of more than one word: the name's, not the title's ("L'Olympique lyonnais").

    A one-word title keeps it ("L'Équipe", "L'Express"), as does one with a capitalised article inside.
    """
    if tokens[run[0]].text.lower() not in ("l'", "l’"):
        return False
    return not _inner_article(tokens, run) and (len(run) > 2 or end > tokens[run[-1]].end)


def _inner_article(tokens: Sequence[Token], run: list[int]) -> bool:
    """A capitalised article after the name's first word, alone or after a hyphen: "L'Orient-Le Jour"."""
    words = [part for k in run[1:] for part in re.split(r"-", tokens[k].text)][1:]
    return any(word[:1].isupper() and word.lower() in _ARTICLES for word in words)


def _bare_subject(sentence: str, tokens: Sequence[Token], index: int) -> bool:
    """A sentence opening with a bare capitalised common noun that a verb follows: "Force ouvrière a appelé".

    French prose puts an article before a common noun that is a subject; without one, the noun is a
    name (a union, a party, a company), unless it is a day, a month or another word that opens
    sentences bare. A place opens sentences bare ("Paris a gagné"); with an adjective of its own
    before the verb, it heads a name ("Québec solidaire a réclamé").
    """
    token = tokens[index]
    if not token.analysed or token.unknown or token.text.lower() in _BARE_OPENERS or _article_inside(token):
        return False
    place = token.proper and not _organisation(token)
    if place and not any(("<np><loc>" in r or "<np><top>" in r) for r in token.readings or ()):
        return False  # a person: "Macron seul a décidé"
    if not (token.proper or token.has("n") or token.has("adj")) or any(token.has(tag) for tag in _GRAMMATICAL):
        return False
    following = index + 1
    if following < len(tokens) and not tokens[following].capitalised and tokens[following].has("adj"):
        following += 1  # the epithet of the name: "Force ouvrière"
    elif place:
        return False
    if following >= len(tokens) or not _joined(sentence, tokens[following - 1], tokens[following]):
        return False
    if tokens[following].text.lower() in _NEGATION and following + 1 < len(tokens):
        following += 1  # "Reconquête n'a obtenu"
    verb = tokens[following]
    return any(tag in r for r in verb.readings or () for tag in _FINITE)


_NEGATION = frozenset({"ne", "n'", "n’"})


def _with_relative(sentence: str, tokens: Sequence[Token], end: int) -> int:
    """Extend a title opening a sentence with "qui" and a verb that another finite verb follows: "La Vache qui rit a".

    Two finite verbs in a row cannot both be the sentence's: the first is the relative clause's, and
    the relative sits between the subject and its verb with no comma and nothing after its own verb.
    A title is not restricted by such a clause ("Le Monde, qui paraît le soir, a ..." takes commas and
    more words): the clause is part of the title. Only a verb the dictionary reads as nothing else.
    """
    at = next((i for i, t in enumerate(tokens) if t.end == end), None)
    if at is None or at + 3 >= len(tokens):
        return end
    relative, verb = tokens[at + 1], tokens[at + 2]
    if relative.text != "qui" or not verb.readings or not all(_finite(r) for r in verb.readings):
        return end
    following = at + 3
    if tokens[following].text.lower() in _NEGATION and following + 1 < len(tokens):
        following += 1  # "La Vache qui rit n'a pas ..."
    chain = tokens[at : following + 1]
    if any(sentence[a.end : b.start] not in (" ", "") for a, b in pairwise(chain)):  # "" after "n'"
        return end
    return verb.end if any(_finite(r) for r in tokens[following].readings or ()) else end


def _finite(reading: str) -> bool:
    return any(tag in reading for tag in _FINITE)


def _organisation(token: Token) -> bool:
    """Known to the dictionary as the name of an organisation or a thing (<np><al>), not of a place or a person."""
    return token.proper and any("<np><al>" in r for r in token.readings or ())


def _bare_organisation(tokens: Sequence[Token], index: int) -> bool:
    """An organisation's name with no article before it: a company, a brand, a party ("chez Auchan").

    Institutions and events the dictionary knows take an article ("la Croix-Rouge", "le Ramadan"); a
    brand takes none, and a dictionary that lists it may give it a local name ("Auchan" -> "Alcampo").
    Feasts and other times are the exception ("à Pâques").
    """
    token = tokens[index]
    if not token.capitalised or not _organisation(token) or token.text.lower() in _BARE_OPENERS:
        return False  # "au Monde" is a unit of the dictionary whose article is its own
    if _article_inside(token):
        return False  # the article is part of the dictionary's unit: "la Maison-Blanche"
    return index == 0 or not tokens[index - 1].has("det")


def _article_inside(token: Token) -> bool:
    """A unit of the dictionary that starts with its article: "la Maison-Blanche", "La Poste"."""
    return re.match(r"(?i)(?:les?|la) |l['’]", token.text) is not None


def _respelled(token: Token) -> bool:
    """A name the dictionary knows in other capitals ("Insee" as "INSEE"): the engine would write its spelling.

    The first letter does not count: "corne de l'Afrique" is the dictionary's "Corne de l'Afrique".
    """
    if any(r.split("<", 1)[0] == token.text for r in token.readings or ()):
        return False  # "ONU" is also "Onu<np>": the engine may keep the source's capitals
    text = token.text[1:]
    lemmas = [r.split("<", 1)[0][1:] for r in token.readings or () if "<np>" in r]
    return bool(lemmas) and all(lemma != text and lemma.lower() == text.lower() for lemma in lemmas)


# Offices whose domain follows with a capital: "ministre de l'Intérieur", "secrétaire d'État aux Transports".
_OFFICES = frozenset({"ministre", "ministère", "secrétaire", "secrétariat", "commissaire", "délégué", "déléguée"})
_OFFICE_LINKS = frozenset(
    {"de", "des", "du", "d'", "d’", "l'", "l’", "la", "à", "au", "aux", "état", "d'état", "d’état"}
)


def _portfolio(tokens: Sequence[Token], index: int) -> bool:
    """Whether the run at ``index`` names an office's domain: an office word, then only linking words."""
    for back in range(index - 1, max(-1, index - 5), -1):
        word = tokens[back].text.lower()
        lemmas = tokens[back].lemmas | {word}
        if lemmas & _OFFICES:
            return back < index - 1
        if not (set(word.split()) <= _OFFICE_LINKS):
            return False
    return False


_COMPASS = frozenset({"nord", "sud", "est", "ouest"})


def _compass_led(members: Sequence[Token]) -> bool:
    """A run of several words opened by a point of the compass (it follows its noun in a place: "Corée du Nord")."""
    return len(members) > 1 and members[0].text.lower() in _COMPASS


def _named_institution(members: Sequence[Token]) -> bool:
    """An institution word that heads a name of its own: "Ligue 1", "Ligue Magnus", "Union Bordeaux-Bègles"."""
    return any(t.number or (t.unknown and t.capitalised) for t in members[1:])


def _club(sentence: str, tokens: Sequence[Token], index: int) -> bool:
    """A capitalised word in the singular, then the adjective of a place: a club or a company ("Olympique lyonnais").

    A people followed by such an adjective is plural ("les Français musulmans"), and a participle is no place's.
    Inside a sentence only: the first word's capital is no evidence ("Citoyen américain, il ...").
    """
    token = tokens[index]
    if index + 1 >= len(tokens) or not token.analysed or token.proper or token.unknown:
        return False
    if any(token.has(tag) for tag in _GRAMMATICAL) or not any("<sg>" in r for r in token.readings or ()):
        return False
    following = tokens[index + 1]
    word = following.text.lower()
    if following.capitalised or not _joined(sentence, token, following) or sentence[token.end : following.start] != " ":
        return False
    relational = following.has("adj") or following.unknown
    return relational and bool(_DEMONYM.search(word)) and not word.endswith(_NO_PEOPLE) and not following.has("vblex")


def _single_is_name(sentence: str, token: Token, at_start: bool, analysed: bool) -> bool:
    """A lone capitalised word: a name, or a word that happens to be capitalised?"""
    if token.acronym or token.mixed_case:
        return not token.proper  # "SNCF", "iPhone"; an acronym the dictionary knows as a name is its to translate
    if not analysed:
        return False  # no dictionary: a lone capital is no evidence
    if at_start:
        return False  # every sentence starts with one
    if token.proper or token.unknown:
        return token.unknown  # unknown words pass engines untouched anyway; protecting them helps neural ones
    # A word the dictionary knows only as a common word, capitalised inside a sentence, is a name
    # ("l'opérateur Free", "M. Boulanger", "la ligne E"), unless it names a people ("les Français").
    return not _demonym(token)


def _with_epithet(sentence: str, tokens: Sequence[Token], last: int, end: int, strict: bool = False) -> int:
    """Extend a one-word name with the adjective that is part of it: "Stade toulousain", "Force ouvrière".

    ``strict``: only an adjective that is no verb's participle ("Alliance Police nationale", not "... battue").
    """
    if last + 1 >= len(tokens):
        return end
    following = tokens[last + 1]
    if not _joined(sentence, tokens[last], following) or following.capitalised:
        return end
    if strict:
        return following.end if following.has("adj") and not following.has("vblex") else end
    if following.has("adj") or (following.unknown and bool(_DEMONYM.search(following.text.lower()))):
        return following.end
    return end


def restore_case(text: str, names: Sequence[str]) -> str:
    """Names an engine kept but wrote in other capitals ("Kim Jong-un" for "Kim Jong-Un") written as in the source.

    Only multiword names: a single word's capital may be grammar in the target.
    """
    for name in names:
        if " " not in name and "-" not in name:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        text = pattern.sub(name, text)
    return text


def known_names(sentence: str, tokens: Sequence[Token]) -> list[str]:
    """Proper names the dictionary knows whole: the engine's to translate; kept on later hops if it did not."""
    return [t.text for t in tokens if t.proper and t.capitalised]


def names_in(sentence: str, tokens: Sequence[Token], kept: Collection[str] = ()) -> list[str]:
    """The names to protect in ``sentence``, longest first (as texts: they are found again on every hop)."""
    found = [sentence[start:end] for start, end in name_spans(sentence, tokens, kept)]
    return sorted(dict.fromkeys(found), key=len, reverse=True)


def lu_tokens(sentence: str, units: Sequence[tuple[str, tuple[str, ...]]]) -> list[Token]:
    """The dictionary's units (surface form, readings) placed at their offsets in ``sentence``."""
    out: list[Token] = []
    position = 0
    for surface, readings in units:
        at = sentence.find(surface, position)
        if at < 0:  # the analyser normalised something (spaces): fall back to the words of the surface
            continue
        out.append(Token(surface, at, at + len(surface), readings))
        position = at + len(surface)
    return out
