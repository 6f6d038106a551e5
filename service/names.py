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
        for token in run:
            kind = kinds.get(token.text, Kind.UNKNOWN)
            if kind is Kind.WORD and seen_name:
                risky.append(token)
            elif kind is not Kind.WORD:
                seen_name = True
    return risky


def _placeholder(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return PLACEHOLDER_PREFIX + letters


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
