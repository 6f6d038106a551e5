"""Faithful translations on our own table of press sentences, with the real Apertium engine.

Every protected span comes out verbatim in every language; no invented code
("Zxqa1") appears; no engine artefact (doubled space, space before a comma
or full stop, lost #, @ or *) reaches the reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.translation import Translator

TABLE = Path(__file__).resolve().parent / "data" / "fidelity.tsv"
ROWS = [
    (sentence, [s for s in spans.split(" | ") if s])
    for sentence, spans in (
        line.split("\t") for line in TABLE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    )
]
MIXED = re.compile(r"\b(?=\w*[^\W\d_])(?=\w*\d)\w+\b")  # a token with letters and digits


@pytest.fixture(scope="module")
def outputs(apertium) -> dict[str, list[str]]:
    translator = Translator([apertium])
    results = translator.translate_sentences([s for s, _ in ROWS], "fr", ["en", "es", "ca"])
    return {code: [t.text for t in target.translations] for code, target in results.items()}


def test_the_table_is_wide():
    assert len(ROWS) >= 60
    kinds = " ".join(s for _, spans in ROWS for s in spans)
    for sample in ("#", "@", "http", "-Un", "A320", "2023-270"):
        assert sample in kinds


@pytest.mark.parametrize("language", ["en", "es", "ca"])
def test_protected_spans_come_out_verbatim(outputs, language):
    for (sentence, spans), translated in zip(ROWS, outputs[language], strict=True):
        for span in spans:
            assert span in translated, f"{language}: {span!r} lost in {translated!r} (from {sentence!r})"


@pytest.mark.parametrize("language", ["en", "es", "ca"])
def test_no_invented_codes_and_no_artefacts(outputs, language):
    for (sentence, _), translated in zip(ROWS, outputs[language], strict=True):
        for token in MIXED.findall(translated):
            assert token in sentence, f"{language}: invented {token!r} in {translated!r}"
        assert "  " not in translated and " ," not in translated and not re.search(r" \.(\s|$)", translated), translated
        assert not re.search(r"[Zz]x[qw]", translated), translated
        for sign in ("#", "@", "*"):
            assert translated.count(sign) >= sentence.count(sign), f"{language}: {sign} lost in {translated!r}"
        if language != "fr":
            assert not re.search(r"\s[;:!?]", translated), f"{language}: French spacing left in {translated!r}"


def test_guillemets_keep_their_words(outputs):
    for language in ("en", "es", "ca"):
        index = next(i for i, (s, _) in enumerate(ROWS) if "«perspectives»" in s)
        assert "«»" not in outputs[language][index] and re.search(r"«\w+»", outputs[language][index])


def test_capitals_follow_the_source(outputs):
    index = next(i for i, (s, _) in enumerate(ROWS) if s.startswith("Sergueï Lavrov"))
    assert "Lavrov was present" in outputs["en"][index]
    ellipsis = next(i for i, (s, _) in enumerate(ROWS) if s.startswith("Il hésite"))
    assert " Y " not in outputs["en"][ellipsis]
