"""Sentence segmentation: a table of French press cases, then whole articles."""

from __future__ import annotations

import pytest

from service.text.segmenter import segment, split_paragraphs, split_sentences

CASES = [
    # abbreviations and initials
    ("M. Dupont est arrivé. Il pleuvait.", ["M. Dupont est arrivé.", "Il pleuvait."]),
    ("Mme Martin parle. Elle sourit.", ["Mme Martin parle.", "Elle sourit."]),
    ("MM. Dupont et Durand sont là. Ils votent.", ["MM. Dupont et Durand sont là.", "Ils votent."]),
    ("Le Dr. Roux opère. Tout va bien.", ["Le Dr. Roux opère.", "Tout va bien."]),
    ("Le Dr Roux opère demain.", ["Le Dr Roux opère demain."]),
    ("V. Poutine a parlé. Kim a répondu.", ["V. Poutine a parlé.", "Kim a répondu."]),
    ("Il cite J.-P. Sartre et A. Camus. Puis il part.", ["Il cite J.-P. Sartre et A. Camus.", "Puis il part."]),
    ("Né en 52 av. J.-C. à Rome, il meurt jeune.", ["Né en 52 av. J.-C. à Rome, il meurt jeune."]),
    ("César meurt en 44 av. J.-C. Rome hésite.", ["César meurt en 44 av. J.-C.", "Rome hésite."]),
    ("Voir p. 12 du rapport. La suite est en annexe.", ["Voir p. 12 du rapport.", "La suite est en annexe."]),
    ("Le décret n° 2023-45 est paru. Il entre en vigueur.", ["Le décret n° 2023-45 est paru.", "Il entre en vigueur."]),
    ("Pommes, poires, etc. Tout est bio.", ["Pommes, poires, etc.", "Tout est bio."]),
    ("Pommes, poires, etc. sont au menu.", ["Pommes, poires, etc. sont au menu."]),
    ("Lire l'art. 3 de la loi. Il est clair.", ["Lire l'art. 3 de la loi.", "Il est clair."]),
    ("Mgr. Petit bénit la foule. Elle applaudit.", ["Mgr. Petit bénit la foule.", "Elle applaudit."]),
    ("Le 14 sept. 2023, il neige. Personne ne sort.", ["Le 14 sept. 2023, il neige.", "Personne ne sort."]),
    # numbers, dates and times
    ("La hausse est de 3,5 %. Les prix montent.", ["La hausse est de 3,5 %.", "Les prix montent."]),
    ("La version 4.2 sort. Elle corrige des bugs.", ["La version 4.2 sort.", "Elle corrige des bugs."]),
    ("Publié le 14/09/2023 à 23:00. Mis à jour depuis.", ["Publié le 14/09/2023 à 23:00.", "Mis à jour depuis."]),
    ("Il gagne 1.500 euros. C'est peu.", ["Il gagne 1.500 euros.", "C'est peu."]),
    ("Le sommet a eu lieu en 2019. 2020 fut plus calme.", ["Le sommet a eu lieu en 2019.", "2020 fut plus calme."]),
    ("Rendez-vous à 6 h 05. Le train part.", ["Rendez-vous à 6 h 05.", "Le train part."]),
    # units, company forms, glued numbers, list items
    ("Il a couru sur 100 m. Elle a gagné.", ["Il a couru sur 100 m.", "Elle a gagné."]),
    ("Le camion pèse 12 t. Le pont cède.", ["Le camion pèse 12 t.", "Le pont cède."]),
    ("Le train roule à 300 km. Personne ne dort.", ["Le train roule à 300 km.", "Personne ne dort."]),
    ("Dupont et Cie. Il a signé.", ["Dupont et Cie.", "Il a signé."]),
    ("Apple Inc. a publié ses comptes.", ["Apple Inc. a publié ses comptes."]),
    ("Il est né en 2017.Il a été élu.", ["Il est né en 2017.", "Il a été élu."]),
    ("Hausse de 2,4 %.En 2022, elle était faible.", ["Hausse de 2,4 %.", "En 2022, elle était faible."]),
    ("1. La réforme des retraites est adoptée.", ["1. La réforme des retraites est adoptée."]),
    ("12. Les syndicats appellent. Le vote suit.", ["12. Les syndicats appellent.", "Le vote suit."]),
    ("M. Dupont, 100 m plus loin. Il tourne.", ["M. Dupont, 100 m plus loin.", "Il tourne."]),
    # guillemets and quotations
    ("«Je pars.» Il sort.", ["«Je pars.»", "Il sort."]),
    ("«Je pars», a-t-il dit. Elle reste.", ["«Je pars», a-t-il dit.", "Elle reste."]),
    ("«C'est fini !», a-t-il lancé.", ["«C'est fini !», a-t-il lancé."]),
    ("«Viendrez-vous ?» demande-t-il.", ["«Viendrez-vous ?» demande-t-il."]),
    (
        "«La Russie respecte ces règles. Mais il y a des choses», a-t-il affirmé. Puis il part.",
        ["«La Russie respecte ces règles. Mais il y a des choses», a-t-il affirmé.", "Puis il part."],
    ),
    ("Il a parlé de «priorité absolue». La salle se tait.", ["Il a parlé de «priorité absolue».", "La salle se tait."]),
    ("« Avec espaces. » Ensuite, rien.", ["« Avec espaces. »", "Ensuite, rien."]),
    ("Il dit «oui. Puis il part.", ["Il dit «oui.", "Puis il part."]),
    ('Il a dit "non". Elle a ri.', ['Il a dit "non".', "Elle a ri."]),
    # ellipses
    ("Nous en discutons (...) Et il y a des perspectives.", ["Nous en discutons (...) Et il y a des perspectives."]),
    ("Nous en parlons […] Voilà tout.", ["Nous en parlons […] Voilà tout."]),
    ("Il hésite... Puis il part.", ["Il hésite...", "Puis il part."]),
    ("Il hésite… puis il part.", ["Il hésite… puis il part."]),
    # missing spaces left by publishing systems
    ("Sergueï Choïgo.La Corée du Nord est visée.", ["Sergueï Choïgo.", "La Corée du Nord est visée."]),
    ("des relations bilatérales».La veille, elle parle.", ["des relations bilatérales».", "La veille, elle parle."]),
    ("Le site lemonde.fr publie.", ["Le site lemonde.fr publie."]),
    # other punctuation
    ("Pourquoi ? Parce que. Voilà !", ["Pourquoi ?", "Parce que.", "Voilà !"]),
    ("Quoi?! Non. Si.", ["Quoi?!", "Non.", "Si."]),
    ("Il vit aux U.S.A. depuis 2010.", ["Il vit aux U.S.A. depuis 2010."]),
    ("Un missile (ICBM) a été tiré. Tokyo proteste.", ["Un missile (ICBM) a été tiré.", "Tokyo proteste."]),
    ("(Voir aussi le rapport.) Ensuite, la séance.", ["(Voir aussi le rapport.)", "Ensuite, la séance."]),
    ("Sans point final", ["Sans point final"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_french_cases(text, expected):
    assert split_sentences(text, "fr") == expected


def test_table_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        ("en", "It was 3 p.m. when we met. Nobody came.", ["It was 3 p.m. when we met.", "Nobody came."]),
        ("es", "El Sr. Pérez llegó. Se fue.", ["El Sr. Pérez llegó.", "Se fue."]),
        ("es", "¿Vienes? Sí, claro.", ["¿Vienes?", "Sí, claro."]),
        ("de", "Das ist z.B. gut. Wir gehen.", ["Das ist z.B. gut.", "Wir gehen."]),
    ],
)
def test_other_languages(language, text, expected):
    assert split_sentences(text, language) == expected


def test_sentences_never_cross_lines_and_keep_offsets():
    text = "Titre sans point\n\nPremière phrase. Deuxième\nphrase coupée."
    sentences = segment(text)
    assert [s.text for s in sentences] == ["Titre sans point", "Première phrase.", "Deuxième", "phrase coupée."]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_split_paragraphs_skips_blank_lines():
    assert split_paragraphs("a\n\n  \nb ") == [(0, "a"), (6, "b")]


def test_sample_article_nothing_lost(sample_text):
    sentences = segment(sample_text)
    assert len(sentences) >= 40
    joined = "".join(s.text for s in sentences)
    assert joined.replace(" ", "") == "".join(sample_text.split()).replace(" ", "")


def test_seed_article_typos_are_split(seed_text):
    texts = [s.text for s in segment(seed_text)]
    assert any(t.endswith("Sergueï Choïgo.") for t in texts)
    assert any(t.startswith("La Corée du Nord est soumise") for t in texts)
    assert any(t.endswith("relations bilatérales».") for t in texts)
    assert any(t.startswith("La veille, elle a indiqué") for t in texts)
    assert not any(t.endswith(" V.") for t in texts)


# --- Properties on random text: nothing lost, offsets right, linear time -------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Pieces of press text (abbreviations, units, list numbers) among single tricky characters.
TRICKY = st.lists(
    st.sampled_from([*list("aéZÉ0 9.!?…«»\"'’()[]-\n%\xa0"), "M. ", "etc. ", "100 m. ", "Le chat", "1. "]),
    max_size=120,
).map("".join)


def _check_properties(text: str) -> None:
    sentences = segment(text)
    previous_end = 0
    for sentence in sentences:
        assert sentence.text and sentence.text == sentence.text.strip()
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
    visible = "".join(ch for ch in text if not ch.isspace())
    assert "".join(ch for s in sentences for ch in s.text if not ch.isspace()) == visible


@settings(max_examples=400, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(TRICKY)
def test_random_press_like_text_is_split_without_loss(text):
    _check_properties(text)


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=200))
def test_any_unicode_text_is_split_without_loss(text):
    _check_properties(text)


ADVERSARIAL = {
    "long tokens": lambda n: ("x" * 20_000 + ". Le chat. ") * (n // 20_011 + 1),
    "no spaces": lambda n: "abc.Def" * (n // 7 + 1),
    "only full stops": lambda n: "." * n,
    "only guillemets": lambda n: "« " * (n // 2 + 1),
    "dotted words": lambda n: "a." * (n // 2 + 1),
}


def _lines_executed(text: str) -> int:
    """Lines of the segmenter run to split ``text``: work counted, not timed (a loaded machine counts the same)."""
    import sys

    from service.text import segmenter

    target = segmenter.__file__
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != target:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        segment(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("kind", list(ADVERSARIAL))
def test_segmentation_work_grows_linearly(kind):
    """4x the text may cost at most 4.5x the work (quadratic would be 16x); timing lives in scripts/bench segment."""
    small, large = (_lines_executed(ADVERSARIAL[kind](n)[:n]) for n in (20_000, 80_000))
    assert large <= 4.5 * max(small, 50), f"{kind}: x4 text cost x{large / max(small, 1):.1f} in lines executed"
