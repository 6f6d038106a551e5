"""The trained Argos test model: a real package whose decoding stops at the end of each sentence."""

from __future__ import annotations

import pytest

from service.text.segmenter import segment
from service.translation.argos_packages import install_package
from service.translation.engines.argos import ArgosEngine, ArgosSettings, decoding_limit
from tests.synthetic_argos import build_package
from tests.trained_argos import PACKAGE, held_out, sentences


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> ArgosEngine:
    folder = tmp_path_factory.mktemp("trained")
    install_package(PACKAGE, folder)
    return ArgosEngine([folder], ArgosSettings(beam_size=2))


def _decoded_tokens(engine: ArgosEngine, sentences: list[str]) -> list[tuple[int, int]]:
    """(input tokens, output tokens) per sentence, from CTranslate2 itself: the sentences the engine sends
    whole (longer ones it cuts at ``max_input_tokens`` first, and the model has no position past 512)."""
    pkg = engine._package("fr", "en")
    tokens = [pkg.package.tokenizer.encode(s) for s in sentences]
    tokens = [t for t in tokens if len(t) <= engine.settings.max_input_tokens]
    results = engine._translate_chunks(pkg, tokens, pkg.target_prefix)
    return [(len(t), len(out)) for t, (out, _) in zip(tokens, results, strict=True)]


def test_the_package_is_small_real_and_installs(trained):
    assert PACKAGE.stat().st_size < 4 * 1024 * 1024
    assert trained.pairs() == {("fr", "en")}
    assert not trained.status().problems


def test_decoding_stops_at_the_end_of_held_out_sentences(trained):
    """Sentences it never saw in training: outputs end near their input's length, almost never at the cap."""
    unseen = [s for s in sentences() if held_out(s)]
    assert len(unseen) > 100
    lengths = _decoded_tokens(trained, unseen)
    stopped = sum(out <= source + 5 for source, out in lengths)
    assert stopped >= 0.95 * len(lengths)
    assert sum(out >= decoding_limit(source) for source, out in lengths) <= 0.02 * len(lengths)


def test_random_weights_decode_to_the_cap_where_the_trained_model_stops(tmp_path, trained):
    """Why the benches needed this model: the synthetic one never ends a sentence."""
    folder = tmp_path / "random"
    install_package(build_package(tmp_path / "archives", "fr", "en", seed=1), folder)
    random_engine = ArgosEngine([folder], ArgosSettings(beam_size=2))
    sentences = ["Le conseil municipal a voté le budget lundi soir.", "Il pleut sur la ville depuis trois jours."]
    random_lengths = _decoded_tokens(random_engine, sentences)
    assert all(out >= decoding_limit(source) for source, out in random_lengths)
    assert all(out < decoding_limit(source) for source, out in _decoded_tokens(trained, sentences))


def test_it_translates_a_whole_article_through_the_engine(trained, sample_text):
    sentences = [s.text for s in segment(sample_text)]
    out = trained.translate(sentences, "fr", "en")
    assert len(out) == len(sentences) and all(t.text for t in out)
    copied = sum(t.text.split()[:2] == s.split()[:2] for t, s in zip(out, sentences, strict=True))
    assert copied >= len(sentences) // 2  # it copies, roughly: a test model, not a translator
