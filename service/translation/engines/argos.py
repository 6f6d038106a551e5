"""Argos Translate packages, run directly with CTranslate2.

We use ``argostranslate.package`` only to read installed packages (metadata
and the package's own tokenizer) and never ``argostranslate.translate``: it
downloads a sentence-boundary model on first use, which fails offline, and
it translates paragraph by paragraph in small batches. Here the sentences of
a request are already segmented, so they all go to one ``translate_batch``
call, batched by tokens and sorted by length inside CTranslate2.
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.models.translation import Translated
from service.settings import BY_NAME
from service.translation.argos_packages import PackageError, check_metadata, check_tokenizer, first_line
from service.translation.engines.base import EngineError, EngineStatus, EngineUnavailable

# Punctuation pieces where a long sentence may be cut without splitting a clause.
_CUT_PIECES = {",", ";", ":", "▁,", "▁;", "▁:", "—", "▁—", "–", "▁–", ")", "»", "▁»"}


@dataclass
class ArgosSettings:
    """Tuning knobs, filled from the ``SERVICE_ARGOS_*`` settings (whose defaults are these)."""

    beam_size: int = BY_NAME["ARGOS_BEAM_SIZE"].default  # type: ignore[assignment]
    inter_threads: int = BY_NAME["ARGOS_INTER_THREADS"].default  # type: ignore[assignment]
    intra_threads: int = BY_NAME["ARGOS_INTRA_THREADS"].default  # type: ignore[assignment]
    compute_type: str = BY_NAME["ARGOS_COMPUTE_TYPE"].default  # type: ignore[assignment]
    max_input_tokens: int = BY_NAME["ARGOS_MAX_INPUT_TOKENS"].default  # type: ignore[assignment]
    batch_tokens: int = BY_NAME["ARGOS_BATCH_TOKENS"].default  # type: ignore[assignment]
    # Benchmarks only: decode exactly this many steps so every variant does equal work.
    fixed_decoding_length: int | None = None


@dataclass
class InstalledPackage:
    """An installed Argos package: one we can translate with, or a broken one (``problem`` says why)."""

    path: Path
    source: str
    target: str
    version: str
    package: Any  # argostranslate.package.Package: metadata and tokenizer
    problem: str = ""

    @property
    def target_prefix(self) -> str:
        return self.package.target_prefix or ""


def discover(dirs: list[Path]) -> tuple[list[InstalledPackage], list[str]]:
    """Installed translation packages, and a problem line for each broken one.

    Each directory is read on its own so one broken package cannot hide the
    others. A package whose metadata names a valid pair but whose files are
    broken (no model, a tokenizer that does not load) is returned with its
    ``problem``: its pair then answers "unavailable" with the reason, instead
    of silently taking another route. Metadata that names no valid pair is
    only a problem line (there is no pair to answer for).
    """
    from argostranslate.package import Package

    found: list[InstalledPackage] = []
    problems: list[str] = []
    for root in dirs:
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
                if isinstance(metadata, dict) and metadata.get("type", "translate") != "translate":
                    continue
                source, target = check_metadata(metadata, path.name)
                pkg = Package(path)
            except PackageError as err:
                problems.append(str(err))
                continue
            except Exception as err:  # unreadable JSON or argostranslate's own reading: anything means broken
                problems.append(f"{path.name}: unreadable package ({err})")
                continue
            problem = ""
            try:
                if not (path / "model" / "model.bin").is_file():
                    raise PackageError(f"{path.name}: no CTranslate2 model (model/model.bin missing)")
                check_tokenizer(pkg, path.name)
            except PackageError as err:
                problem = str(err)
                problems.append(problem)
            found.append(InstalledPackage(path, source, target, pkg.package_version or "0", pkg, problem))
    return found, problems


class ArgosEngine:
    """Translate with installed Argos packages through CTranslate2."""

    name = "argos"
    keeps_unknown_words = False

    def __init__(self, package_dirs: list[Path], settings: ArgosSettings | None = None):
        self.package_dirs = [Path(p) for p in package_dirs]
        self.settings = settings or ArgosSettings()
        self._lock = threading.Lock()
        self._packages: dict[tuple[str, str], InstalledPackage] | None = None
        self._problems: list[str] = []
        self._translators: dict[Path, Any] = {}

    def refresh(self) -> None:
        """Forget discovered packages and loaded models (after install/remove)."""
        with self._lock:
            self._packages = None
            self._translators.clear()

    def _installed(self) -> dict[tuple[str, str], InstalledPackage]:
        """Every installed pair: its newest working package, else (no working one) its broken one."""
        with self._lock:
            if self._packages is None:
                try:
                    found, self._problems = discover(self.package_dirs)
                except ImportError as err:
                    found, self._problems = [], [f"argostranslate is not installed: {err}"]
                packages: dict[tuple[str, str], InstalledPackage] = {}
                for pkg in found:
                    known = packages.get((pkg.source, pkg.target))
                    if known is None or _better(pkg, known):
                        packages[(pkg.source, pkg.target)] = pkg
                self._packages = packages
            return self._packages

    def packages(self) -> list[InstalledPackage]:
        """The packages we can translate with (broken ones are left out)."""
        return [p for p in self._installed().values() if not p.problem]

    def pairs(self) -> set[tuple[str, str]]:
        """Installed pairs, broken ones included: they answer "unavailable" with their package's problem."""
        return set(self._installed())

    def _package(self, source: str, target: str) -> InstalledPackage:
        try:
            pkg = self._installed()[(source, target)]
        except KeyError:
            raise EngineUnavailable(f"no Argos package for {source}→{target}") from None
        if pkg.problem:
            raise EngineUnavailable(_broken(pkg))
        return pkg

    def model_id(self, source: str, target: str) -> str:
        pkg = self._package(source, target)
        try:
            st = (pkg.path / "model" / "model.bin").stat()
        except OSError as err:
            raise EngineUnavailable(_broken(self._mark_broken(pkg, f"model unreadable ({err})"))) from None
        return f"{pkg.path.name}@{pkg.version}:{st.st_size}:{int(st.st_mtime)}"

    def status(self) -> EngineStatus:
        installed = self._installed()
        pairs = sorted(pair for pair, pkg in installed.items() if not pkg.problem)
        detail = f"{len(pairs)} packages in {', '.join(str(d) for d in self.package_dirs)}"
        broken = [pkg.problem for pkg in installed.values() if pkg.problem and pkg.problem not in self._problems]
        return EngineStatus(self.name, bool(pairs), pairs, detail, list(self._problems) + broken)

    def _mark_broken(self, pkg: InstalledPackage, problem: str) -> InstalledPackage:
        """Remember that a package failed to load: its pair answers with the reason, /health lists it."""
        if not pkg.problem:
            pkg.problem = problem if problem.startswith(pkg.path.name) else f"{pkg.path.name}: {problem}"
        return pkg

    def translator(self, pkg: InstalledPackage) -> Any:
        """The package's CTranslate2 translator, loaded once and shared by threads."""
        if pkg.problem:
            raise EngineUnavailable(_broken(pkg))
        with self._lock:
            translator = self._translators.get(pkg.path)
            if translator is None:
                import ctranslate2

                try:
                    translator = ctranslate2.Translator(
                        str(pkg.path / "model"),
                        device="cpu",
                        compute_type=self.settings.compute_type,
                        inter_threads=self.settings.inter_threads,
                        intra_threads=self.settings.intra_threads,
                    )
                except Exception as err:
                    self._mark_broken(pkg, f"the CTranslate2 model does not load ({first_line(err)})")
                    raise EngineUnavailable(_broken(pkg)) from None
                self._translators[pkg.path] = translator
            return translator

    def warm(
        self,
        pairs: list[tuple[str, str]] | None = None,
        started: Callable[[str, str], None] | None = None,
        first_hops: Collection[tuple[str, str]] = (),
    ) -> None:
        """Load every installed model now (a worker's start-up), those of ``pairs`` first.

        ``started(source, target)`` is told before each model loads (progress). ``first_hops`` says nothing
        here: a neural model has no dictionary for the names rules to ask.
        """
        first = {pair: i for i, pair in enumerate(pairs or [])}
        for pkg in sorted(self.packages(), key=lambda p: first.get((p.source, p.target), len(first))):
            if started is not None:
                started(pkg.source, pkg.target)
            with contextlib.suppress(EngineError):  # reported by status(); the other models still load
                self.translator(pkg)

    def translate(self, sentences: list[str], source: str, target: str) -> list[Translated]:
        pkg = self._package(source, target)
        if not sentences:
            return []
        tokenizer = pkg.package.tokenizer
        chunks: list[list[str]] = []
        owners: list[int] = []
        for index, sentence in enumerate(sentences):
            try:
                tokens = tokenizer.encode(" ".join(sentence.split())) if sentence.strip() else []
            except Exception as err:  # the tokenizer file changed under us since discovery
                self._mark_broken(pkg, f"the tokenizer does not load ({first_line(err)})")
                raise EngineUnavailable(_broken(pkg)) from None
            for chunk in split_tokens(tokens, self.settings.max_input_tokens):
                chunks.append(chunk)
                owners.append(index)
        prefix = pkg.target_prefix
        results = self._translate_chunks(pkg, chunks, prefix)
        texts: list[list[str]] = [[] for _ in sentences]
        scores: list[list[tuple[float, int]]] = [[] for _ in sentences]
        for owner, chunk, (tokens, logprob) in zip(owners, chunks, results, strict=True):
            if not chunk:
                continue
            if prefix and tokens and tokens[0] == prefix:
                tokens = tokens[1:]
            texts[owner].append(tokenizer.decode(tokens).strip())
            scores[owner].append((logprob, max(len(tokens), 1)))
        return [
            Translated(" ".join(t for t in parts if t), _confidence(score) if score else None)
            for parts, score in zip(texts, scores, strict=True)
        ]

    def _translate_chunks(
        self, pkg: InstalledPackage, chunks: list[list[str]], prefix: str
    ) -> list[tuple[list[str], float]]:
        nonempty = [c for c in chunks if c]
        if not nonempty:
            return [([], 0.0) for _ in chunks]
        longest = max(len(c) for c in nonempty)
        fixed = self.settings.fixed_decoding_length
        limits = (
            {"max_decoding_length": fixed, "min_decoding_length": fixed}
            if fixed
            else {"max_decoding_length": decoding_limit(longest)}
        )
        try:
            batch = self.translator(pkg).translate_batch(
                nonempty,
                target_prefix=[[prefix] for _ in nonempty] if prefix else None,
                max_batch_size=self.settings.batch_tokens,
                batch_type="tokens",
                beam_size=self.settings.beam_size,
                replace_unknowns=True,
                return_scores=True,
                **limits,
            )
        except EngineError:
            raise
        except Exception as err:
            raise EngineError(f"Argos {pkg.source}→{pkg.target} failed: {err}") from None
        it = iter(batch)
        out = []
        for chunk in chunks:
            if not chunk:
                out.append(([], 0.0))
                continue
            hyp = next(it)
            # The batch shares one length cap; hold each sentence to its own so a
            # runaway output cannot borrow length from a long neighbour.
            tokens = hyp.hypotheses[0]
            if not fixed:
                tokens = tokens[: decoding_limit(len(chunk)) + (1 if prefix else 0)]
            out.append((tokens, float(hyp.scores[0]) if hyp.scores else 0.0))
        return out


def decoding_limit(input_tokens: int) -> int:
    """Longest output allowed for an input: translations rarely exceed 2x."""
    return int(input_tokens * 2) + 10


def split_tokens(tokens: list[str], limit: int) -> list[list[str]]:
    """Cut a token list into pieces of at most ``limit``, preferring punctuation.

    Models degrade (or repeat themselves) past their training length, so very
    long sentences are translated in clause-sized pieces and joined back.
    """
    if len(tokens) <= limit:
        return [tokens]
    pieces = []
    start = 0
    while len(tokens) - start > limit:
        end = start + limit
        cut = next((i + 1 for i in range(end - 1, start + limit // 2, -1) if tokens[i] in _CUT_PIECES), end)
        pieces.append(tokens[start:cut])
        start = cut
    pieces.append(tokens[start:])
    return pieces


def _confidence(parts: list[tuple[float, int]]) -> float:
    """Length-weighted mean token probability of a sentence's pieces.

    CTranslate2's score is the length-normalised log-likelihood, so exp of
    it is a per-token probability in 0..1.
    """
    total = sum(length for _, length in parts)
    return round(math.exp(sum(score * length for score, length in parts) / total), 4)


def _broken(pkg: InstalledPackage) -> str:
    """What a broken package's pair answers: the package, what is wrong, and how to repair it."""
    return (
        f"the Argos package for {pkg.source}→{pkg.target} is broken ({pkg.problem}); "
        "install it again: python -m service models install FILE"
    )


def _better(pkg: InstalledPackage, known: InstalledPackage) -> bool:
    """Whether ``pkg`` should serve its pair rather than ``known``: a working one first, then the newest."""
    if bool(pkg.problem) != bool(known.problem):
        return not pkg.problem
    return _newer(pkg.version, known.version)


def _newer(a: str, b: str) -> bool:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(a) > Version(b)
    except InvalidVersion:
        return a > b
