"""Markdown read as Markdown in every path (form, file upload, API, batch): roles kept, markers never translated.

The articles here are our own. Every path is checked where a reader sees the
result: the side-by-side columns (source and translations), the API's
blocks and sentences, the batch's outputs.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from service.cli import main
from service.models.article import BODY, DATELINE, HEADING, KICKER, STANDFIRST, TITLE, WIDGET
from service.models.options import Options
from service.pipeline.run import process_article
from service.render.side_by_side import side_by_side
from service.text.markdown import looks_like_markdown, read_markdown
from service.text.structure import parse_article
from tests.support import ROOT

ARTICLE = (ROOT / "tests" / "data" / "structure" / "routes.md").read_text(encoding="utf-8")
EXPECTED = [
    (KICKER, "POLITIQUE"),
    (TITLE, "Le conseil départemental vote un plan pour les routes de montagne"),
    (STANDFIRST, "Le plan prévoit 85 millions d'euros sur cinq ans pour les routes des vallées les plus isolées."),
    (DATELINE, "Par Camille Berthet | 12/05/2025 à 08h30"),
    (HEADING, "Ce que prévoit le plan"),
    (BODY, "Le conseil départemental a adopté lundi soir un plan de rénovation des routes de montagne, qui"),
    (BODY, "Les cols fermés l'hiver seront équipés de barrières automatiques dès l'automne prochain."),
    (BODY, "Les villages isolés auront un service de déneigement prioritaire avant six heures du matin."),
    (BODY, "« Nous ne pouvons plus attendre que la route s'effondre pour agir », a déclaré la présidente"),
    (HEADING, "Les critiques de l'opposition"),
    (BODY, "L'opposition estime que le plan oublie les ponts, dont une dizaine sont jugés fragiles par"),
    (WIDGET, "Lire aussi : Les ponts du département sous surveillance"),
]
# What Markdown leaves in a text when it is read as plain text.
MARKERS = re.compile(r"\*\*|^#+ |^[-*+] |^> |\]\(|\(https?:|^\d+\. ")


def no_markers(texts) -> None:
    for text in texts:
        assert not MARKERS.search(text), text


def test_markdown_is_told_from_plain_text():
    assert looks_like_markdown(ARTICLE)
    assert looks_like_markdown("# Titre\n\nUn paragraphe sans autre marque.")
    assert looks_like_markdown("Le texte cite [un rapport](https://exemple.fr/rapport) publié hier.")
    assert looks_like_markdown("| Ville | Taux |\n| --- | --- |\n| Lyon | 4 % |\n")
    plain = "Les mesures annoncées :\n\n- une prime de 150 euros ;\n- un guichet unique.\n\nLe décret paraît jeudi."
    assert not looks_like_markdown(plain)
    assert not looks_like_markdown("#MeToo : la parole se libère\n\nLe mouvement a commencé en 2017.")
    assert not looks_like_markdown("Le taux passe de 5 * 3 à 4 * 3, un calcul simple.")


def test_lines_keep_their_role_and_lose_their_markers():
    lines = read_markdown(ARTICLE)
    assert all(line.text.startswith(text) for line, (_, text) in zip(lines, EXPECTED, strict=True))
    by_text = {line.text[:20]: line for line in lines}
    assert lines[1].heading == 1 and lines[1].marker == "# " and lines[1].text == EXPECTED[1][1]
    assert by_text["Ce que prévoit le pl"].heading == 2
    assert by_text["Les cols fermés l'hi"].list_item and by_text["Les cols fermés l'hi"].marker == "- "
    assert by_text["« Nous ne pouvons pl"].quote
    assert by_text["POLITIQUE"].emphasis == 1.0 and by_text["Lire aussi : Les pon"].linked == 1.0
    for line in lines:  # each character points at its place in the Markdown
        assert "".join(ARTICLE[i] for i in line.offsets) == line.text


def test_a_markdown_table_becomes_table_rows_cut_into_cells():
    text = (
        "# Les prix de l'eau en 2025\n\nLe syndicat des eaux a voté mardi une hausse des tarifs pour toutes les "
        "communes du bassin.\n\n| Tarif | 2024 | 2025 |\n| --- | --- | --- |\n| Abonnement | 48 € | 52 € |\n"
        "| Mètre cube | 2,10 € | 2,35 € |\n"
    )
    article = parse_article(text)
    rows = [b for b in article.blocks if b.kind == "table"]
    assert [b.text for b in rows] == ["Tarif | 2024 | 2025", "Abonnement | 48 € | 52 €", "Mètre cube | 2,10 € | 2,35 €"]
    cells = [s.text for s in article.sentences if s.kind == "table"]
    assert cells[:3] == ["Tarif", "2024", "2025"] and "|" not in "".join(cells)
    assert not any(s.summarisable for s in article.sentences if s.kind == "table")


def test_markdown_article_structure():
    article = parse_article(ARTICLE)
    got = [(b.kind, b.text) for b in article.blocks]
    assert len(got) == len(EXPECTED)
    for (kind, text), (want_kind, want_text) in zip(got, EXPECTED, strict=True):
        assert text.startswith(want_text) and kind == want_kind, (kind, text)
    assert article.title == EXPECTED[1][1]  # no "#"
    assert article.published == "2025-05-12T08:30"
    no_markers(s.text for s in article.sentences)
    assert all(s.kind == BODY for s in article.body_sentences)
    assert any(n.key == "read_as_markdown" for n in article.notices)


@pytest.fixture
def markdown_result(translator):
    return process_article(translator, ARTICLE, Options.parse("fr", ["es"]))


def test_markers_are_never_translated_in_the_pipeline(markdown_result):
    view = side_by_side(markdown_result)
    cells = [cell["text"] for block in view["blocks"] for row in block["rows"] for cell in row["cells"]]
    assert len(cells) == 2 * len(markdown_result.article.sentences)
    no_markers(cells)
    spanish = {c["text"] for b in view["blocks"] for r in b["rows"] for c in r["cells"] if c["column"] == "es"}
    assert any("carreteras" in text for text in spanish)  # translated, not copied
    heading = next(b for b in view["blocks"] if b["kind"] == "heading")
    assert not heading["rows"][0]["cells"][1]["text"].startswith("#")
    no_markers(markdown_result.summary_for("es", "aligned").sentences)


def test_markdown_in_the_form_pasted_and_uploaded(client):
    import io

    from tests.test_web import csrf_token

    for data in (
        {"text": ARTICLE},
        {"text": "", "file": (io.BytesIO(ARTICLE.encode("utf-8")), "routes.md")},
    ):
        token = csrf_token(client)
        response = client.post(
            "/articles",
            data={"csrf_token": token, "targets": ["es"], "forget": "1", **data},
            content_type="multipart/form-data",
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Le conseil départemental vote un plan pour les routes de montagne" in page
        for marker in ("**POLITIQUE**", "# Le conseil", "## Ce que", "- Les cols", "&gt; « Nous", "](https"):
            assert marker not in page, marker
        assert "carreteras" in page


def test_markdown_through_the_api(client):
    from tests.support.openapi import conforms

    response = client.post("/api/v1/articles", json={"text": ARTICLE, "targets": ["es"], "keep": False})
    conforms(response, "/articles", "post")
    body = response.get_json()
    blocks = body["article"]["blocks"]
    assert [b["kind"] for b in blocks] == [kind for kind, _ in EXPECTED]
    assert blocks[1]["marker"] == "#" and blocks[4]["marker"] == "##" and blocks[6]["marker"] == "-"
    no_markers(b["text"] for b in blocks)
    no_markers(s["text"] for s in body["targets"]["es"]["sentences"])
    assert body["article"]["title"] == EXPECTED[1][1]


def test_markdown_in_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "routes.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(folder), "--to", "es", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    document = json.loads((out / "routes.json").read_text(encoding="utf-8"))
    assert [b["kind"] for b in document["article"]["blocks"]] == [kind for kind, _ in EXPECTED]
    no_markers(b["text"] for b in document["article"]["blocks"])
    no_markers(s["text"] for s in document["targets"]["es"]["sentences"])


def test_escaped_characters_keep_their_place_in_the_source():
    """A line opening with an escape ("\\[Actualisé à 14 h\\] ...", as a page reader writes brackets) points
    every character back to its own place, not all to the first one."""
    from service.text.markdown import read_markdown

    text = "Intro.\n\n\\[Actualisé à 14 h\\] La préfète &amp; le maire ont parlé.\n"
    (line,) = [found for found in read_markdown(text) if "Actualisé" in found.text]
    assert line.text == "[Actualisé à 14 h] La préfète & le maire ont parlé."
    assert "".join(text[i] for i in line.offsets) == "[Actualisé à 14 h] La préfète & le maire ont parlé."
    assert text[line.start : line.end] == "[Actualisé à 14 h\\] La préfète &amp; le maire ont parlé."
