"""Sentence segmentation: a table of French press cases, then whole articles."""

from __future__ import annotations

import pytest

from service.segment import segment, split_paragraphs, split_sentences

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
