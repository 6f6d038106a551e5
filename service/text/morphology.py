"""Which words of a French line are verbs, and in which mood: from Apertium's French analyser.

A line of running text has a finite verb ("a voté", "restent"); page
furniture mostly has none ("Partager sur Facebook", "Publié le 3 mars",
"Le palais de justice de Mons, vendredi soir."), and calls to act are in
the imperative ("Abonnez-vous"). The installed Apertium pairs from French
carry a morphological analyser (``*.automorf.bin``); ``lt-proc`` reads every
new word of an article in one call, and the analyses are memoised, so an
article costs one short process at most. Without Apertium, a small list of
frequent forms and endings stands in (coarser, but the structure reader
still works).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from service.processes import run
from service.settings import existing_apertium_dirs

# Finite moods and tenses in Apertium's French tags.
_FINITE = ("<pri>", "<pii>", "<ifi>", "<fti>", "<cni>", "<prs>", "<pis>")
_IMPERATIVE = "<imp>"
_VERB = ("<vblex>", "<vbser>", "<vbhaver>", "<vbmod>", "<vaux>")
_ANALYSIS = re.compile(r"\^([^/$]*)/([^$]*)\$")
_ANALYSER_IN_MODE = re.compile(r"lt-proc\s+(?:-\w+\s+)*'?([^'\s]+\.automorf\.bin)")
_BEFORE_FIRST = re.compile(r"[\s«»\"“”(\[*•·►▶–—-]+")
_SENTENCE_END = re.compile(r"[.!?…]\s*[«\"“(]?\s*$")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # elisions apart: "m'abonne" is "m" and "abonne"
TIMEOUT = 20.0
MEMO_WORDS = 200_000
# Without an analyser: the commonest finite forms of the press, and endings no noun has.
_FALLBACK_FINITE = frozenset(
    {
        "est", "sont", "a", "ont", "était", "étaient", "sera", "seront", "serait", "seraient", "fait", "font", "va",
        "vont", "peut", "peuvent", "doit", "doivent", "avait", "avaient", "aurait", "auraient", "reste", "restent",
        "devient", "deviennent", "semble", "semblent", "dit", "disent", "estime", "estiment", "annonce", "affirme",
        "explique", "indique", "précise", "déclare", "rappelle", "souligne", "ajoute", "prévoit", "prévient",
        "y-a-t-il", "faut", "fallait"
    }
)  # fmt: skip
_FALLBACK_ENDINGS = re.compile(r"(?:aient|ait|èrent|eront|erait|eraient|issent|issait|ons|ez)$")


@dataclass(frozen=True)
class Verbs:
    """What the analyser says about a line's words: its verbs, and the lemmas of its words."""

    finite: int = 0  # words that can be a finite verb (indicative, conditional, subjunctive)
    finite_after_first: int = 0  # the same, the first word left out
    surely_finite: int = 0  # words that can only be a finite verb
    imperative: int = 0  # the line opens with a verb that can be an imperative ("Abonnez-vous", "Suivez")
    first_infinitive: bool = False  # the line opens with an infinitive ("Partager", "Écouter l'article")
    first_participle: bool = False  # the line opens with a past participle ("Publié le ...")
    lemmas: frozenset[str] = frozenset()  # each word's first lemma, lower case ("abonnez-vous" -> "abonner")
    # Finite verbs past the first word that can assert something: a passé simple of the first or second person
    # singular is left out, since in news prose those forms are past participles ("élus", "réunis", "mis").
    asserting_after_first: int = 0
    second_person: int = 0  # words that can only be a verb of the second person plural ("Posez-la", "Envoyez-la-nous")


@lru_cache(maxsize=8)
def french_analyser(data_dirs: tuple[str, ...] | None = None) -> Path | None:
    """The French morphological analyser of an installed Apertium pair (fr-es first), or None."""
    dirs = data_dirs or tuple(existing_apertium_dirs())
    modes = [mode for d in dirs for mode in sorted(Path(d, "modes").glob("*.mode"))]
    preferred = sorted(
        (m for m in modes if m.stem.split("-")[0] in ("fr", "fra") and "_" not in m.stem),
        key=lambda m: (m.stem != "fr-es", m.stem),
    )
    for mode in preferred:
        match = _ANALYSER_IN_MODE.search(mode.read_text(encoding="utf-8", errors="replace"))
        if match and Path(match.group(1)).is_file() and shutil.which("lt-proc"):
            return Path(match.group(1))
    return None


_MEMO: dict[str, tuple[str, ...]] = {}
_LOCK = threading.Lock()


def _run_lt_proc(analyser: Path, words: list[str]) -> dict[str, tuple[str, ...]]:
    try:
        done = run(
            [shutil.which("lt-proc") or "lt-proc", "-w", str(analyser)],
            "\n".join(words) + "\n",
            TIMEOUT,
            {**os.environ, "LC_ALL": "C.UTF-8"},  # lt-proc reads UTF-8 only in a UTF-8 locale
        )
    except (subprocess.TimeoutExpired, OSError):
        return {}
    return {surface: tuple(analyses.split("/")) for surface, analyses in _ANALYSIS.findall(done.stdout)}


def analyses(words: set[str], analyser: Path | None) -> dict[str, tuple[str, ...]]:
    """Every analysis of each word (empty for unknown words); lt-proc is asked only for new words."""
    if analyser is None:
        return {}
    with _LOCK:
        missing = sorted(w for w in words if w not in _MEMO)
    if missing:
        found = _run_lt_proc(analyser, missing)
        with _LOCK:
            if len(_MEMO) + len(missing) > MEMO_WORDS:
                _MEMO.clear()
            for word in missing:
                _MEMO[word] = tuple(a for a in found.get(word, ()) if not a.startswith("*"))
    with _LOCK:
        return {w: _MEMO.get(w, ()) for w in words}


def _is_finite(found: tuple[str, ...]) -> tuple[bool, bool]:
    finite = [any(t in a for t in _FINITE) and any(v in a for v in _VERB) for a in found]
    return any(finite), bool(finite) and all(finite)


def _asserts(found: tuple[str, ...]) -> bool:
    """A finite reading other than a passé simple of the first or second person singular."""
    return any(
        any(t in a for t in _FINITE) and any(v in a for v in _VERB) and not ("<ifi>" in a and "<sg>" in a
                                                                           and ("<p1>" in a or "<p2>" in a))
        for a in found
    )  # fmt: skip


def _second_person(found: tuple[str, ...]) -> bool:
    """Every reading is a verb of the second person plural (the clitics after it apart: "posez-la").

    The singular is left out: its forms are also plural nouns the analyser may not know ("captures", "tentes").
    """
    heads = [a.split("+", 1)[0] for a in found]
    return bool(heads) and all("<p2>" in a and "<pl>" in a and any(v in a for v in _VERB) for a in heads)


# Words after which a word that may be a noun is one ("la clôture de la Bourse", "des ventes", "sa marche"); "le",
# "la", "les" and "l'" are pronouns after a subject or a negation ("il la clôture", "on les vend").
_DETERMINERS = frozenset(
    {"un", "une", "des", "du", "au", "aux", "cet", "cette", "ces", "son", "sa", "ses", "mon", "ma", "mes", "ton",
     "ta", "tes", "notre", "votre", "nos", "vos", "le", "la", "les", "l"}
)  # fmt: skip
_ARTICLE_OR_PRONOUN = frozenset({"le", "la", "les", "l"})
_BEFORE_A_PRONOUN = frozenset(
    {"il", "elle", "on", "ils", "elles", "je", "j", "tu", "nous", "vous", "ne", "n", "qui", "que", "qu", "me", "m",
     "te", "t", "se", "s", "y", "en", "ça", "cela", "ceci", "celui", "celle", "ceux", "personne", "rien", "tout"}
)  # fmt: skip


def _after_determiner(words: list[str], position: int, readings: tuple[str, ...]) -> bool:
    """A word that may be a noun right after a determiner is the noun: "Chaque soir, la clôture de la Bourse et
    les résultats des sociétés" asserts nothing, though "clôture" may be a verb."""
    before = words[position - 1].lower()
    if before not in _DETERMINERS or not any("<n>" in a for a in readings):
        return False
    return not (before in _ARTICLE_OR_PRONOUN and position > 1 and words[position - 2].lower() in _BEFORE_A_PRONOUN)


def _unknown_word(words: list[str], found: dict[str, tuple[str, ...]]) -> bool:
    """A word in lower case the analyser does not know (a verb it lacks may be one)."""
    return any(word[0].islower() and not found.get(word) and not found.get(word.lower()) for word in words)


def _fallback(word: str) -> tuple[bool, bool]:
    lower = word.lower()
    hit = lower in _FALLBACK_FINITE or (len(lower) > 5 and bool(_FALLBACK_ENDINGS.search(lower)))
    return hit, lower in _FALLBACK_FINITE


def _lemma(word: str, readings: tuple[str, ...]) -> str:
    """The word's first lemma in lower case (the word itself when the analyser does not know it)."""
    if readings:
        lemma = readings[0].split("<", 1)[0]
        if lemma and not lemma.startswith(("*", "@", "#")):
            return lemma.lower()
    return word.lower()


def verbs_of_lines(lines: list[str], analyser: Path | None = None, use_default: bool = True) -> list[Verbs]:
    """The verbs of every line, with one analyser call for the whole list."""
    if analyser is None and use_default:
        analyser = french_analyser()
    tokens = [WORD.findall(line) for line in lines]
    # Where a sentence starts inside a line ("Vous avez une question ? Posez-la ..."): its first word may be
    # an imperative too.
    starts = [
        {i for i, m in enumerate(WORD.finditer(line)) if i and _SENTENCE_END.search(line[: m.start()])}
        for line in lines
    ]
    # The first word opens the line only when nothing but quotes or bullets comes before it ("12/02/2025 11:05
    # – Mise à jour" does not open with "Mise").
    opens = [bool(m) and not _BEFORE_FIRST.sub("", line[: m.start()]) for line in lines for m in [WORD.search(line)]]
    wanted = {w for words in tokens for w in words}
    wanted |= {w.lower() for words in tokens[:] for w in words[:1]}
    # A verb with clitics the analyser does not know ("Envoyez-la-nous") is read by its first part.
    wanted |= {w.split("-", 1)[0] for words in tokens for w in words if "-" in w}
    wanted |= {w.lower() for w in list(wanted)}
    found = analyses(wanted, analyser)
    out = []
    for words, opening, opened in zip(tokens, starts, opens, strict=True):
        finite = surely = imperative = after_first = asserting = second = bound_nouns = 0
        for position, word in enumerate(words):
            if position in opening:
                head = found.get(word.lower(), ()) or found.get(word.split("-", 1)[0].lower(), ())
                if head and all(any(v in a for v in _VERB) for a in head):
                    imperative += any(_IMPERATIVE in a for a in head)
            readings = found.get(word, ())
            if not readings and position == 0:
                readings = found.get(word.lower(), ())
            if analyser is None:
                possible, sure = _fallback(word)
                asserting += possible and position > 0
            elif word[0].isupper() and position > 0:
                continue  # a name or a title word, not the sentence's verb
            else:
                possible, sure = _is_finite(readings)
                asserts = _asserts(readings) and position > 0
                asserting += asserts
                bound_nouns += asserts and _after_determiner(words, position, readings)
                head = readings or (found.get(word.split("-", 1)[0].lower(), ()) if "-" in word else ())
                second += _second_person(head)
            finite += possible
            after_first += possible and position > 0
            surely += sure
            if position == 0 and opened:
                head = readings or (found.get(word.split("-", 1)[0].lower(), ()) if "-" in word else ())
                if head and all(any(v in a for v in _VERB) for a in head):
                    imperative += any(_IMPERATIVE in a for a in head)
        # A noun after its determiner asserts nothing, unless a word the analyser does not know may be the verb
        # it stands for ("un maraîcher sur trois dégage…": "dégage" unknown, "étude" a noun).
        if bound_nouns and _unknown_word(words, found):
            bound_nouns = 0
        first = found.get(words[0], ()) or found.get(words[0].lower(), ()) if words else ()
        lemmas = frozenset(_lemma(word, found.get(word, ()) or found.get(word.lower(), ())) for word in words)
        out.append(
            Verbs(
                finite=finite,
                finite_after_first=after_first,
                surely_finite=surely,
                imperative=imperative,
                first_infinitive=bool(first) and any("<inf>" in a for a in first),
                first_participle=bool(first) and all("<pp>" in a for a in first),
                lemmas=lemmas,
                asserting_after_first=asserting - bound_nouns,
                second_person=second,
            )
        )
    return out
