"""The Apertium engine against the real Debian packages."""

from __future__ import annotations

import pytest

from service.pipeline.run import translate_text
from service.storage.translation_cache import TranslationCache
from service.text.segmenter import segment
from service.translation.engines import EngineError, EngineUnavailable
from service.translation.engines.apertium import ApertiumEngine
from service.translation.translator import Translator


def test_discovers_pairs_with_normalised_codes(apertium):
    pairs = apertium.pairs()
    assert {("fr", "es"), ("es", "en"), ("fr", "ca")} <= pairs
    assert all(len(a) == 2 and len(b) == 2 for a, b in pairs)  # "fra", "spa", "eng" normalised
    assert apertium.model_id("fr", "es").startswith("fr-es@")


def test_real_words(apertium):
    out = apertium.translate(["Le chat mange une pomme.", "La maison est grande."], "fr", "es")
    assert "gato" in out[0].text and "manzana" in out[0].text
    assert "casa" in out[1].text
    assert all(t.score is None for t in out)


def test_unknown_word_marks_removed(apertium):
    out = apertium.translate(["Le cosmodrome Vostotchny est loin."], "fr", "es")
    assert "*" not in out[0].text and "Vostotchny" in out[0].text


def test_one_to_one_for_every_sentence_of_an_article(apertium, sample_text):
    sentences = [s.text for s in segment(sample_text)]
    out = apertium.translate(sentences, "fr", "es")
    assert len(out) == len(sentences)
    # Alignment, not just count: numbers of each sentence reappear on its own line.
    for src, dst in zip(sentences, out, strict=True):
        for number in ("312,5", "28", "450", "2027", "14/09/2023"):
            if number in src:
                assert number in dst.text, (src, dst.text)


def test_empty_and_odd_sentences_keep_their_slots(apertium):
    out = apertium.translate(["Bonjour.", "", "Sans point", "[crochets] \\ ^ $ @ / < > {}"], "fr", "es")
    assert [bool(t.text) for t in out] == [True, False, True, True]
    assert out[3].text == "[ganchos] \\ ^ $ @ / < > {}"  # stream-format characters survive


class _GluingApertium(ApertiumEngine):
    """Apertium whose first call glues two sentences, as a misbehaving pair might."""

    calls = 0

    def _run(self, mode, text, middle=None):
        self.calls += 1
        out = super()._run(mode, text, middle)
        return out.replace("\n\n", " ", 1) if self.calls == 1 else out


def test_misaligned_output_falls_back_to_smaller_groups():
    engine = _GluingApertium()
    sentences = ["Le chat dort.", "La maison est grande.", "Il pleut.", "Le train part."]
    out = engine.translate(sentences, "fr", "es")
    assert len(out) == 4 and "gato" in out[0].text and "casa" in out[1].text and "tren" in out[3].text
    assert engine.calls > 1


def test_pivot_to_english(tmp_path, apertium):
    translator = Translator([apertium], TranslationCache(tmp_path / "c.sqlite3"))
    result = translate_text(translator, "Le chat mange une pomme. Il pleut.", "fr", ["en"])
    target = result.targets["en"]
    assert target.route.describe() == "fr→es (apertium) → en (apertium)"
    assert "cat" in target.translations[0].text and "apple" in target.translations[0].text


NAME_CASES = [
    ("Le président Vladimir Poutine et Kim Jong-Un se sont rencontrés.", ["Kim Jong-Un", "Putin"]),
    ("Le père de Kim Jong Un, Kim Jong Il, est mort en 2011.", ["Kim Jong Un", "Kim Jong Il"]),
    ("Ils se sont vus au cosmodrome Vostotchny, avec Sergueï Lavrov.", ["Vostotchny", "Sergueï Lavrov"]),
    ("La porte-parole chinoise, Mao Ning, a parlé.", ["Mao Ning"]),
    ("Les Etats-Unis et la Corée du Nord discutent.", ["United States", "North Korea"]),
    ("La ligne E du tramway ouvre samedi.", ["line E"]),
]


@pytest.mark.parametrize(("sentence", "expected"), NAME_CASES)
def test_names_survive_the_pivot_to_english(tmp_path, apertium, sentence, expected):
    translator = Translator([apertium], TranslationCache(tmp_path / "c.sqlite3"))
    text = translate_text(translator, sentence, "fr", ["en"]).targets["en"].translations[0].text
    for name in expected:
        assert name in text, text
    assert "One" not in text and "Zxq" not in text


def test_seed_article_names(tmp_path, apertium, seed_text):
    translator = Translator([apertium], TranslationCache(tmp_path / "c.sqlite3"))
    result = translate_text(translator, seed_text, "fr", ["en"])
    english = " ".join(t.text for t in result.targets["en"].translations)
    for name in ("Kim Jong-Un", "Vostotchny", "Sergueï Lavrov", "Mao Ning", "Putin"):
        assert name in english
    assert "Jong-One" not in english and "Zxq" not in english.title()


def test_missing_binary_is_a_clear_state():
    engine = ApertiumEngine(binary="apertium-not-installed")
    assert engine.pairs() == set()
    assert not engine.status().available and "not found" in engine.status().detail
    with pytest.raises(EngineUnavailable, match="not installed"):
        engine.translate(["Bonjour."], "fr", "es")


def test_timeout_is_an_engine_error():
    engine = ApertiumEngine(timeout=0.001)
    with pytest.raises(EngineError, match="timed out"):
        engine.translate(["Bonjour tout le monde."] * 50, "fr", "es")
