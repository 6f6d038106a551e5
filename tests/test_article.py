"""Article structure: labels, dates, duplicates, nothing lost."""

from __future__ import annotations

import pytest

from service.text.datelines import parse_dateline
from service.text.line_roles import BODY, BYLINE, CREDIT, DATELINE, FOOTER, HEADING, TITLE, WIDGET, classify_line
from service.text.structure import parse_article


def kinds(article):
    return {b.text: b.kind for b in article.blocks}


def test_sample_structure(sample_text):
    article = parse_article(sample_text)
    labels = kinds(article)
    assert article.title.startswith("Grenoble : la nouvelle ligne")
    assert labels["Publié le 3 mars 2024 à 10h15 | Mis à jour le 4 mars 2024 à 08h30"] == DATELINE
    assert (article.published, article.updated) == ("2024-03-03T10:15", "2024-03-04T08:30")
    assert labels["Par Claire Dumont-Vidal"] == BYLINE
    assert labels["842"] == WIDGET and labels["Partager"] == WIDGET
    assert labels["Photo : J.-P. Morel"] == CREDIT
    assert labels["Un trajet plus court pour 40 000 voyageurs"] == HEADING
    assert labels["Prochaine étape en 2027"] == HEADING
    assert labels["© Le Dauphiné des Alpes – Tous droits réservés"] == FOOTER
    assert labels["Lire aussi : Les pistes cyclables gagnent du terrain dans l'agglomération"] == WIDGET
    duplicated = [b for b in article.blocks if b.duplicate_of is not None]
    assert len(duplicated) == 1 and duplicated[0].text.startswith("Le projet avait été lancé en 2014")
    assert article.blocks[duplicated[0].duplicate_of].text.startswith("M. Berthier a rappelé")


def test_seed_structure(seed_text):
    article = parse_article(seed_text)
    labels = kinds(article)
    assert article.title.startswith("Visite du dirigeant nord-coréen en Russie")
    assert labels["14/09/2023 mis à jour: 23:00"] == DATELINE
    assert (article.published, article.updated) == ("2023-09-14", "2023-09-14T23:00")
    assert labels["1612"] == WIDGET
    assert labels["Photo : D. R."] == CREDIT
    assert labels["Inquiétudes de l’Oncle Sam"] == HEADING
    assert labels["Copyright 2025 . All Rights Reserved."] == FOOTER
    repeated = [b for b in article.blocks if b.duplicate_of is not None]
    assert any(b.text.startswith("La Corée du Nord a qualifié") for b in repeated)
    assert article.blocks[repeated[0].duplicate_of].text.startswith("En 2000, le premier sommet")


def test_nothing_pasted_is_lost(sample_text, seed_text):
    for text in (sample_text, seed_text):
        article = parse_article(text)
        visible = [line.strip() for line in text.splitlines() if line.strip()]
        assert [b.text for b in article.blocks] == visible
        for block in article.blocks:
            assert text[block.start : block.end] == block.text
        for sentence in article.sentences:
            assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("14/09/2023 mis à jour: 23:00", DATELINE),
        ("Publié le 3 mars 2024 à 10h15 | Mis à jour le 4 mars 2024 à 08h30", DATELINE),
        ("14 septembre 2023", DATELINE),
        ("Le 1er janvier 2024 à 9h", DATELINE),
        ("Par Jeanne Martin", BYLINE),
        ("Photo : D. R.", CREDIT),
        ("© AFP", CREDIT),
        ("Crédit photo : Marc Dupuis", CREDIT),
        ("1612", WIDGET),
        ("Partager", WIDGET),
        ("Lire aussi : Le budget voté", WIDGET),
        ("Copyright 2025 . All Rights Reserved.", FOOTER),
        ("Tous droits réservés", FOOTER),
        ("Le 14 septembre 2023, la Chine a estimé que la rencontre était bilatérale.", None),
        ("Par ailleurs, le gouvernement a annoncé des mesures.", None),
    ],
)
def test_classify_line(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("14/09/2023 mis à jour: 23:00", "2023-09-14", "2023-09-14T23:00"),
        ("Publié le 3 mars 2024 à 10h15 | Mis à jour le 4 mars 2024 à 08h30", "2024-03-03T10:15", "2024-03-04T08:30"),
        ("14 septembre 2023", "2023-09-14", None),
        ("Le 1er janvier 2024 à 9h", "2024-01-01T09:00", None),
        ("31/02/2023", None, None),
    ],
)
def test_parse_dateline(line, published, updated):
    dateline = parse_dateline(line)
    assert (dateline.published, dateline.updated) == (published, updated)


def test_heading_only_inside_body():
    article = parse_article("Un titre court\n\nUne phrase du corps.\n\nUn intertitre\n\nLa suite du corps.\n\nFin")
    assert [b.kind for b in article.blocks] == [TITLE, BODY, HEADING, BODY, BODY]


def test_all_boilerplate_has_no_body():
    article = parse_article("Partager\n1612\nPhoto : D. R.\nTous droits réservés")
    assert article.body_sentences == []
    assert "no body" in article.warnings[0]


def test_one_giant_paragraph_without_punctuation():
    text = " ".join(["le conseil municipal a voté le budget de la ville"] * 60)
    article = parse_article(text)
    assert len(article.sentences) == 1 and article.sentences[0].text == text
    assert article.blocks[0].kind == BODY and len(article.body_sentences) == 1
