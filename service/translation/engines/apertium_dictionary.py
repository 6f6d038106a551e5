"""What Apertium's dictionaries say about words: unknown words, error marks, capitals, analyses.

Kept apart from the engine (``apertium.py``), which runs the pipelines:
these are pure functions of lt-proc's output and of the text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path

from service.processes import Completed, run


class Kind(Enum):
    """What a dictionary says a word is."""

    NAME = "name"  # analysed as a proper noun
    UNKNOWN = "unknown"  # not in the dictionary: passes through as is
    WORD = "word"  # a common word


# Marks Apertium may leave on words it could not generate or transfer ("#word", "@word") even with -u.
_MARKS = re.compile(r"(?<![\w#@*])[#@](\w+)")
WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ANALYSIS = re.compile(r"\^([^/$]*)/([^$]*)\$")

# A capitalised word after a lower-case word or a name, not after a sentence end or an opening quote.
MID_CAPITAL = re.compile(r"(?:(?<=\w )|(?<=\w, ))([A-ZÀ-Ý][a-zà-ÿ]+)\b")
COMMON_TAGS = ("<vblex>", "<vbser>", "<vbhaver>", "<vbmod>", "<vaux>", "<vbdo>", "<cnjcoo>", "<cnjsub>", "<cnjadv>",
                "<pr>", "<det>", "<prn>", "<adv>", "<rel>", "<preadv>")  # fmt: skip


def mid_sentence_capitals(text: str) -> list[str]:
    return [m.group(1) for m in MID_CAPITAL.finditer(text)]


# Analyses already asked for, per analyser file: loading a large dictionary costs up to half a
# second per call, and the same words come back in every article.
_MEMO: dict[tuple[str, float], dict[str, list[str]]] = {}
_MEMO_LOCK = threading.Lock()
MEMO_WORDS = 200_000  # per analyser; beyond, it starts again
_PARTS = re.compile(r"[-'’]")


Lookup = Callable[[Path, list[str], float], dict[str, list[str]] | None]


def _run(argv: list[str], stdin: str, timeout: float) -> Completed | None:
    """One Apertium program (or shell pipeline) on ``stdin``, UTF-8; None when it could not run or timed out."""
    try:
        return run(argv, stdin, timeout, utf8_env())
    except (subprocess.TimeoutExpired, OSError):
        return None


def analyse_tags(analyser: Path, words: set[str], timeout: float, lookup: Lookup | None = None) -> dict[str, list[str]]:
    """Every analysis of each word, e.g. {"Was": ["be<vbser><past>..."]}; lt-proc is asked only for new words.

    ``lookup`` asks the dictionary (the engine's live ``lt-proc``); by default a one-shot ``lt-proc -w``.
    """
    try:
        key = (str(analyser), analyser.stat().st_mtime)
    except OSError:
        return {}
    with _MEMO_LOCK:
        memo = _MEMO.setdefault(key, {})
        missing = sorted(w for w in words if w not in memo)
    found = (lookup or run_lt_proc)(analyser, missing, timeout) if missing else {}
    if found is None:  # the dictionary could not be asked: answer without it, remember nothing
        found, missing = {}, []
    if missing:
        with _MEMO_LOCK:
            if len(memo) + len(found) > MEMO_WORDS:
                memo.clear()
            memo.update(found)
            for word in missing:  # "Jong-Un" comes back as "Jong" and "Un": remember it was asked
                memo.setdefault(word, [])
    out: dict[str, list[str]] = {}
    with _MEMO_LOCK:
        for word in words:
            for part in [word, *_PARTS.split(word)]:
                if memo.get(part):
                    out[part] = memo[part]
    return out


def run_lt_proc(analyser: Path, words: list[str], timeout: float) -> dict[str, list[str]] | None:
    """One ``lt-proc -w`` call on ``words``: every analysis of each (None when it cannot run)."""
    lt_proc = shutil.which("lt-proc")
    if lt_proc is None:
        return None
    done = _run([lt_proc, "-w", str(analyser)], "\n".join(words) + "\n", timeout)
    if done is None:
        return None
    return parse_lookup(done.stdout) if done.returncode == 0 else None


def parse_lookup(stream: str) -> dict[str, list[str]]:
    """lt-proc's answer (``^Was/be<vbser><past>/...$``) as analyses by surface form."""
    return {surface: analyses.split("/") for surface, analyses in _ANALYSIS.findall(stream)}


def kinds_of(analyses: dict[str, list[str]]) -> dict[str, Kind]:
    """Unknown, name or common word, from the analyses (as ``parse_analyses`` reads lt-proc's stream)."""
    kinds = {}
    for word, found in analyses.items():
        if not found:
            continue
        if found[0].startswith("*"):
            kinds[word] = Kind.UNKNOWN
        elif any("<np>" in a for a in found):
            kinds[word] = Kind.NAME
        else:
            kinds[word] = Kind.WORD
    return kinds


def common_word(analyses: list[str], language: str) -> bool:
    """Known only as a verb or a grammatical word: never a name (nor, in German, a noun)."""
    if not analyses or any(a.startswith("*") or "<np>" in a for a in analyses):
        return False
    if language == "de" and any("<n>" in a for a in analyses):
        return False
    return any(tag in a for a in analyses for tag in COMMON_TAGS)


def strip_marks(text: str, source: str) -> str:
    """Remove Apertium's "#word"/"@word" error marks, never a sign the source itself has ("#MeToo")."""
    return _MARKS.sub(lambda m: m.group() if m.group() in source else m.group(1), text)


def unknown_words(sentence: str, kinds: Mapping[str, Kind], output: str) -> tuple[tuple[str, ...], float | None]:
    """Lower-case words the dictionary does not know and that came out untranslated, and the share translated.

    Capitalised words are left out (an unknown name passing through is the
    right translation), and so is a word unknown alone but translated within
    a phrase ("al respecto"): only words found as they were in the output count.
    """
    words = [w for w in WORDS.findall(sentence) if not w[0].isupper() and not w.lower().startswith(("zxq", "zxw"))]
    if not words:
        return (), None
    present = {w.lower() for w in WORDS.findall(output)}
    unknown = [w for w in words if kinds.get(w) is Kind.UNKNOWN and w.lower() in present]
    return tuple(dict.fromkeys(unknown)), round(1 - len(unknown) / len(words), 3)


def parse_analyses(stream: str) -> dict[str, Kind]:
    """Kinds of words from lt-proc output such as ``^Un/un<det>.../un<num>$``."""
    kinds: dict[str, Kind] = {}
    for surface, analyses in _ANALYSIS.findall(stream):
        if analyses.startswith("*"):
            kinds[surface] = Kind.UNKNOWN
        elif "<np>" in analyses:
            kinds[surface] = Kind.NAME
        else:
            kinds[surface] = Kind.WORD
    return kinds


def utf8_env() -> dict[str, str]:
    """The process environment for Apertium's pipeline, in a UTF-8 locale (its shell scripts need one)."""
    import os

    env = dict(os.environ)
    env.setdefault("LC_ALL", "C.UTF-8")
    return env


# Sentence analyses already asked for, per analyser: the same furniture and names come back in every article.
_SENTENCE_MEMO: dict[tuple[str, float], dict[str, list[tuple[str, tuple[str, ...]]]]] = {}
MEMO_SENTENCES = 20_000
_STREAM_SPECIAL = re.compile(r"([\\^$@/<>\[\]{}*#])")
_UNIT = re.compile(r"\^((?:\\.|[^/$\\])*)/((?:\\.|[^$\\])*)\$")


def _escape(text: str) -> str:
    """Text as lt-proc reads it: its stream's special characters escaped, no NUL (the separator)."""
    return _STREAM_SPECIAL.sub(r"\\\1", text.replace("\0", " "))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def analyse_sentences(
    analyser: Path,
    sentences: list[str],
    timeout: float,
    live: Callable[[Path, list[str], float], dict | None] | None = None,
) -> list[list[tuple[str, tuple[str, ...]]]]:
    """Each sentence's units as the dictionary reads them: (surface form, readings), multiword units whole.

    One lt-proc call for the sentences not seen yet, each in its own null-flushed block so that no
    multiword unit crosses from one sentence into the next.
    """
    try:
        key = (str(analyser), analyser.stat().st_mtime)
    except OSError:
        return [[] for _ in sentences]
    with _MEMO_LOCK:
        memo = _SENTENCE_MEMO.setdefault(key, {})
        missing = list(dict.fromkeys(s for s in sentences if s not in memo))
    if missing:
        found = (live(analyser, missing, timeout) if live else None) or _run_sentences(analyser, missing, timeout)
        with _MEMO_LOCK:
            if len(memo) + len(found) > MEMO_SENTENCES:
                memo.clear()
            memo.update(found)
    with _MEMO_LOCK:
        return [list(memo.get(s, [])) for s in sentences]


def _run_sentences(analyser: Path, sentences: list[str], timeout: float) -> dict[str, list]:
    lt_proc = shutil.which("lt-proc")
    if lt_proc is None:
        return {}
    stream = "".join(_escape(s) + "\0" for s in sentences)
    done = _run([lt_proc, "-z", "-w", str(analyser)], stream, timeout)
    if done is None:
        return {}
    blocks = done.stdout.split("\0")
    return {sentence: parse_units(block) for sentence, block in zip(sentences, blocks, strict=False)}


def parse_units(block: str) -> list[tuple[str, tuple[str, ...]]]:
    """An analyser's stream as (surface form, readings) per unit."""
    units = []
    for surface, readings in _UNIT.findall(block):
        parts = tuple(_unescape(r) for r in re.split(r"(?<!\\)/", readings))
        units.append((_unescape(surface), parts))
    return units


# Parts of speech whose wrong sense changes what a sentence says (a preposition's does not).
CONTENT_TAGS = ("<n>", "<vblex>", "<adj>", "<adv>")
_LEXICAL = re.compile(r"\^((?:\\.|[^$\\])*)\$")
_SENTENCE_BREAK = re.compile(r"\[\n\n\]")


def analysis_stages(mode_text: str) -> str | None:
    """The pair's pipeline up to its lexical selection (``lrx-proc``), or up to its bilingual look-up.

    What comes out still lists every translation the bilingual dictionary has for a word that no
    lexical-selection rule narrowed down: the engine's transfer then takes the first.
    """
    stages = [s.strip() for s in mode_text.strip().split("|")]
    last = next((i for i, s in enumerate(stages) if s.startswith("lrx-proc")), None)
    if last is None:
        last = next((i for i, s in enumerate(stages) if s.startswith("lt-proc -b")), None)
    if last is None:
        return None
    chosen = [s.replace("$1", "-g").replace("$2", "") for s in stages[: last + 1]]
    return " | ".join(["apertium-destxt", *chosen])


def parse_choices(stream: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Words left with several translations by a stream after lexical selection: (lemma, tags, lemmas)."""
    found = []
    for unit in _LEXICAL.findall(stream):
        parts = [p for p in re.split(r"(?<!\\)/", unit)]
        if len(parts) < 3:
            continue
        source, targets = parts[0], [p for p in parts[1:] if p and not p.startswith("@")]
        if not any(tag in source for tag in CONTENT_TAGS) or "<np>" in source:
            continue
        lemmas = tuple(dict.fromkeys(_unescape(t.split("<", 1)[0]) for t in targets if t.split("<", 1)[0]))
        if len(lemmas) >= 2:
            lemma, _, tags = source.partition("<")
            found.append((_unescape(lemma), "<" + tags, lemmas))
    return found


def lexical_choices(stages: str, sentences: list[str], timeout: float) -> list[list[tuple[str, str, tuple]]]:
    """For each sentence, its words that the pair translates one way among several with no rule to choose."""
    stream = "\n\n".join(" ".join(s.split()) for s in sentences) + "\n\n"
    done = _run(["bash", "-o", "pipefail", "-c", stages], stream, timeout)
    if done is None:
        return [[] for _ in sentences]
    if done.returncode != 0:
        return [[] for _ in sentences]
    blocks = _SENTENCE_BREAK.split(done.stdout)
    if len([b for b in blocks if "^" in b]) != len(sentences):
        return [[] for _ in sentences]  # not aligned: no evidence rather than wrong evidence
    blocks = [b for b in blocks if "^" in b]
    return [parse_choices(block) for block in blocks]


# Translations of readings already asked for, per bilingual dictionary file.
_BILINGUAL_MEMO: dict[tuple[str, float], dict[str, list[str]]] = {}


BilingualLookup = Callable[[Path, str, float], str | None]


def bilingual_translations(
    bilingual: Path, readings: set[str], timeout: float, lookup: BilingualLookup | None = None
) -> dict[str, list[str]]:
    """What the pair's bilingual dictionary gives for each reading ("Carrefour<np><al>": ["Carrefour<np><al>"]).

    A reading it does not list comes back marked ("@Renaissance<np><al>"): the engine passes such a word
    through as it is. ``lookup`` asks the dictionary (the engine's live ``lt-proc -b``: a one-shot call
    loads fra-cat's 2 MB file for 0.14 s, more than the request it serves); by default a one-shot call.
    Only the readings not asked before are asked, and nothing is remembered on failure.
    """
    try:
        key = (str(bilingual), bilingual.stat().st_mtime)
    except OSError:
        return {}
    with _MEMO_LOCK:
        memo = _BILINGUAL_MEMO.setdefault(key, {})
        missing = sorted(r for r in readings if r not in memo)
    if missing:
        stream = "".join(f"^{_escape_lemma(r)}$\n" for r in missing)
        answer = (lookup or run_bilingual)(bilingual, stream, timeout)
        if answer is not None:
            found = {
                _unescape(source): [_unescape(t) for t in re.split(r"(?<!\\)/", out)]
                for source, out in _UNIT.findall(answer)
            }
            with _MEMO_LOCK:
                if len(memo) + len(found) > MEMO_WORDS:
                    memo.clear()
                memo.update(found)
    with _MEMO_LOCK:
        return {r: list(memo[r]) for r in readings if r in memo}


def run_bilingual(bilingual: Path, stream: str, timeout: float) -> str | None:
    """One ``lt-proc -b`` call on a stream of readings (None when it cannot run or fails)."""
    lt_proc = shutil.which("lt-proc")
    done = _run([lt_proc, "-b", str(bilingual)], stream, timeout) if lt_proc else None
    return done.stdout if done is not None and done.returncode == 0 else None


def _escape_lemma(reading: str) -> str:
    """A reading as a stream's unit: its lemma escaped, its tags as they are."""
    lemma, bracket, tags = reading.partition("<")
    return _escape(lemma) + bracket + tags
