"""The result model: what the store keeps comes back as the same model, and renders the same."""

from __future__ import annotations

import json

import pytest

from service import render
from service.models.options import Options
from service.models.result import ArticleResult
from service.pipeline.run import process_article
from service.storage.articles import ArticleStore


@pytest.fixture
def result(translator, sample_text) -> ArticleResult:
    return process_article(translator, sample_text, Options.parse("fr", ["es", "de", "ja"], "text-rank", 3))


def test_dict_round_trip_is_exact(result):
    document = result.to_dict()
    again = ArticleResult.model_validate(json.loads(json.dumps(document)))
    assert again.to_dict() == document
    assert again.targets["de"].route.describe() == "fr→en (argos) → de (argos)"
    assert again.targets["ja"].error_code == "unsupported_pair" and not again.targets["ja"].ok
    assert again.article.body_sentences == result.article.body_sentences
    assert again.summary_for("es", "native").indices == result.summaries["es"]["native"].indices


def test_store_gives_back_the_model(tmp_path, result):
    store = ArticleStore(tmp_path / "articles.sqlite3")
    article_id = store.save(result)
    assert result.id == article_id
    saved = store.get(article_id)
    assert isinstance(saved, ArticleResult) and saved.to_dict() == result.to_dict()
    assert saved.to_dict()["id"] == article_id
    [row] = store.recent()
    assert (row.id, row.title, row.source, row.targets) == (article_id, result.title, "fr", ["de", "es", "ja"])


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_exports_of_a_stored_result_equal_the_fresh_ones(tmp_path, result, fmt):
    store = ArticleStore(tmp_path / "articles.sqlite3")
    store.save(result)
    saved = store.get(result.id)
    assert render.EXPORTS[fmt](saved, "fr") == render.EXPORTS[fmt](result, "fr")


def test_html_and_markdown_exports_speak_the_interface_language(result):
    french_html = render.to_html(result, "fr")
    assert '<html lang="fr">' in french_html and "Résumés" in french_html and ">Summaries<" not in french_html
    english_html = render.to_html(result, "en")
    assert '<html lang="en">' in english_html and "Summaries" in english_html
    french_md = render.to_markdown(result, "fr")
    assert "## Résumés" in french_md and "## Summaries" not in french_md
    assert "## Summaries" in render.to_markdown(result, "en")


def test_tmx_and_xliff_read_back_with_translate_toolkit(translator, sample_text):
    from translate.storage import tmx, xliff

    text = sample_text.replace(
        "Prochaine étape en 2027",
        "Une aubaine pour irriguer les champs, estiment les maraîchers.\n\nProchaine étape en 2027",
    )
    result = process_article(translator, text, Options.parse("fr", ["es", "ca"]))
    translated = [s for s in result.article.sentences if s.kind in ("title", "heading", "body")]
    store = xliff.xlifffile.parsestring(render.to_xliff(result).encode())
    files = store.getfilenames()
    assert len(files) == 2
    units = [u for u in store.units if u.getid()]
    assert len(units) == 2 * len(translated)
    spanish = result.targets["es"].translations
    for unit in units[: len(translated)]:
        index = int(unit.getid().split("\x04")[-1]) - 1  # translate-toolkit prefixes the file name
        assert unit.source == result.article.sentences[index].text and unit.target == spanish[index].text
    doubtful = [u for u in units[: len(translated)] if "aubaine" in u.source]  # Spanish: apertium-fr-es lacks it
    assert doubtful and all("Not translated: aubaine" in u.getnotes() for u in doubtful)
    assert "needs-review-translation" in render.to_xliff(result)
    memory = tmx.tmxfile.parsestring(render.to_tmx(result).encode())
    assert len(memory.units) == len(translated)
    assert memory.units[0].source == translated[0].text
