"""Shared fixtures: isolation from the user's files, the samples, real Argos packages and engines."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from service.translation.argos_packages import install_package
from service.translation.engines.apertium import ApertiumEngine
from service.translation.engines.argos import ArgosEngine
from service.translation.translator import Translator
from tests.support import FAST, SAMPLE, SHARED_CORPUS, make_app
from tests.synthetic_argos import build_package

# No NLTK data anywhere: a hidden download or data lookup fails loudly.
if not os.environ.get("NLTK_DATA"):
    os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="empty-nltk-")
import nltk
from hypothesis import configuration as hypothesis_configuration

nltk.data.path[:] = [os.environ["NLTK_DATA"]]  # not even a user's own NLTK data counts
# Hypothesis keeps examples and caches in ./.hypothesis by default: keep the repository clean.
hypothesis_configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))

# A closed local port stands for "no network" on any machine.
OFFLINE_INDEX = "http://127.0.0.1:9/index.json"


def _isolate(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Point every place the service reads or writes at ``folder`` (subprocesses inherit it)."""
    monkeypatch.setenv("SERVICE_INSTANCE_PATH", str(folder / "instance"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder / "argos-packages"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    monkeypatch.setenv("SERVICE_ARGOS_INDEX_URL", OFFLINE_INDEX)


@pytest.fixture(scope="session", autouse=True)
def isolated_session(tmp_path_factory):
    """Session-wide isolation, so that module- and session-scoped servers are isolated too."""
    with pytest.MonkeyPatch.context() as patch:
        _isolate(patch, tmp_path_factory.mktemp("session-home"))
        yield


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own instance folder, Argos folder and cache: nothing is shared or written in the repo."""
    _isolate(monkeypatch, tmp_path / "home")


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
def app(tmp_path, argos_dir):
    """The web app on a private instance folder with the synthetic Argos packages: the tests' one app."""
    return make_app(tmp_path / "instance", argos_dir)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def translator(tmp_path, argos, apertium) -> Translator:
    from service.storage.translation_cache import TranslationCache

    return Translator([argos, apertium], TranslationCache(tmp_path / "cache.sqlite3"))
