"""Saved web pages read as the article a person sees (``service.text.pages``), then labelled like any text.

The pages (``tests/data/structure/``) are our own, in the layouts sites use:
a modern page with ``<article>`` and metadata, an old table layout with the
headline in a cell, a page with a table of figures.
"""

from __future__ import annotations

from datetime import datetime

from service.models.article import BYLINE, CAPTION, DATELINE, TABLE, TITLE
from service.text.files import read_source
from service.text.pages import read_page
from service.text.structure import parse_article
from tests.support import ROOT

DATA = ROOT / "tests" / "data" / "structure"
MODERN = (DATA / "modern.html").read_text(encoding="utf-8")
OLD_TABLES = (DATA / "old-tables.html").read_text(encoding="utf-8")
FIGURES = (DATA / "figures.html").read_text(encoding="utf-8")


def kinds(article):
    return {b.text: b.kind for b in article.blocks}


def test_a_modern_page_keeps_what_a_person_reads_and_drops_what_the_markup_calls_furniture():
    page = read_page(MODERN)
    assert "cookies" not in page.markdown and "commentaires" not in page.markdown and "Le tram E" not in page.markdown
    assert "Accueil" not in page.markdown and "© Le Journal" not in page.markdown
    assert "# Grenoble : le téléphérique de la Bastille fermé tout l'été" in page.markdown
    article = parse_article(page.markdown, "fr", datetime(2025, 5, 6, 18))
    labels = kinds(article)
    assert article.title == "Grenoble : le téléphérique de la Bastille fermé tout l'été"
    assert labels["Les bulles du téléphérique au-dessus de l'Isère, en avril."] == CAPTION  # a picture's caption
    assert (article.published, article.updated) == ("2025-05-06T07:45", "2025-05-06T12:10")  # from the markup


def test_a_byline_already_starting_with_par_is_not_doubled():
    page = read_page(MODERN)
    assert "Par Sophie Martin" in page.added and not any("Par Par" in line for line in page.markdown.splitlines())
    article = parse_article(page.markdown)
    assert kinds(article)["Par Sophie Martin"] == BYLINE
    shown = MODERN.replace('<p class="rubric">', '<p class="byline">Par Sophie Martin</p><p class="rubric">')
    assert not any(line.startswith("Par") for line in read_page(shown).added)  # shown already: nothing added


def test_an_old_table_layout_page_with_the_headline_in_a_cell():
    source = read_source("rentree.html", OLD_TABLES.encode("utf-8"))
    assert source.extracted_from_html
    assert "# Niamey : la rentrée scolaire repoussée d'une semaine" in source.text  # found by the <title>
    assert "Enfin une décision sage" not in source.text  # readers' comments
    article = parse_article(source.text, "fr", datetime(2025, 9, 29, 18))
    labels = kinds(article)
    assert article.title == "Niamey : la rentrée scolaire repoussée d'une semaine"
    assert labels["Publié le lundi 29 septembre 2025 à 10:20 | Lu 412 fois"] == DATELINE
    assert article.published == "2025-09-29T10:20"
    assert [b.kind for b in article.blocks].count(TITLE) == 1


def test_a_table_of_figures_becomes_table_rows():
    article = parse_article(read_page(FIGURES).markdown)
    rows = [b.text for b in article.blocks if b.kind == TABLE]
    assert rows == ["Marché | Février | Mars", "Sandaga | 14 500 F | 15 600 F", "Tilène | 14 200 F | 15 400 F"]
    assert {s.text for s in article.sentences if s.kind == TABLE} >= {"Sandaga", "14 500 F", "Mars"}


def test_a_day_the_markup_states_is_not_added_when_the_page_shows_a_moment_of_it():
    """The markup's "2025-04-03" is the page's "Dernière modification : 03/04/2025 - 11:20": no "Publié le
    03/04/2025" line above the page's own datelines, which would then pass for the publication."""
    page = (
        '<html><head><meta property="article:published_time" content="2025-04-03"></head><body><article>'
        "<h1>Ambialet : la passerelle sur le Tarn fermée après une crue</h1>"
        "<p>Mise en ligne : 31/03/2025 - 07:45<br>Dernière modification : 03/04/2025 - 11:20</p>"
        "<p>La montée des eaux du week-end a endommagé deux piles de l'ouvrage, a indiqué la mairie lundi matin "
        "aux habitants de la rive gauche, qui devront faire un détour de douze kilomètres.</p>"
        "<p>Les plongeurs du département inspecteront les piles dès que le niveau du Tarn aura baissé.</p>"
        "</article></body></html>"
    )
    assert not any(line.startswith("Publié le") for line in read_page(page).added)
    shown_elsewhere = page.replace("03/04/2025 - 11:20", "02/04/2025 - 11:20")
    assert "Publié le 03/04/2025" in read_page(shown_elsewhere).added  # a day the page does not show is added
