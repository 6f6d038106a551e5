"""Search across the archive, with the real engines, in SQLite (FTS5) and in a real PostgreSQL (tsvector + unaccent)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from service import settings
from service.errors import InputError
from service.facade import Service
from service.models.archive import ArticleUpdate, SearchQuery
from service.models.options import Options
from service.models.origin import Origin
from service.storage import migrations, search
from service.storage.articles import ArticleStore
from tests.support.services import postgres_server

# Our own short articles: two outlets, three stories, dates in the datelines.
ARTICLES = [
    (
        "Élection partielle à Trois-Rivières\n\nPublié le 10/03/2025\n\n"
        "La candidate Martine Lacasse a été élue dimanche soir dans le district de Sainte-Marthe. "
        "Les électeurs ont voté en petit nombre.",
        Origin(outlet="Le Fleuve", url="https://example-fleuve.ca/partielle", tags=["québec", "élections"]),
    ),
    (
        "Grève au port de Dakar\n\nPublié le 11/03/2025\n\n"
        "Les dockers du port de Dakar ont cessé le travail lundi. Les navires attendent au large.",
        Origin(outlet="Le Baobab", tags=["sénégal"]),
    ),
    (
        "Le ministre visite l'hôpital de Sfax\n\nPublié le 12/03/2025\n\n"
        "Le ministre de la Santé a visité l'hôpital régional de Sfax mercredi. Il a promis des lits supplémentaires.",
        Origin(outlet="Le Jasmin", url="https://example-jasmin.tn/sfax"),
    ),
]


def _results(tmp_path_factory):
    config = settings.from_env()
    config["INSTANCE_PATH"] = str(tmp_path_factory.mktemp("search-engine"))
    service = Service(config)
    options = Options.parse(targets="en,es", keep=False)
    return [(service.process(text, options), origin) for text, origin in ARTICLES]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The articles translated once by Apertium (fr→es, and fr→es→en) for every test of the module."""
    return _results(tmp_path_factory)


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    with postgres_server(tmp_path_factory.mktemp("pg")) as server:
        yield server.url


def _fill(store: ArticleStore, results) -> list[str]:
    return [store.save(result.model_copy(), origin) for result, origin in results]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, results):
    if request.param == "sqlite":
        location = tmp_path / "articles.sqlite3"
    else:
        import psycopg

        url = request.getfixturevalue("postgres_url")
        with psycopg.connect(url, autocommit=True) as connection:  # a fresh database per test
            name = f"t{abs(hash(tmp_path)) % 10**9}"
            connection.execute(f"CREATE DATABASE {name}")
        location = url.rsplit("/", 1)[0] + f"/{name}"
    articles = ArticleStore(location)
    assert articles.dialect == request.param
    ids = _fill(articles, results)
    return articles, ids


def find(store: ArticleStore, **values) -> list[str]:
    page = store.search(SearchQuery.parse({k: str(v) for k, v in values.items()}))
    return [a.id for a in page.articles]


@pytest.mark.apertium
def test_a_query_finds_the_article_in_the_language_it_is_written_in(store):
    articles, (_partielle, greve, sfax) = store
    page = articles.search(SearchQuery.parse({"q": "dockers"}))
    assert [a.id for a in page.articles] == [greve]
    english = articles.search(SearchQuery.parse({"q": "visited"}))  # only in the English translation
    assert [a.id for a in english.articles] == [sfax]
    hit = english.articles[0]
    assert hit.matched == ["en"] and hit.snippet.language == "en"
    marked = [piece for piece, matched in hit.snippet.parts() if matched]
    assert marked and all(piece.casefold() == "visited" for piece in marked)
    french = articles.search(SearchQuery.parse({"q": "hôpital"}))
    assert [a.id for a in french.articles] == [sfax] and french.articles[0].snippet.language == "fr"


@pytest.mark.apertium
def test_accents_case_phrases_prefixes_or_and_exclusion(store):
    articles, (partielle, greve, sfax) = store
    assert find(articles, q="ELECTEURS") == [partielle]  # "électeurs", accents and case ignored
    assert find(articles, q="Élus") == []  # no stemming: a whole word must match...
    assert find(articles, q="élu*") == [partielle]  # ...or a prefix
    assert find(articles, q='"port de Dakar"') == [greve]
    assert find(articles, q='"Dakar de port"') == []  # a phrase keeps its order
    assert find(articles, q="Trois-Rivières") == [partielle]
    assert sorted(find(articles, q="Dakar OR Sfax")) == sorted([greve, sfax])
    assert find(articles, q="ministre -Sfax") == []
    with pytest.raises(InputError):
        find(articles, q="-Sfax")  # nothing positive to look for


@pytest.mark.apertium
def test_filters_sort_and_pages(store):
    articles, (partielle, greve, sfax) = store
    assert find(articles, outlet="le baobab") == [greve]
    assert find(articles, tag="Québec") == [partielle]
    assert sorted(find(articles, language="en")) == sorted([partielle, greve, sfax])
    assert find(articles, language="de") == []
    assert find(articles, **{"from": "2025-03-11", "to": "2025-03-11"}) == [greve]
    assert find(articles, sort="oldest") == [partielle, greve, sfax]
    assert find(articles, sort="newest") == [sfax, greve, partielle]
    first = articles.search(SearchQuery.parse({"limit": "2", "sort": "oldest"}))
    second = articles.search(SearchQuery.parse({"limit": "2", "offset": "2", "sort": "oldest"}))
    assert first.total == second.total == 3
    assert [a.id for a in first.articles + second.articles] == [partielle, greve, sfax]
    assert articles.update(sfax, ArticleUpdate.parse({"reviewed": True, "tags": "Tunisie, santé"}))
    assert find(articles, reviewed="true") == [sfax]
    assert sorted(find(articles, reviewed="false")) == sorted([partielle, greve])
    assert find(articles, tag="santé") == [sfax] and find(articles, tag="sénégal") == [greve]
    saved = articles.get(sfax)
    assert saved.reviewed and saved.origin.tags == ["santé", "tunisie"] and saved.origin.outlet == "Le Jasmin"
    with_doubts = set(find(articles, doubts="true"))
    without = set(find(articles, doubts="false"))
    assert with_doubts | without == {partielle, greve, sfax} and not with_doubts & without
    # Deleting an article takes it out of the index.
    articles.delete(greve)
    assert find(articles, q="dockers") == []


def test_the_query_is_written_in_each_database_language():
    parsed = search.parse('"port de" Dakar* OR Sfax -grève')
    assert search.fts5_expression(parsed) == '(("port de") AND ("dakar" * OR "sfax")) NOT "grève"'
    assert search.tsquery_expression(parsed) == "(('port' <-> 'de')) & (('dakar':*) | ('sfax')) & !('grève')"
    assert search.parse("l'élection").groups[0][0].words == ("l", "élection")  # as both tokenizers cut it


def test_bad_search_parameters_are_named():
    for values, field in (
        ({"sort": "size"}, "sort"),
        ({"from": "10/03/2025"}, "from"),
        ({"from": "2025-03-12", "to": "2025-03-10"}, "to"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"doubts": "maybe"}, "doubts"),
        ({"language": "english!"}, "language"),
        ({"q": "x" * 600}, "q"),
    ):
        with pytest.raises(InputError) as caught:
            SearchQuery.parse(values)
        assert caught.value.field == field


def _version_one(connection, dialect: str) -> None:
    """A database as version 0.2.0 left it: only the first step of the articles store."""
    connection.execute(migrations.SCHEMA_TABLE)
    first = migrations.migrations_for("articles", dialect)[0]
    for statement in first.statements:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO schema_migrations (store, version, name, applied) VALUES (?, ?, ?, 0)",
        ("articles", 1, first.name),
    )


def _old_row(result, article_id: str) -> tuple:
    body = {**result.to_dict(), "id": article_id}
    body.pop("origin"), body.pop("reviewed")
    return (article_id, 1741600000.0, result.title, result.source, json.dumps(sorted(result.targets)), json.dumps(body))


@pytest.mark.apertium
def test_the_migration_indexes_articles_saved_before_it_sqlite(tmp_path, results):
    path = tmp_path / "articles.sqlite3"
    with sqlite3.connect(path) as connection:
        _version_one(connection, "sqlite")
        for n, (result, _) in enumerate(results):
            connection.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", _old_row(result, f"old{n}"))
    _check_migrated(ArticleStore(path), results)


@pytest.mark.apertium
def test_the_migration_indexes_articles_saved_before_it_postgresql(postgres_url, results):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("CREATE DATABASE migrated")
    url = postgres_url.rsplit("/", 1)[0] + "/migrated"
    from service.storage.postgres import _Connection

    with psycopg.connect(url, autocommit=True) as raw:
        connection = _Connection(raw)
        _version_one(connection, "postgresql")
        for n, (result, _) in enumerate(results):
            connection.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", _old_row(result, f"old{n}"))
    _check_migrated(ArticleStore(url), results)


def _check_migrated(articles: ArticleStore, results) -> None:
    """Old rows are found exactly as rows saved now would be: the same texts, days and doubts."""
    from service.models.archive import doubt_count

    assert find(articles, q="visited") == ["old2"]  # through the English translation
    assert find(articles, q="hôpital") == ["old2"]
    assert find(articles, q="élu*") == ["old0"]
    assert find(articles, **{"from": "2025-03-11", "to": "2025-03-11"}) == ["old1"]  # the dateline's day
    page = articles.search(SearchQuery.parse({"sort": "oldest"}))
    assert {a.id: a.doubts for a in page.articles} == {f"old{n}": doubt_count(r) for n, (r, _) in enumerate(results)}
    with articles._database.read() as db:
        rows = db.execute(
            "SELECT article_id, language, is_source, title, body FROM article_texts ORDER BY article_id, language"
        ).fetchall()
    expected = sorted(
        (f"old{n}", code, int(is_source), title, body)
        for n, (result, _) in enumerate(results)
        for code, is_source, title, body in search.texts_for(result)
    )
    assert sorted(tuple(r) for r in rows) == expected
