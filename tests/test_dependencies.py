"""Lean, declared, locked dependencies.

- ``pyproject.toml`` declares every third-party module the code imports, once
  (the runtime in ``dependencies``, the optional parts as extras);
- argostranslate's NLP stack (stanza -> torch, spaCy -> thinc, minisbd) is not
  installed: the locks leave it out and ``scripts/setup`` installs them with
  ``--no-deps``;
- the locks pin every package with its hashes, agree with each other, cover what
  ``pyproject.toml`` declares, and are what this environment runs;
- installing and reading an Argos package, and translating with it, still works
  with argostranslate installed without its dependencies.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from service.translation.argos_packages import install_package
from service.translation.engines.argos import ArgosEngine, discover
from tests.support import FAST, ROOT

# argostranslate's own dependencies that the service never uses (see scripts/lock).
NLP_STACK = ("torch", "stanza", "spacy", "thinc", "minisbd")
# Never pinned by a lock either: torch's and stanza's own heavy dependencies.
NEVER_LOCKED = (*NLP_STACK, "sympy", "networkx", "onnxruntime")
LOCKS = {
    "requirements.txt": (),
    "requirements-scale.txt": ("scale",),
    "requirements-dev.txt": ("scale", "eval", "docs", "dev"),
}
# Modules that only a scaled-out deployment imports (lazily, from service.jobs and service.cli.deployment):
# they may import the `scale` extra at module level.
SCALE_ONLY_MODULES = {"service/jobs/celery_worker.py"}


@cache
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared(*extras: str, core: bool = True) -> set[str]:
    """Canonical distribution names declared in pyproject.toml (the runtime, and these extras)."""
    requirements = list(project()["dependencies"]) if core else []
    for extra in extras:
        requirements += project()["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def all_declared() -> set[str]:
    return declared(*project()["optional-dependencies"])


def third_party_imports(path: Path, *, module_level_only: bool = False) -> set[str]:
    """Top-level names of the third-party modules ``path`` imports (optionally only outside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if module_level_only and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name.split(".")[0] for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.add(child.module.split(".")[0])
            visit(child)

    visit(tree)
    local = {p.stem for p in path.parent.glob("*.py")} | {"service", "tests", "__future__"}
    return {name for name in found if name not in sys.stdlib_module_names and name not in local}


def distributions_of(module: str) -> set[str]:
    return {canonicalize_name(d) for d in importlib.metadata.packages_distributions().get(module, [])}


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def undeclared(files: list[Path], names: set[str], *, where: str = "", **options) -> list[str]:
    """``path: module`` for each third-party import whose distribution is not among ``names``."""
    problems = []
    for path in files:
        for module in sorted(third_party_imports(path, **options)):
            dists = distributions_of(module)
            if not dists:
                problems.append(f"{path.relative_to(ROOT)}: {module} is imported but no installed distribution has it")
            elif not dists & names:
                problems.append(
                    f"{path.relative_to(ROOT)}: {module} (from {', '.join(sorted(dists))}) is not declared{where}"
                )
    return problems


# --- (a) every import declared ------------------------------------------------------------------------------


def test_every_module_imported_by_the_service_is_declared():
    assert undeclared(python_files("service"), all_declared()) == []


def test_the_service_imports_optional_packages_only_lazily():
    """At module level the service imports only runtime dependencies (except the scale-out-only modules)."""
    files = [p for p in python_files("service") if str(p.relative_to(ROOT)) not in SCALE_ONLY_MODULES]
    where = " as a runtime dependency: import it inside the function that needs it"
    assert undeclared(files, declared(), where=where, module_level_only=True) == []


# Scripts that run in a throwaway environment of their own under bench-out/, never in .venv: what they
# import is installed there by the script that runs them (scripts/train_argos_model installs torch).
THROWAWAY_SCRIPTS = {"scripts/train_argos.py"}


def test_every_module_imported_by_tests_and_scripts_is_declared():
    files = [p for p in python_files("tests", "scripts") if str(p.relative_to(ROOT)) not in THROWAWAY_SCRIPTS]
    assert undeclared(files, all_declared()) == []


def test_each_requirement_is_declared_once_per_list():
    for name, requirements in [
        ("dependencies", project()["dependencies"]),
        *project()["optional-dependencies"].items(),
    ]:
        names = [canonicalize_name(Requirement(r).name) for r in requirements]
        assert len(names) == len(set(names)), f"{name} names a package twice"
    assert not (ROOT / "requirements-dev.in").exists() and not (ROOT / "requirements.in").exists()


def test_argostranslate_real_needs_are_declared():
    """What argostranslate.package and its tokenizers import, declared by us since it is installed with --no-deps."""
    assert {"argostranslate", "ctranslate2", "sentencepiece", "sacremoses", "packaging"} <= declared()


# --- (b) argostranslate's NLP stack is absent ---------------------------------------------------------------


@pytest.mark.parametrize("name", NLP_STACK)
def test_argostranslate_nlp_stack_is_not_installed(name):
    assert importlib.util.find_spec(name) is None, f"{name} is importable"
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution(name)


# --- (c) the locks -----------------------------------------------------------------------------------------


@cache
def lock_entries(name: str) -> dict[str, list[tuple[str, str, list[str]]]]:
    """``canonical name -> [(version, marker, hashes)]`` for a lock (universal: a name may have one line per marker)."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    entries: dict[str, list[tuple[str, str, list[str]]]] = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"{name}: {line!r}: a lock lists packages only (no -r, -e or options)"
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        spec = re.sub(r"\s*--hash=\S+", "", line).strip()
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?", spec)
        assert match, f"{name}: {spec!r} is not pinned with =="
        assert hashes, f"{name}: {spec!r} has no --hash=sha256:"
        entries.setdefault(canonicalize_name(match[1]), []).append((match[2], match[3] or "", hashes))
    for package, lines in entries.items():
        markers = [marker for _, marker, _ in lines]
        assert len(lines) == 1 or (all(markers) and len(set(markers)) == len(markers)), f"{name} pins {package} twice"
    return entries


def pinned_versions(name: str) -> dict[str, set[str]]:
    return {package: {version for version, _, _ in lines} for package, lines in lock_entries(name).items()}


@pytest.mark.parametrize("lock", LOCKS)
def test_locks_pin_everything_with_hashes(lock):
    entries = lock_entries(lock)
    assert len(entries) > 20
    assert not set(NEVER_LOCKED) & set(entries), f"{lock} pins part of argostranslate's NLP stack"
    assert "sacremoses" in entries  # argostranslate's BPE tokenizer (older packages)


@pytest.mark.parametrize("lock", LOCKS)
def test_locks_cover_what_pyproject_declares(lock):
    missing = declared(*LOCKS[lock]) - set(lock_entries(lock))
    assert not missing, f"{lock} lacks {sorted(missing)}: run scripts/lock"


def test_locks_agree_and_nest():
    """The runtime lock is within the scale lock, within the dev lock, at the same versions."""
    core, scale, dev = (pinned_versions(lock) for lock in LOCKS)
    for small, large in ((core, scale), (scale, dev)):
        assert set(small) <= set(large)
        assert small == {package: large[package] for package in small}


def test_this_environment_is_the_dev_lock():
    """scripts/test runs in a venv built from requirements-dev.txt: every pinned version is the one installed."""
    wrong = []
    for package, lines in lock_entries("requirements-dev.txt").items():
        applying = [version for version, marker, _ in lines if not marker or Marker(marker).evaluate()]
        if not applying:
            continue
        [version] = applying
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong.append(f"{package}: {installed}, lock {version}")
    assert wrong == [], "run scripts/setup --dev"


# --- (d) Argos packages without argostranslate's dependencies --------------------------------------------------


def test_argostranslate_is_installed_without_its_declared_dependencies():
    requires = [Requirement(r) for r in importlib.metadata.requires("argostranslate") or []]
    missing = {canonicalize_name(r.name) for r in requires if not r.marker or r.marker.evaluate()} - {
        canonicalize_name(d.metadata["Name"]) for d in importlib.metadata.distributions()
    }
    # The declared-but-absent ones are exactly the NLP stack we leave out.
    assert missing and missing <= set(NLP_STACK)


def test_install_read_and_translate_an_argos_package(tmp_path, argos_archives):
    packages = tmp_path / "packages"
    installed = install_package(argos_archives[("fr", "en")], packages)
    assert (installed / "metadata.json").is_file() and (installed / "model" / "model.bin").is_file()

    found, problems = discover([packages])
    assert problems == []
    assert [(p.source, p.target, p.version) for p in found] == [("fr", "en", "1.0")]
    package = found[0].package  # argostranslate.package.Package: metadata + SentencePiece tokenizer
    assert type(package).__module__ == "argostranslate.package"
    assert package.tokenizer.encode("Le chat dort.")

    engine = ArgosEngine([packages], FAST)
    assert engine.pairs() == {("fr", "en")} and engine.status().available
    [translated] = engine.translate(["Le conseil municipal a voté le budget."], "fr", "en")
    assert translated.text and translated.score is not None


def test_argostranslate_bpe_tokenizer_works_with_sacremoses(tmp_path):
    """Older Argos packages ship bpe.model; argostranslate reads it with sacremoses (lazily imported)."""
    from argostranslate.tokenizer import BPETokenizer

    codes = tmp_path / "bpe.model"
    codes.write_text("#version: 0.2\nl e\nc h\nch a\nle </w>\n", encoding="utf-8")
    tokenizer = BPETokenizer(codes, "fr", "en")
    tokens = tokenizer.encode("Le chat dort.")
    assert tokens and any(t.endswith("@@") for t in tokens)
    assert tokenizer.decode(tokens) == "Le chat dort."
    assert "sacremoses" in sys.modules and not set(NLP_STACK) & set(sys.modules)
