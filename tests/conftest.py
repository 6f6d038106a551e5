"""Shared fixtures: the project's sample, the shared corpus, real Argos packages."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from service.engines.apertium import ApertiumEngine
from service.engines.argos import ArgosEngine, ArgosSettings
from service.models import install_package
from service.pipeline import Translator
from tests.synthetic_argos import build_package

# No NLTK data anywhere: a hidden download or data lookup fails loudly.
if not os.environ.get("NLTK_DATA"):
    os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="empty-nltk-")
import nltk

nltk.data.path[:] = [os.environ["NLTK_DATA"]]  # not even a user's own NLTK data counts

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "article-fr.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The shared seed article; tests using it skip when ../shared is absent."""
    path = SHARED_CORPUS / "seed-article-fr.txt"
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def argos_archives(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Synthetic .argosmodel files: fr→en, en→de (Argos pivot) and de→en (mixed route)."""
    out = tmp_path_factory.mktemp("argos-archives")
    return {
        ("fr", "en"): build_package(out, "fr", "en", seed=1),
        ("en", "de"): build_package(out, "en", "de", seed=2, target_prefix="__de__"),
        ("de", "en"): build_package(out, "de", "en", seed=3),
    }


@pytest.fixture(scope="session")
def argos_dir(tmp_path_factory, argos_archives) -> Path:
    """A packages folder with every synthetic package installed."""
    packages = tmp_path_factory.mktemp("argos-packages")
    for archive in argos_archives.values():
        install_package(archive, packages)
    return packages


@pytest.fixture
def fresh_argos_dir(tmp_path, argos_dir) -> Path:
    """A private copy of the installed packages, for tests that break them."""
    copy = tmp_path / "packages"
    shutil.copytree(argos_dir, copy)
    return copy


# Short decoding keeps the random-weight model fast; the plumbing is the same.
FAST = ArgosSettings(beam_size=2, max_input_tokens=40, batch_tokens=1024)


@pytest.fixture
def argos(argos_dir) -> ArgosEngine:
    return ArgosEngine([argos_dir], FAST)


@pytest.fixture(scope="session")
def apertium() -> ApertiumEngine:
    engine = ApertiumEngine()
    if not engine.binary:
        pytest.fail("apertium is not installed: run scripts/test (it installs the Debian packages)")
    return engine


@pytest.fixture
def translator(tmp_path, argos, apertium) -> Translator:
    from service.cache import TranslationCache

    return Translator([argos, apertium], TranslationCache(tmp_path / "cache.sqlite3"))
