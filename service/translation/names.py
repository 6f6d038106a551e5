"""Keep person names from being translated as common words.

Rule-based engines look every token up in a dictionary: "Kim Jong-Un" comes
out as "Kim Jong-One" because "Un" is also the French word "un", and
"Kim Jong Il" as "Kim Jong He". We find runs of capitalised words, ask the
engine's own analyser what each word is, and shield a word only when it
*follows* a name or unknown word in the run and is known to the dictionary
solely as a common word. That keeps "Etats-Unis", "Corée du Nord" and
"Oncle Sam" translatable, and keeps an engine's own rendering of a known
name ("Poutine" -> "Putin").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from service.translation.placeholders import placeholder

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# Words joined only by one space or a hyphen belong to the same run.
_JOINER = re.compile(r"^(?: |-|\u00a0)$")
PLACEHOLDER_PREFIX = "Zxq"
_PLACEHOLDER = re.compile(r"[Zz][Xx][Qq]([a-z]+)", re.IGNORECASE)


class Kind(Enum):
    """What a dictionary says a capitalised word is."""

    NAME = "name"  # analysed as a proper noun
    UNKNOWN = "unknown"  # not in the dictionary: passes through as is
    WORD = "word"  # only a common word: at risk of translation


@dataclass(frozen=True)
class Token:
    """A capitalised word and where it sits in its sentence."""

    text: str
    start: int
    end: int


def capitalised_runs(sentence: str) -> list[list[Token]]:
    """Runs of capitalised words joined by a space or a hyphen."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    previous_end = None
    for match in _WORD.finditer(sentence):
        word = match.group()
        glued = (
            sentence[match.end() : match.end() + 1].isdigit()
            or sentence[max(0, match.start() - 1) : match.start()].isdigit()
        )
        if not word[0].isupper() or glued:  # "T1", "4G": part of a code, not a name
            if current:
                runs.append(current)
            current, previous_end = [], None
            continue
        joined = previous_end is not None and _JOINER.match(sentence[previous_end : match.start()])
        if current and not joined:
            runs.append(current)
            current = []
        current.append(Token(word, match.start(), match.end()))
        previous_end = match.end()
    if current:
        runs.append(current)
    return runs


def candidate_words(sentences: Iterable[str]) -> set[str]:
    """Every capitalised word that could need shielding (for one analyser call)."""
    return {
        token.text
        for s in sentences
        for run in capitalised_runs(s)
        if len(run) > 1 or len(run[0].text) == 1
        for token in run
    }


def tokens_at_risk(sentence: str, kinds: Mapping[str, Kind]) -> list[Token]:
    """Words in ``sentence`` that an engine would wrongly translate.

    Also a lone capital letter inside a sentence: "la ligne E", "le plan B"
    are labels, and "E" must not become the conjunction "and".
    """
    risky = []
    for run in capitalised_runs(sentence):
        if len(run) == 1 and len(run[0].text) == 1 and run[0].start > 0 and kinds.get(run[0].text) is Kind.WORD:
            before = sentence[: run[0].start].rstrip()
            if before and before[-1] not in '.!?…:;«"“(—–-':
                risky.append(run[0])
                continue
        seen_name = False
        syllables = _syllables_before_unknown(sentence, run, kinds)
        for position, token in enumerate(run):
            kind = kinds.get(token.text, Kind.UNKNOWN)
            if kind is not Kind.WORD:
                seen_name = True
                if kind is Kind.NAME and _hyphen_partner_unknown(sentence, run, position, kinds):
                    risky.append(token)  # "Jong-Un": a generator would lower-case a known "Un"
                continue
            if seen_name or position in syllables:
                risky.append(token)
    return risky


# Capitalised articles and prepositions begin phrases, not names: "Les Etats-Unis", "La Paz".
_NOT_SYLLABLES = frozenset(
    {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "en", "au", "aux", "el", "los", "las"}
    | {"del", "al", "y", "o", "e", "the", "a", "an", "of", "and", "in", "on"}
)


def _syllables_before_unknown(sentence: str, run: list[Token], kinds: Mapping[str, Kind]) -> set[int]:
    """Positions of short common words right before an unknown word: "Ri Son Gwon" (Korean names).

    Scanning back from each unknown word, words of three letters or fewer
    are syllables of the same name; a longer word ("Oncle Sam") or an
    article ends the name.
    """
    found: set[int] = set()
    for position, token in enumerate(run):
        if kinds.get(token.text, Kind.UNKNOWN) is not Kind.UNKNOWN:
            continue
        back = position - 1
        while back >= 0:
            word = run[back].text
            if kinds.get(word, Kind.UNKNOWN) is not Kind.WORD or len(word) > 3 or word.lower() in _NOT_SYLLABLES:
                break
            found.add(back)
            back -= 1
    return found


def _hyphen_partner_unknown(sentence: str, run: list[Token], position: int, kinds: Mapping[str, Kind]) -> bool:
    """Whether the token is hyphen-joined to a word the dictionary does not know."""
    token = run[position]
    for other in (run[position - 1] if position else None, run[position + 1] if position + 1 < len(run) else None):
        if other is None:
            continue
        between = sentence[min(token.end, other.end) : max(token.start, other.start)]
        if between == "-" and kinds.get(other.text, Kind.UNKNOWN) is Kind.UNKNOWN:
            return True
    return False


def _placeholder(index: int) -> str:
    return placeholder(index, PLACEHOLDER_PREFIX)


def shield(sentence: str, tokens: list[Token], table: dict[str, str]) -> str:
    """Replace ``tokens`` by placeholders the engine passes through unchanged.

    ``table`` maps placeholders back to words and is shared across a batch,
    so one placeholder per distinct word.
    """
    reverse = {word: key for key, word in table.items()}
    out = []
    last = 0
    for token in sorted(tokens, key=lambda t: t.start):
        key = reverse.get(token.text)
        if key is None:
            key = _placeholder(len(table))
            table[key] = token.text
            reverse[token.text] = key
        out.append(sentence[last : token.start])
        out.append(key)
        last = token.end
    out.append(sentence[last:])
    return "".join(out)


def leaked(text: str) -> bool:
    """Whether name-placeholder material is left in ``text`` (the engine mangled a placeholder)."""
    return _PLACEHOLDER.search(text) is not None


def unshield(text: str, table: Mapping[str, str]) -> str:
    """Put the original words back, whatever case the engine gave placeholders."""
    if not table:
        return text
    lowered = {key.lower(): word for key, word in table.items()}

    def restore(match: re.Match[str]) -> str:
        return lowered.get(match.group().lower(), match.group())

    return _PLACEHOLDER.sub(restore, text)


def shield_batch(
    sentences: list[str], classify: Callable[[set[str]], Mapping[str, Kind]]
) -> tuple[list[str], dict[str, str]]:
    """Shield every at-risk word of a batch with one call to ``classify``."""
    words = candidate_words(sentences)
    if not words:
        return list(sentences), {}
    kinds = classify(words)
    table: dict[str, str] = {}
    shielded = [shield(s, tokens_at_risk(s, kinds), table) for s in sentences]
    return shielded, table
