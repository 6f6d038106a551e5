"""Faithful translations on our own table of press sentences, with the real Apertium engine.

Every protected span comes out verbatim in every language; no invented code
("Zxqa1") appears; no engine artefact (doubled space, space before a comma
or full stop, lost #, @ or *) reaches the reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.translation.translator import Translator

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


# --- Doubts made visible: unknown words, pivots, other languages --------------------------------

from service.models.options import Options  # noqa: E402
from service.pipeline.run import translate_texts  # noqa: E402


def test_unknown_words_with_offsets(apertium):
    sentence = "Une aubaine pour irriguer les champs du plateau."
    result = translate_texts(Translator([apertium]), [sentence], Options.parse("fr", ["es"]))[0]
    translated = result.targets["es"].translations[0]
    words = {u.word: (u.start, u.end) for u in translated.unknown_words if not u.pivot}
    assert words["aubaine"] == (4, 11) and sentence[slice(*words["irriguer"])] == "irriguer"
    assert "unknown_words" in translated.flags and translated.confidence < 1
    clean = translate_texts(Translator([apertium]), ["Le chat dort."], Options.parse("fr", ["es"]))[0]
    assert clean.targets["es"].translations[0].flags == () and clean.targets["es"].translations[0].confidence == 1.0


def test_seed_english_lists_the_spanish_leftovers(apertium, seed_text):
    result = translate_texts(Translator([apertium]), [seed_text], Options.parse("fr", ["en"]))[0]
    target = result.targets["en"]
    assert target.route.pivots == ["es"]
    leftovers = {u.word for s in target.translations for u in s.unknown_words if u.pivot}
    assert leftovers, "the pivot leaves Spanish words in English: they must be reported"
    for sentence in target.translations:
        for u in sentence.unknown_words:
            if u.pivot:
                assert u.language == "es" and u.start is None and "pivot_leftover" in sentence.flags
                assert u.word in sentence.text  # the Spanish word really is in the English output


def test_an_english_paragraph_inside_a_french_text(apertium):
    text = (
        "Le ministre a répondu longuement aux journalistes.\n\n"
        "We will never give up our alliance with the people of this country.\n\n"
        "Puis il a quitté la salle sous les applaudissements."
    )
    result = translate_texts(Translator([apertium]), [text], Options.parse("fr", ["es", "en"]))[0]
    spanish, english = result.targets["es"].translations, result.targets["en"].translations
    assert spanish[1].route == "en→es (apertium)" and "other_language" in spanish[1].flags
    assert "alianza" in spanish[1].text  # translated from English, not through the French engine
    assert english[1].text == "We will never give up our alliance with the people of this country."
    assert "other_language" not in spanish[0].flags and "other_language" not in spanish[2].flags
    assert any("in English" in w for w in result.warnings)


def test_an_english_text_sent_as_french_is_flagged(apertium):
    text = "The city council voted the new budget on Tuesday evening. The mayor said the schools would be renovated."
    result = translate_texts(Translator([apertium]), [text], Options.parse("fr", ["es"]))[0]
    assert any("looks like English" in w for w in result.warnings)
    assert all("other_language" in s.flags for s in result.targets["es"].translations)
    assert "ayuntamiento" in result.targets["es"].translations[0].text


def test_occitan_with_auto_is_read_by_the_dictionaries(apertium):
    text = (
        "La comuna a inaugurat dissabte sa novèla sala de las fèstas. Los trabalhs an durat dos ans "
        "e lo bastiment acuelhís ja tres associacions. Lo cònsol a mercejat las entrepresas localas."
    )
    result = translate_texts(Translator([apertium]), [text], Options.parse("auto", ["es"]))[0]
    assert result.source == "oc" and any("Occitan" in w for w in result.warnings)
    assert result.targets["es"].route.describe().startswith("oc→fr")
    assert "fiestas" in result.targets["es"].translations[0].text
