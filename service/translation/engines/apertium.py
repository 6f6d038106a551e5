"""Apertium, the rule-based engine installed from Debian packages.

All sentences of a request go through the pair's pipeline at once per hop,
separated by blank lines: Apertium's text deformatter treats a blank line as
a hard sentence boundary and keeps it, so the output splits back one to one.
The count is checked; on a mismatch the batch is halved until it aligns,
because a misaligned side-by-side view is worse than a slower one.

The pipeline is a live one (``apertium_live.py``): started once per process
and kept running in null-flush mode, with the text deformatted and
reformatted in-process (``apertium_stream.py``), so a short request costs
milliseconds instead of a dozen program starts. The answers are the
``apertium -u`` command's, word for word; the command itself still runs
when live pipelines are switched off (``APERTIUM_LIVE_PIPELINES=0``), when
none fits in the process's bounds, or for a mode that is not a plain pipeline.
Dictionary look-ups (unknown words, names, capitals) go to live ``lt-proc``
processes the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, lru_cache
from pathlib import Path

from service.languages import UnknownLanguage, normalize_code
from service.models.translation import Translated
from service.processes import run
from service.settings import existing_apertium_dirs
from service.translation.engines.apertium_dictionary import MID_CAPITAL as _MID_CAPITAL
from service.translation.engines.apertium_dictionary import (
    WORDS,
    Kind,
    analyse_sentences,
    analyse_tags,
    analysis_stages,
    bilingual_translations,
    common_word,
    kinds_of,
    lexical_choices,
    mid_sentence_capitals,
    parse_choices,
    parse_lookup,
    parse_units,
    run_bilingual,
    run_lt_proc,
    strip_marks,
    unknown_words,
    utf8_env,
)
from service.translation.engines.apertium_live import (
    Launch,
    PipelineBroken,
    PipelinePool,
    PipelineTimeout,
    PoolLimits,
    analyser_stages,
    bilingual_stages,
    estimate_memory,
    mode_stages,
)
from service.translation.engines.apertium_stream import LargeBlank, deformat, reformat
from service.translation.engines.base import EngineError, EngineStatus, EngineUnavailable

_SEPARATOR = "\n\n"
# Marks Apertium may leave on words it could not generate or transfer ("#word", "@word") even with -u.
_ANALYSER = re.compile(r"lt-proc\s+(?:-\w+\s+)*'?([^'\s]+\.automorf\.bin)")
_BILINGUAL = re.compile(r"lt-proc\s+(?:-\w+\s+)*'?([^'\s]+\.autobil\.bin)")


class ApertiumEngine:
    """Translate with the installed Apertium modes."""

    name = "apertium"
    keeps_unknown_words = True

    def __init__(
        self,
        data_dirs: list[str] | None = None,
        timeout: float = 60.0,
        binary: str = "apertium",
        live: PoolLimits | None = None,
    ):
        self.data_dirs = [Path(d) for d in (data_dirs or existing_apertium_dirs())]
        self.timeout = timeout
        self.binary = shutil.which(binary)
        self.pool = PipelinePool(live or PoolLimits(), env=utf8_env())

    @cached_property
    def _modes(self) -> dict[tuple[str, str], Path]:
        """Plain pair modes (no regional or debugging variants) by language pair."""
        modes: dict[tuple[str, str], Path] = {}
        for data_dir in self.data_dirs:
            for mode_file in sorted((data_dir / "modes").glob("*.mode")):
                parts = mode_file.stem.split("-")
                if len(parts) != 2 or "_" in mode_file.stem:
                    continue
                try:
                    pair = (normalize_code(parts[0]), normalize_code(parts[1]))
                except UnknownLanguage:
                    continue
                if pair[0] != pair[1]:
                    modes.setdefault(pair, mode_file)
        return modes

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._modes) if self.binary else set()

    def _mode(self, source: str, target: str) -> Path:
        if not self.binary:
            raise EngineUnavailable("Apertium is not installed (install the 'apertium' package and a language pair)")
        try:
            return self._modes[(source, target)]
        except KeyError:
            raise EngineUnavailable(f"no Apertium mode for {source}→{target}") from None

    def model_id(self, source: str, target: str) -> str:
        """Mode name plus a fingerprint of its data files, so upgrades miss the cache."""
        mode = self._mode(source, target)
        return f"{mode.stem}@{_fingerprint(mode)}"

    def status(self) -> EngineStatus:
        if not self.binary:
            return EngineStatus(self.name, False, detail="apertium binary not found on PATH")
        pairs = sorted(self.pairs())
        detail = f"{len(pairs)} pairs from {', '.join(str(d) for d in self.data_dirs)}"
        return EngineStatus(self.name, bool(pairs), pairs, detail)

    def describe_pairs(self) -> list[dict]:
        """Each pair with its mode, Debian package, version and data size (for `models list`)."""
        out = []
        for (source, target), mode in sorted(self._modes.items()):
            data = _data_dir(mode)
            size = sum(f.stat().st_size for f in data.glob("*") if f.is_file()) if data else 0
            package = data.name if data else None
            out.append(
                {
                    "source": source,
                    "target": target,
                    "mode": mode.stem,
                    "package": package,
                    "version": _package_version(package) if package else None,
                    "size_bytes": size,
                }
            )
        return out

    def warm(
        self,
        pairs: list[tuple[str, str]] | None = None,
        started: Callable[[str, str], None] | None = None,
        first_hops: Collection[tuple[str, str]] = (),
    ) -> None:
        """Start the pipelines of ``pairs`` (most needed first), as many as the process's bounds hold.

        A worker's start-up: the first requests then find their pipelines and
        dictionaries running. Without ``pairs``, every pair (in name order).
        ``started(source, target)`` is told before each pair starts (progress).
        ``first_hops``: the pairs that open a route, whose bilingual dictionary the names rules ask.
        """
        wanted = [p for p in (pairs if pairs is not None else sorted(self.pairs())) if p in self._modes]
        for source, target in wanted:
            mode, opens = self._modes[(source, target)], (source, target) in first_hops
            if self.pool.limits.enabled and not self._fits(mode, opens):
                continue  # not now: it starts when a request needs it, in the room it then finds
            if started is not None:
                started(source, target)
            with contextlib.suppress(EngineError, EngineUnavailable, OSError):
                self.translate(["Le conseil a voté le budget."], source, target)
                bilingual = _bilingual_path(mode) if opens else None
                if self.pool.limits.enabled and bilingual is not None and bilingual.is_file():
                    self._bilingual_look_up(bilingual, "^Paris<np><top>$\n", self.timeout)  # names look-ups, live

    def warm_look_ups(self, languages: list[str]) -> None:
        """Start the look-up process of every analyser of ``languages``, as many as the bounds hold.

        The names rules ask all of the source language's analysers (``readings``), the checks all of a
        target's (``known_words``): started by the first requests, each made one of them wait about 30 ms.
        """
        if not self.pool.limits.enabled:
            return
        for language in dict.fromkeys(languages):
            for analyser in self._analysers_for(language):
                stages = analyser_stages(analyser)
                if stages is None:
                    return
                if self.pool.pipelines(f"lookup:{analyser}") or self.pool.has_room(estimate_memory(stages)):
                    self._look_up(analyser, ["de"], self.timeout)

    def translate(self, sentences: list[str], source: str, target: str) -> list[Translated]:
        """Translations with the words the pair's dictionary does not know, and its coverage of each sentence."""
        mode = self._mode(source, target)
        if not sentences:
            return []
        flat = [" ".join(s.split()) for s in sentences]
        kinds = self._classify(mode, {w for s in flat for w in WORDS.findall(s)})
        # The words chosen among several translations: read in the live pipeline's middle when it runs,
        # else by a partial pipeline beside the translation.
        choices: list[list | None] = [None] * len(flat)
        if self.pool.limits.enabled:
            out = self._translate_aligned(mode, flat, choices)
        else:
            with ThreadPoolExecutor(max_workers=1) as pool:
                choosing = pool.submit(self._choices, mode, flat)
                out = self._translate_aligned(mode, flat)
                choices = choosing.result()
        missing = [i for i, found in enumerate(choices) if found is None]
        if missing:  # a group the live pipeline could not answer in its middle: read apart
            for i, found in zip(missing, self._choices(mode, [flat[i] for i in missing]), strict=True):
                choices[i] = found
        out = [strip_marks(text, original) for original, text in zip(flat, out, strict=True)]
        out = self._repair_case(out, flat, target)
        results = []
        for original, text, chosen in zip(flat, out, choices, strict=True):
            unknown, coverage = unknown_words(original, kinds, text)
            results.append(Translated(text, None, unknown, coverage, (), tuple(chosen or ())))
        return results

    def _choices(self, mode: Path, sentences: list[str]) -> list[list[tuple[str, str, tuple[str, ...]]]]:
        """Per sentence, the words the pair translates one way among several with no rule (empty: none seen).

        Read from the pair's pipeline up to its lexical selection: a live one beside the translating
        pipeline when the pool may run it, else one shell pipeline for the call.
        """
        if not any(sentences):
            return [[] for _ in sentences]
        parts = split_stages(mode_stages(mode)) if self.pool.limits.enabled else None
        if parts is not None:  # the analysis half of the pair's live pipeline
            blocks = self._ask_blocks(str(mode), parts[0], sentences)
            if blocks is not None:
                return [parse_choices(block) for block in blocks]
        stages = _stages(mode)
        return lexical_choices(stages, sentences, self.timeout) if stages else [[] for _ in sentences]

    def _ask_blocks(self, key: str, stages: list[list[str]], sentences: list[str]) -> list[str] | None:
        """Each sentence's stream from a live partial pipeline (None: it could not answer in step).

        The sentences go as paragraphs of one text (the format puts a full stop and a blank between
        them, so no multiword unit crosses); the answer is cut on those blanks and checked by count.
        """
        try:
            payload = deformat(_SEPARATOR.join(" ".join(s.split()) for s in sentences)).encode("utf-8", "replace")
            answer = self.pool.ask(key, lambda: _launch(stages), payload, self.timeout)
        except (LargeBlank, EngineError):
            return None
        if answer is None:
            return None
        blocks = [_ADDED_STOP.sub("", b) for b in answer.decode("utf-8", errors="replace").split("[\n\n]")]
        return blocks if len(blocks) == len(sentences) else None

    def _analyse_live(self, analyser: Path, sentences: list[str], timeout: float) -> dict[str, list] | None:
        """``analyse_sentences``'s reading from the analyser's live look-up process (None: not live)."""
        stages = analyser_stages(analyser) if self.pool.limits.enabled else None
        blocks = self._ask_blocks(f"lookup:{analyser}", stages, sentences) if stages else None
        if blocks is None:
            return None
        return {sentence: parse_units(block) for sentence, block in zip(sentences, blocks, strict=True)}

    def analyse_pair(
        self, source: str, target: str, sentences: list[str]
    ) -> list[list[tuple[str, tuple[str, ...]]]] | None:
        """Each sentence as the ``source``→``target`` pair's own analyser reads it (None: no such pair)."""
        if (source, target) not in self._modes:
            return None
        analyser = _analyser_path(self._modes[(source, target)])
        if analyser is None or not analyser.is_file():
            return None
        return analyse_sentences(analyser, sentences, self.timeout, self._analyse_live)

    def translations(self, source: str, target: str, readings: set[str]) -> dict[str, list[str]] | None:
        """What the ``source``→``target`` pair's bilingual dictionary gives for each reading (None: no such pair).

        ``{"Carrefour<np><al>": ["Carrefour<np><al>"], "Pentagone<np><al>": ["Pentágono<np><al>"]}``; a reading
        it does not list comes back marked with "@".
        """
        if (source, target) not in self._modes:
            return None
        bilingual = _bilingual_path(self._modes[(source, target)])
        if bilingual is None or not bilingual.is_file():
            return None
        return bilingual_translations(bilingual, readings, self.timeout, self._bilingual_look_up) if readings else {}

    def analyse(self, language: str, sentences: list[str]) -> list[list[tuple[str, tuple[str, ...]]]] | None:
        """Each sentence as ``language``'s dictionary reads it (multiword units whole); None: no dictionary."""
        analyser = self._analyser_for(language)
        if analyser is None:
            return None
        return analyse_sentences(analyser, sentences, self.timeout, self._analyse_live)

    def _repair_case(self, outputs: list[str], sources: list[str], target: str) -> list[str]:
        """Lower-case words the engine capitalised mid-sentence ("Lavrov Was present", "« I Leave »").

        Only words the target language's own dictionary knows as verbs or
        grammatical words, never as names, and only when the source has no
        capital there either (the count of capitals mid-sentence grew).
        """
        grew = [
            i
            for i, (source, text) in enumerate(zip(sources, outputs, strict=True))
            if len(mid_sentence_capitals(text)) > len(mid_sentence_capitals(source))
        ]
        candidates = {w for i in grew for w in mid_sentence_capitals(outputs[i])}
        analyser = self._analyser_for(target) if candidates else None
        if analyser is None:
            return outputs  # the usual case: no capital was added, no dictionary is asked
        tags = analyse_tags(analyser, candidates, self.timeout, self._look_up)
        lower = {w for w, found in tags.items() if common_word(found, target)}
        fixed = list(outputs)
        for i in grew:
            fixed[i] = _MID_CAPITAL.sub(lambda m: m.group(1).lower() if m.group(1) in lower else m.group(1), fixed[i])
        return fixed

    def known_words(self, language: str, words: set[str]) -> set[str] | None:
        """The words any of ``language``'s dictionaries knows, in any case (None: no analyser for the language).

        The pairs' analysers of one language differ in size (spa-eng's Spanish lacks words es-fr's has): a
        word none of them knows is the evidence of an invented form, not a word one of them lacks.
        """
        analysers = self._analysers_for(language)
        if not analysers:
            return None
        pending = set(words)
        known: set[str] = set()
        for analyser in analysers:
            if not pending:
                break
            asked = pending | {w.lower() for w in pending}
            found = analyse_tags(analyser, asked, self.timeout, self._look_up)
            good = {w for w, readings in found.items() if readings and not readings[0].startswith("*")}
            now = {w for w in pending if w in good or w.lower() in good}
            known |= now
            pending -= now
        return known

    def readings(self, language: str, words: set[str]) -> dict[str, list[str]] | None:
        """Every reading of each word by all of ``language``'s dictionaries together (None: no analyser).

        One pair's analyser may lack what another lists: fra-cat knows the people "Américain<n>" as a
        noun of its own, fra-spa only the adjective "américain".
        """
        analysers = self._analysers_for(language)
        if not analysers:
            return None
        out: dict[str, list[str]] = {}
        for analyser in analysers:
            for word, found in analyse_tags(analyser, set(words), self.timeout, self._look_up).items():
                known = [r for r in found if not r.startswith("*")]
                out.setdefault(word, []).extend(r for r in known if r not in out[word])
        return out

    def known_share(self, language: str, words: set[str]) -> float | None:
        """Share of ``words`` that ``language``'s dictionary knows (None: no analyser for it)."""
        analyser = self._analyser_for(language)
        if analyser is None or not words:
            return None
        found = analyse_tags(analyser, words, self.timeout, self._look_up)
        known = sum(1 for w in words if w in found and not found[w][0].startswith("*"))
        return known / len(words)

    def pair_coverage(self, source: str, target: str, words: set[str]) -> float | None:
        """Share of ``words`` the source dictionary of the ``source``→``target`` pair knows."""
        analyser = _analyser_path(self._mode(source, target))
        if analyser is None or not words:
            return None
        found = analyse_tags(analyser, words, self.timeout, self._look_up)
        return sum(1 for w in words if w in found and not found[w][0].startswith("*")) / len(words)

    def _analysers_for(self, language: str) -> list[Path]:
        """Every installed analyser of ``language`` (one per pair translating from it, once each)."""
        found: dict[Path, None] = {}
        for (source, _), mode in sorted(self._modes.items()):
            if source == language:
                path = _analyser_path(mode)
                if path is not None and path.is_file():
                    found[path] = None
        return list(found)

    def _analyser_for(self, language: str) -> Path | None:
        """The morphological analyser of ``language`` from any installed pair that translates from it."""
        for (source, _), mode in sorted(self._modes.items()):
            if source == language:
                path = _analyser_path(mode)
                if path is not None and path.is_file():
                    return path
        return None

    def _translate_aligned(self, mode: Path, sentences: list[str], choices: list | None = None) -> list[str]:
        """Each sentence's translation; ``choices`` (one slot per sentence) receives the lexical choices
        read in the live pipeline's middle, where it ran (a slot left None was not read)."""
        # Empty strings would vanish between separators; keep their slots.
        slots = [i for i, s in enumerate(sentences) if s]
        if not slots:
            return ["" for _ in sentences]
        found: list | None = [] if choices is not None else None
        translated = self._translate_group(mode, [sentences[i] for i in slots], found)
        out = ["" for _ in sentences]
        for i, text in zip(slots, translated, strict=True):
            out[i] = text
        if choices is not None and found is not None:
            for i, chosen in zip(slots, found, strict=False):
                choices[i] = chosen
            for i, sentence in enumerate(sentences):
                if not sentence:
                    choices[i] = []
        return out

    def _translate_group(self, mode: Path, sentences: list[str], choices: list | None = None) -> list[str]:
        middle: list[str] | None = [] if choices is not None else None
        raw = self._run(mode, _SEPARATOR.join(sentences), middle)
        parts = [p.strip() for p in raw.strip().split(_SEPARATOR)]
        if len(parts) == len(sentences) or len(sentences) == 1:
            if choices is not None:
                blocks = [_ADDED_STOP.sub("", b) for b in middle[0].split("[\n\n]")] if middle else []
                aligned = len(blocks) == len(sentences)
                choices += [parse_choices(b) for b in blocks] if aligned else [None] * len(sentences)
            return parts if len(parts) == len(sentences) else [" ".join(raw.split())]
        half = len(sentences) // 2
        return self._translate_group(mode, sentences[:half], choices) + self._translate_group(
            mode, sentences[half:], choices
        )

    def _run(self, mode: Path, text: str, middle: list[str] | None = None) -> str:
        """The pair's output for ``text``, as ``apertium -u`` gives it: from its live pipeline when one may run.

        The live pipeline runs in two parts, the analysis up to the lexical selection and the transfer
        and generation, the one's answer fed to the other (byte for byte what the whole pipeline gives:
        tests/test_apertium_live.py): ``middle`` receives the stream between them, where the words
        chosen among several translations are still listed (``parse_choices``).
        """
        if self.pool.limits.enabled:
            try:
                payload = deformat(text).encode("utf-8", errors="replace")
            except LargeBlank:
                return self._run_once(mode, text)
            try:
                answer = self._ask_live(mode, payload, middle)
            except PipelineTimeout:
                raise EngineError(f"Apertium {mode.stem} timed out after {self.timeout:g}s") from None
            except PipelineBroken:
                return self._run_once(mode, text)  # it broke twice: the command gives the answer, or the error
            if answer is not None:
                return reformat(answer.decode("utf-8", errors="replace"))
        return self._run_once(mode, text)

    def _ask_live(self, mode: Path, payload: bytes, middle: list[str] | None) -> bytes | None:
        stages = mode_stages(mode)
        parts = split_stages(stages)
        if parts is None:
            return self.pool.ask(str(mode), lambda: _launch(stages), payload, self.timeout)
        front, back = parts
        between = self.pool.ask(str(mode), lambda: _launch(front), payload, self.timeout)
        if between is None:
            return None
        answer = self.pool.ask(f"{mode}|transfer", lambda: _launch(back), between, self.timeout)
        if answer is not None and middle is not None:
            middle.append(between.decode("utf-8", errors="replace"))
        return answer

    def _fits(self, mode: Path, first_hop: bool = False) -> bool:
        """Whether the pair's pipeline and its analyser (and, opening a route, its bilingual look-up) would
        start now without closing another."""
        if self.pool.pipelines(str(mode)):
            return True
        analyser, bilingual = _analyser_path(mode), _bilingual_path(mode) if first_hop else None
        parts = [mode_stages(mode), analyser_stages(analyser) if analyser else None]
        parts.append(bilingual_stages(bilingual) if bilingual else None)
        return self.pool.has_room(sum(estimate_memory(stages) for stages in parts if stages))

    def _run_once(self, mode: Path, text: str) -> str:
        """One ``apertium -u`` call: the pipeline started for this text alone."""
        command = [self.binary, "-u", "-d", str(mode.parent.parent), mode.stem]
        try:
            done = run(command, text, self.timeout, utf8_env())
        except subprocess.TimeoutExpired:
            raise EngineError(f"Apertium {mode.stem} timed out after {self.timeout:g}s") from None
        except OSError as err:
            raise EngineUnavailable(f"cannot run Apertium: {err}") from None
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise EngineError(f"Apertium {mode.stem} failed (exit {done.returncode}): {message[0]}")
        return done.stdout

    def _classify(self, mode: Path, words: set[str]) -> Mapping[str, Kind]:
        """Ask the pair's morphological analyser what each word is (unknown, a name, a common word)."""
        analyser = _analyser_path(mode)
        if analyser is None or not words:
            return {}
        return kinds_of(analyse_tags(analyser, words, self.timeout, self._look_up))

    def _look_up(self, analyser: Path, words: list[str], timeout: float) -> dict[str, list[str]] | None:
        """``lt-proc -w`` on ``words`` (one a line), from the analyser's live process when one may run.

        None when the dictionary could not answer (its process died twice or timed out): nothing is remembered.
        """
        payload = ("\n".join(words) + "\n").encode("utf-8", errors="replace")
        answer = self._ask_dictionary(f"lookup:{analyser}", lambda: analyser_stages(analyser), payload, timeout)
        if answer is _FAILED:
            return None
        if answer is not None:
            return parse_lookup(answer.decode("utf-8", errors="replace"))
        return run_lt_proc(analyser, words, timeout)

    def _bilingual_look_up(self, bilingual: Path, stream: str, timeout: float) -> str | None:
        """``lt-proc -b`` on a stream of readings, from the bilingual dictionary's live process when one may run.

        Live for the same reason as the analysers: a name a request has not met before would otherwise
        load the whole dictionary (0.13 s for fra-cat's) for one word. None when it could not answer.
        """
        answer = self._ask_dictionary(
            f"bilingual:{bilingual}", lambda: bilingual_stages(bilingual), stream.encode(), timeout
        )
        if answer is _FAILED:
            return None
        if answer is not None:
            return answer.decode("utf-8", errors="replace")
        return run_bilingual(bilingual, stream, timeout)

    def _ask_dictionary(
        self, key: str, stages: Callable[[], list[list[str]] | None], payload: bytes, timeout: float
    ) -> bytes | object | None:
        """A dictionary's live look-up process answers ``payload``: its bytes; None when none may run now (the
        caller makes a one-shot call); ``_FAILED`` when it died twice or timed out (the caller answers without)."""
        if not self.pool.limits.enabled:
            return None
        try:
            return self.pool.ask(key, lambda: _launch(stages()), payload, timeout)
        except EngineError:
            return _FAILED


_FAILED = object()  # a live look-up that could not answer (see ApertiumEngine._ask_dictionary)


def _launch(stages: list[list[str]] | None) -> Launch | None:
    return Launch(stages, estimate_memory(stages)) if stages else None


def _data_dir(mode: Path) -> Path | None:
    """The folder of the pair's data files, named after its Debian package."""
    path = _analyser_path(mode)
    return path.parent if path else None


@lru_cache(maxsize=128)
def _package_version(package: str) -> str | None:
    dpkg = shutil.which("dpkg-query")
    if not dpkg:
        return None
    try:
        done = run([dpkg, "-W", "-f", "${Version}", package], "", timeout=10)  # posix_spawn: no fork under gevent
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


# The full stop (and empty blank) the text format adds at the end of each paragraph.
_ADDED_STOP = re.compile(r"\^\./\.<sent>\$\[\]\s*$")


def split_stages(stages: list[list[str]] | None) -> tuple[list[list[str]], list[list[str]]] | None:
    """A pair's live stages cut after its lexical selection: (analysis, transfer and generation)."""
    front = choice_stages(stages)
    if not stages or not front or len(front) >= len(stages):
        return None
    return front, [list(argv) for argv in stages[len(front) :]]


def choice_stages(stages: list[list[str]] | None) -> list[list[str]] | None:
    """A pair's live stages up to its lexical selection (``lrx-proc``), or up to its bilingual look-up."""
    if not stages:
        return None
    names = [Path(argv[0]).name for argv in stages]
    last = next((i for i, n in enumerate(names) if n == "lrx-proc"), None)
    if last is None:
        bilingual = [
            i for i, (n, argv) in enumerate(zip(names, stages, strict=True)) if n == "lt-proc" and "-b" in argv
        ]
        last = bilingual[0] if bilingual else None
    return [list(argv) for argv in stages[: last + 1]] if last is not None else None


@lru_cache(maxsize=256)
def _stages(mode: Path) -> str | None:
    return analysis_stages(mode.read_text(encoding="utf-8", errors="replace"))


@lru_cache(maxsize=256)
def _analyser_path(mode: Path) -> Path | None:
    match = _ANALYSER.search(mode.read_text(encoding="utf-8", errors="replace"))
    return Path(match.group(1)) if match else None


@lru_cache(maxsize=256)
def _bilingual_path(mode: Path) -> Path | None:
    match = _BILINGUAL.search(mode.read_text(encoding="utf-8", errors="replace"))
    return Path(match.group(1)) if match else None


@lru_cache(maxsize=256)
def _fingerprint(mode: Path) -> str:
    """Hash of the mode file and the sizes and times of the data files it names."""
    text = mode.read_text(encoding="utf-8", errors="replace")
    digest = hashlib.sha1(text.encode())
    for path in sorted(set(re.findall(r"'(/[^']+)'", text))):
        try:
            st = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}:{st.st_size}:{int(st.st_mtime)}".encode())
    return digest.hexdigest()[:12]
