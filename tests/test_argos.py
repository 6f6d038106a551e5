"""The Argos engine with real (synthetic, random-weight) packages."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from service.text.segmenter import segment
from service.translation.argos_packages import PackageError, install_package, list_packages
from service.translation.engines import EngineUnavailable
from service.translation.engines.argos import ArgosEngine, decoding_limit, split_tokens
from tests.support import FAST
from tests.synthetic_argos import corrupt_package, install_unzipped, zip_without_model


def test_discovers_installed_packages(argos):
    assert argos.pairs() == {("fr", "en"), ("en", "de"), ("de", "en")}
    assert argos.status().available and argos.status().problems == []
    assert argos.model_id("fr", "en").startswith("translate-fr_en-1_0@1.0:")


def test_one_to_one_deterministic_with_scores(argos, sample_text):
    sentences = [s.text for s in segment(sample_text)][:12]
    first = argos.translate(sentences, "fr", "en")
    again = argos.translate(sentences, "fr", "en")
    assert len(first) == len(sentences)
    assert first == again
    assert all(t.text for t in first)
    assert all(t.score is not None and 0.0 < t.score <= 1.0 for t in first)


def test_order_does_not_leak_between_sentences(argos):
    a, b = "La ligne de tramway ouvre.", "Le coût final du projet atteint 312 millions."
    # Random weights never emit an end token, so every output runs to its own
    # length cap: equal texts prove the cap is per sentence, not per batch.
    forward = argos.translate([a, b], "fr", "en")
    backward = argos.translate([b, a], "fr", "en")
    assert forward[0].text == backward[1].text and forward[1].text == backward[0].text
    assert argos.translate([a], "fr", "en")[0].text == forward[0].text


def test_empty_sentence_keeps_its_slot(argos):
    out = argos.translate(["", "Bonjour.", "  "], "fr", "en")
    assert out[0].text == "" and out[1].text and out[2].text == ""


def test_target_prefix_is_sent_and_stripped(argos):
    out = argos.translate(["The line opens."], "en", "de")
    assert out[0].text and "__de__" not in out[0].text


def test_long_sentence_is_chunked_and_joined(argos, sample_text):
    long_sentence = " ".join(s.text.rstrip(".") + "," for s in segment(sample_text)[6:16])
    tokens = argos._package("fr", "en").package.tokenizer.encode(long_sentence)
    assert len(tokens) > FAST.max_input_tokens * 3
    out = argos.translate([long_sentence, "Court."], "fr", "en")
    assert len(out) == 2
    pieces = split_tokens(tokens, FAST.max_input_tokens)
    assert len(pieces) >= 4 and all(len(p) <= FAST.max_input_tokens for p in pieces)
    assert [t for piece in pieces for t in piece] == tokens
    # Each chunk yields text, so the joined translation is longer than any single one.
    assert len(out[0].text) > len(out[1].text)


def test_split_tokens_prefers_punctuation():
    tokens = ["a"] * 30 + ["▁,"] + ["b"] * 30
    pieces = split_tokens(tokens, 40)
    assert pieces[0][-1] == "▁," and len(pieces[0]) == 31
    assert decoding_limit(10) > 10


def test_translator_loaded_once_and_shared(argos):
    pkg = argos._package("fr", "en")
    assert argos.translator(pkg) is argos.translator(pkg)


def test_broken_package_does_not_hide_the_others(fresh_argos_dir, tmp_path):
    install_unzipped(zip_without_model(tmp_path), fresh_argos_dir)
    (fresh_argos_dir / "not-a-package").mkdir()
    engine = ArgosEngine([fresh_argos_dir], FAST)
    assert ("fr", "en") in engine.pairs()
    problems = " ".join(engine.status().problems)
    assert "translate-fr_xx-1_0" in problems and "'xx' is not an ISO 639 code" in problems
    assert "not-a-package" in problems


def test_corrupt_model_file_is_an_engine_error(fresh_argos_dir):
    (fresh_argos_dir / "translate-fr_en-1_0" / "model" / "model.bin").write_bytes(b"garbage")
    engine = ArgosEngine([fresh_argos_dir], FAST)
    with pytest.raises(EngineUnavailable, match="model does not load"):
        engine.translate(["Bonjour."], "fr", "en")


def test_unknown_pair_is_unavailable(argos):
    with pytest.raises(EngineUnavailable, match="fr→ja"):
        argos.translate(["Bonjour."], "fr", "ja")


def test_install_rejects_corrupt_archives_and_keeps_installed_set(tmp_path, argos_archives):
    packages = tmp_path / "pk"
    install_package(argos_archives[("fr", "en")], packages)
    before = sorted(p.name for p in packages.iterdir())
    for bad in (corrupt_package(tmp_path), zip_without_model(tmp_path)):
        with pytest.raises(PackageError):
            install_package(bad, packages)
    truncated = tmp_path / "truncated.argosmodel"
    truncated.write_bytes(argos_archives[("en", "de")].read_bytes()[:5000])
    with pytest.raises(PackageError):
        install_package(truncated, packages)
    assert sorted(p.name for p in packages.iterdir()) == before
    assert [(p.source, p.target) for p in list_packages(packages)] == [("fr", "en")]


def test_reinstall_replaces_in_place(tmp_path, argos_archives):
    packages = tmp_path / "pk"
    first = install_package(argos_archives[("fr", "en")], packages)
    (first / "marker").write_text("old")
    again = install_package(argos_archives[("fr", "en")], packages)
    assert again == first and not (again / "marker").exists()
    with zipfile.ZipFile(argos_archives[("fr", "en")]) as zf:
        assert all((packages / n).exists() for n in zf.namelist())
    shutil.rmtree(packages)
