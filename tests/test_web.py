"""The web app and JSON API through Flask's test client, with real engines."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from openapi_spec_validator import validate

from service.translation.engines.apertium import ApertiumEngine
from service.translation.translator import Translator
from tests.support import follow_job, make_app
from tests.support.openapi import SPEC, conforms


def csrf_token(client, url="/") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_openapi_document_is_valid(client):
    validate(SPEC)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == SPEC
    docs = client.get("/api/v1/docs").get_data(as_text=True)
    assert "POST /api/v1/articles" in docs and "GET /api/v1/languages" in docs


def test_nothing_loads_at_create_app(app):
    assert app.extensions["service"].loaded is False


def test_languages_lists_routes(client):
    response = client.get("/api/v1/languages")
    conforms(response, "/languages", "get")
    pairs = {(p["source"], p["target"]): p["route"]["description"] for p in response.get_json()["pairs"]}
    assert pairs[("fr", "es")] == "fr→es (apertium)"
    assert pairs[("fr", "de")] == "fr→en (argos) → de (argos)"
    names = {lang["code"]: lang for lang in response.get_json()["languages"]}
    assert names["es"]["name"] == "Spanish" and names["es"]["native_name"] == "español"


def test_health_reports_engines(client):
    response = client.get("/api/v1/health")
    conforms(response, "/health", "get")
    engines = {e["name"]: e for e in response.get_json()["engines"]}
    assert engines["apertium"]["available"] and ["fr", "es"] in engines["apertium"]["pairs"]
    assert ["fr", "en"] in engines["argos"]["pairs"]


def test_translate_one_text(client, sample_text):
    response = client.post("/api/v1/translate", json={"text": sample_text, "targets": ["es", "ja"]})
    conforms(response, "/translate", "post")
    body = response.get_json()
    assert len(body["targets"]["es"]["sentences"]) == len(body["sentences"])
    assert body["targets"]["ja"]["error"]["code"] == "unsupported_pair"


def test_translate_many_texts_in_one_call(client):
    texts = ["Le chat dort. Il pleut.", "La maison est grande."]
    response = client.post("/api/v1/translate", json={"texts": texts, "targets": ["es"]})
    conforms(response, "/translate", "post")
    results = response.get_json()["results"]
    assert [len(r["sentences"]) for r in results] == [2, 1]
    assert "gato" in results[0]["targets"]["es"]["sentences"][0]["text"]
    assert "casa" in results[1]["targets"]["es"]["sentences"][0]["text"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code", "field"),
    [
        ({"data": "text", "content_type": "text/plain"}, 415, "unsupported_media_type", None),
        ({"data": "{not json", "content_type": "application/json"}, 400, "malformed_json", None),
        ({"json": ["a", "list"]}, 400, "malformed_json", None),
        ({"json": {"text": "", "targets": ["es"]}}, 422, "empty_text", "text"),
        ({"json": {"text": 12, "targets": ["es"]}}, 422, "invalid_field", "text"),
        ({"json": {"text": "Bonjour.", "targets": "zz"}}, 422, "invalid_field", "targets"),
        ({"json": {"text": "Bonjour.", "targets": ["es"] * 9}}, 422, "invalid_field", "targets"),
        ({"json": {"text": "Bonjour.", "source": "xx", "targets": ["es"]}}, 422, "invalid_field", "source"),
        ({"json": {"texts": [], "targets": ["es"]}}, 422, "invalid_field", "texts"),
        ({"json": {"text": "Bonjour.", "targets": ["ja"]}}, 404, "unsupported_pair", None),
        ({"json": {"text": "Bonjour.", "targets": ["fr"]}}, 422, "same_language", "targets"),
        ({"json": {"text": "x" * 200_001, "targets": ["es"]}}, 413, "too_large", None),
    ],
)
def test_translate_errors(client, kwargs, status, code, field):
    response = client.post("/api/v1/translate", **kwargs)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    assert error.get("field") == field
    conforms(response, "/translate", "post")


def test_405_413_and_unknown_paths_are_json(app, client):
    for response in (client.put("/api/v1/translate"), client.get("/api/v1/summarize")):
        assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"
    assert client.get("/api/v1/nothing").get_json()["error"]["code"] == "not_found"
    app.config["MAX_CONTENT_LENGTH"] = 1000
    big = client.post("/api/v1/translate", json={"text": "mot " * 1000, "targets": ["es"]})
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "too_large"


def test_engine_failure_is_503(app, client, fresh_argos_dir):
    (fresh_argos_dir / "translate-fr_en-1_0" / "model" / "model.bin").write_bytes(b"broken")
    app.config["ARGOS_PACKAGES_DIR"] = str(fresh_argos_dir)
    response = client.post("/api/v1/translate", json={"text": "Bonjour.", "targets": ["en"]})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "engine_error"
    conforms(response, "/translate", "post")


def test_no_engine_at_all_is_503(app, client):
    app.extensions["service"].translator = Translator([ApertiumEngine(binary="not-installed")])
    response = client.post("/api/v1/articles", json={"text": "Bonjour.", "targets": ["es"]})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "no_engine"
    assert client.get("/api/v1/health").status_code == 503


def test_summarize_endpoint(client, sample_text):
    response = client.post("/api/v1/summarize", json={"text": sample_text, "algorithm": "lead", "length": 2})
    conforms(response, "/summarize", "post")
    body = response.get_json()
    assert body["sentences"][0].startswith("La ligne E du tramway") and len(body["sentences"]) == 2
    assert body["article"]["published"] == "2024-03-03T10:15"
    bad = client.post("/api/v1/summarize", json={"text": sample_text, "algorithm": "magic"})
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "algorithm"
    conforms(bad, "/summarize", "post")
    boiler = client.post("/api/v1/summarize", json={"text": "Partager\n1612"})
    assert boiler.status_code == 422 and "no body" in boiler.get_json()["error"]["message"]


def test_articles_create_get_list_delete(client, sample_text):
    created = client.post(
        "/api/v1/articles", json={"text": sample_text, "targets": ["es", "de"], "algorithm": "text-rank", "length": 3}
    )
    assert created.status_code == 201
    conforms(created, "/articles", "post")
    body = created.get_json()
    assert created.headers["Location"] == f"/api/v1/articles/{body['id']}"
    assert (
        body["summary"]["languages"]["es"]["aligned"]["indices"]
        == body["summary"]["languages"]["fr"]["aligned"]["indices"]
    )
    assert body["targets"]["de"]["route"]["description"] == "fr→en (argos) → de (argos)"
    fetched = client.get(f"/api/v1/articles/{body['id']}")
    conforms(fetched, "/articles/{id}", "get")
    assert fetched.get_json() == body
    listing = client.get("/api/v1/articles")
    conforms(listing, "/articles", "get")
    assert listing.get_json()["articles"][0]["id"] == body["id"]
    deleted = client.delete(f"/api/v1/articles/{body['id']}")
    assert deleted.status_code == 204
    missing = client.get(f"/api/v1/articles/{body['id']}")
    assert missing.status_code == 404
    conforms(missing, "/articles/{id}", "get")
    assert client.delete(f"/api/v1/articles/{body['id']}").status_code == 404


def test_api_keys_when_configured(app, client):
    app.config["API_KEYS"] = ["s3cret"]
    denied = client.post("/api/v1/translate", json={"text": "Bonjour.", "targets": ["es"]})
    assert denied.status_code == 401 and denied.get_json()["error"]["code"] == "unauthorized"
    allowed = client.post(
        "/api/v1/translate", json={"text": "Bonjour.", "targets": ["es"]}, headers={"X-API-Key": "s3cret"}
    )
    assert allowed.status_code == 200
    assert client.get("/api/v1/health").status_code == 200  # health stays public


def test_rate_limit(tmp_path, argos_dir):
    app = make_app(tmp_path, argos_dir, API_RATE_LIMIT="3/minute")
    client = app.test_client()
    statuses = [client.get("/api/v1/languages").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/languages")
    assert limited.get_json()["error"]["code"] == "rate_limited"
    conforms(limited, "/languages", "get")


def test_following_a_job_is_not_rate_limited(tmp_path, argos_dir):
    client = make_app(tmp_path, argos_dir, API_RATE_LIMIT="3/minute").test_client()
    job = client.post("/api/v1/jobs", json={"text": "Le chat dort.", "targets": ["es"]})
    assert job.status_code == 202
    # A client polling its job's status does not use up the limit; everything else still counts.
    assert all(client.get(job.headers["Location"]).status_code == 200 for _ in range(10))
    statuses = [client.get("/api/v1/languages").status_code for _ in range(4)]
    assert statuses[-1] == 429 and statuses.count(200) <= 3


def test_form_lists_reachable_targets_with_routes(client):
    page = client.get("/").get_data(as_text=True)
    assert 'value="es"' in page and "Spanish</span> <small>— Apertium" in page
    assert "English</span> <small>— Argos" in page
    assert "German</span> <small>— via English, Argos" in page
    assert "Japanese" not in page


def test_form_round_trip(client, sample_text):
    token = csrf_token(client)
    response = client.post(
        "/articles",
        data={"csrf_token": token, "text": sample_text, "targets": ["es", "ca"], "algorithm": "lead", "length": "2"},
    )
    assert response.status_code == 303
    page = follow_job(client, response).get_data(as_text=True)
    assert page.count('<th scope="col"') == 3
    assert len(re.findall(r'class="summary[ "]', page)) == 6  # two summary sentences in three columns
    assert "3 de marzo de 2024, 10:15" in page
    assert 'class="block kind-widget muted"' in page and 'class="block kind-body duplicate"' in page
    assert "fr→es (apertium)" in page
    # Every cell carries the language of the text it shows: furniture kept as pasted is French in every column.
    widget = page.split('class="block kind-widget muted"', 1)[1].split("</tbody>", 1)[0]
    assert re.findall(r'<td lang="(\w+)"', widget)[:3] == ["fr", "fr", "fr"]
    body = page.split('class="block kind-body', 1)[1].split("</tbody>", 1)[0]
    assert re.findall(r'<td lang="(\w+)"', body)[:3] == ["fr", "es", "ca"]


def test_form_needs_csrf_token(client, sample_text):
    response = client.post("/articles", data={"text": sample_text, "targets": ["es"]})
    assert response.status_code == 400


def test_form_errors_keep_the_text(client):
    token = csrf_token(client)
    response = client.post("/articles", data={"csrf_token": token, "text": "   ", "targets": ["es"]})
    assert response.status_code == 422 and "empty" in response.get_data(as_text=True)
    kept = "Mon brouillon précieux."
    bad = client.post("/articles", data={"csrf_token": token, "text": kept, "targets": ["es"], "length": "0"})
    bad = follow_job(client, bad) if bad.status_code == 303 else bad  # an error found while the job ran
    assert bad.status_code == 422 and kept in bad.get_data(as_text=True)


def test_form_upload_html(client):
    html = (
        "<html><head><title>Le budget de Lyon</title></head><body><nav>Menu Accueil</nav><article>"
        "<h1>Le budget de Lyon</h1><p>Le conseil municipal a voté le budget lundi soir après un long débat."
        "</p><p>La maire a défendu les investissements dans les écoles et les transports publics.</p>"
        "</article><footer>Mentions légales</footer></body></html>"
    )
    token = csrf_token(client)
    data = {"csrf_token": token, "text": "", "targets": ["es"], "file": (io.BytesIO(html.encode()), "page.html")}
    response = client.post("/articles", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    page = follow_job(client, response).get_data(as_text=True)
    assert "Le conseil municipal a voté le budget" in page and "Menu Accueil" not in page
    binary = {"csrf_token": token, "text": "", "targets": ["es"], "file": (io.BytesIO(b"\x00\x01\x02" * 50), "x.txt")}
    refused = client.post("/articles", data=binary, content_type="multipart/form-data")
    assert refused.status_code == 422 and "binary" in refused.get_data(as_text=True)


def _saved(client, sample_text) -> str:
    return client.post("/api/v1/articles", json={"text": sample_text, "targets": ["es", "en"], "length": 3}).get_json()[
        "id"
    ]


def test_exports(client, sample_text):
    article_id = _saved(client, sample_text)
    base = f"/articles/{article_id}/export"
    as_json = client.get(base + ".json")
    assert "attachment" in as_json.headers["Content-Disposition"]
    assert json.loads(as_json.data) == client.get(f"/api/v1/articles/{article_id}").get_json()
    markdown = client.get(base + ".md").get_data(as_text=True)
    assert markdown.startswith("# Grenoble") and "| # | Block | French (fr) | Spanish (es) | English (en) |" in markdown
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    article = client.get(f"/api/v1/articles/{article_id}").get_json()
    assert rendered.count("<table>") == 1  # one table for the whole article, not one per block
    assert rendered.count("<tr>") == len(article["sentences"]) + 1  # a row per sentence, and the header
    assert "<td>Title</td>" in rendered and "<td>Body</td>" in rendered
    french = client.get(base + ".md?lang=fr").get_data(as_text=True)
    assert "| # | Bloc | Français (fr) |" in french and "| Corps |" in french
    html = client.get(base + ".html").get_data(as_text=True)
    assert "<style>" in html and "<script" not in html and 'href="http' not in html and "src=" not in html
    assert html.count('<th scope="col"') == 3
    english_html = client.get(base + ".html?lang=en").get_data(as_text=True)
    assert "LexRank (sentences most similar to the rest" in english_html  # named and explained, not "lex-rank"
    french_html = client.get(base + ".html?lang=fr").get_data(as_text=True)
    assert "LexRank (les phrases les plus proches" in french_html
    tmx = ET.fromstring(client.get(base + ".tmx").data)
    assert tmx.get("version") == "1.4" and tmx.find("header").get("srclang") == "fr"
    units = tmx.findall("body/tu")
    body = client.get(f"/api/v1/articles/{article_id}").get_json()
    translated = [s for s in body["sentences"] if s["kind"] in ("title", "heading", "body")]
    assert len(units) == len(translated)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [t.get(lang) for t in units[0].findall("tuv")] == ["fr", "es", "en"]
    assert units[0].find("tuv/seg").text == translated[0]["text"]
    assert client.get(base + ".pdf").status_code == 404


def test_saved_pages_list_and_delete(client, sample_text):
    article_id = _saved(client, sample_text)
    listing = client.get("/articles").get_data(as_text=True)
    assert f"/articles/{article_id}" in listing and "Grenoble" in listing
    only = client.get(f"/articles/{article_id}?view=summary").get_data(as_text=True)
    assert "summary-panel" in only and "side-by-side" not in only
    native = client.get(f"/articles/{article_id}?summary=native").get_data(as_text=True)
    assert 'aria-current="true">native' in native
    page = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert f'href="/articles/{article_id}/delete"' in page  # a link to a confirmation, not an immediate delete
    confirm = client.get(f"/articles/{article_id}/delete").get_data(as_text=True)
    assert "Delete this article?" in confirm and "cannot be undone" in confirm
    assert client.get(f"/articles/{article_id}").status_code == 200  # asking deleted nothing
    token = csrf_token(client, f"/articles/{article_id}/delete")
    assert client.post(f"/articles/{article_id}/delete", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/articles/{article_id}").status_code == 404
    assert client.get(f"/articles/{article_id}/delete").status_code == 404


def test_interface_in_french_and_english(client, sample_text):
    french = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert "Traduire et résumer un article" in french and '<html lang="fr">' in french
    assert "Espagnol" in french or "espagnol" in french
    article_id = _saved(client, sample_text)
    french_result = client.get(f"/articles/{article_id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert re.search(r"Espagnol \d+\u00a0%", french_result)  # language names; Babel's French percent (NBSP)
    switched = client.get("/?lang=en", headers={"Accept-Language": "fr"})
    assert "Translate and summarise an article" in switched.get_data(as_text=True)
    assert "lang=en" in switched.headers["Set-Cookie"]


def test_security_headers_and_escaping(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    token = csrf_token(client)
    created = client.post(
        "/articles",
        data={"csrf_token": token, "targets": ["es"], "text": "Titre\n\nLe chat dort. <script>alert(1)</script>"},
    )
    page = follow_job(client, created).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'style="' not in page  # the CSP forbids inline styles too


def test_french_catalogue_is_complete(tmp_path):
    """Every string of the code and templates, extracted now, has a French translation that is not fuzzy."""
    import subprocess

    from babel.messages.pofile import read_po

    from tests.support import ROOT

    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pybabel"), "extract", "-F", "babel.cfg",
         "--ignore-dirs", ".venv build bench-out", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with open(pot, "rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with open(ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert sorted(map(str, wanted - translated)) == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_summarize_plain_text_without_a_title(client):
    text = (
        "La commune a inauguré samedi sa nouvelle salle. Les travaux ont duré deux ans. "
        "Le bâtiment accueille trois associations. Le maire a remercié les entreprises. Une fête est prévue en juin."
    )
    response = client.post("/api/v1/summarize", json={"text": text, "length": 2})
    conforms(response, "/summarize", "post")
    assert response.status_code == 200 and len(response.get_json()["sentences"]) == 2
    assert response.get_json()["article"]["title"] is None


def test_relative_dates_use_the_reference_date(client):
    text = "Le marché couvert rouvre\n\nMis en ligne hier\n\nLe marché de la ville rouvre après un an de travaux."
    response = client.post("/api/v1/articles", json={"text": text, "reference_date": "2025-02-14"})
    conforms(response, "/articles", "post")
    article = response.get_json()["article"]
    assert article["published"] == "2025-02-13" and article["relative_dates"] == ["published"]
    bad = client.post("/api/v1/articles", json={"text": text, "reference_date": "demain"})
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "reference_date"


def test_request_time_limit_gives_a_clear_error(tmp_path, argos_dir, sample_text):
    app = make_app(tmp_path, argos_dir, REQUEST_TIME_LIMIT=1e-9)
    response = app.test_client().post("/api/v1/articles", json={"text": sample_text, "targets": ["es"]})
    conforms(response, "/articles", "post")
    error = response.get_json()["error"]
    assert response.status_code == 422 and error["code"] == "time_limit" and "limit" in error["message"]


@pytest.mark.parametrize(
    ("path", "raw", "status", "code", "field"),
    [
        ("/articles", '{"text": "Bonjour.", "source": 12, "targets": ["es"]}', 422, "invalid_field", "source"),
        ("/articles", '{"text": "Bonjour.", "source": ["fr"], "targets": ["es"]}', 422, "invalid_field", "source"),
        ("/summarize", '{"text": "Bonjour.", "language": ["fr"]}', 422, "invalid_field", "language"),
        ("/summarize", '{"text": "Bonjour.", "language": 7}', 422, "invalid_field", "language"),
        ("/translate", '{"text": "Le chat \\ud800 dort.", "targets": ["es"]}', 422, "invalid_text", "text"),
        ("/articles", '{"text": "Le chat dort. \\udfff", "targets": ["es"]}', 422, "invalid_text", "text"),
        ("/translate", '{"texts": ["ok", "\\ud800"], "targets": ["es"]}', 422, "invalid_text", "texts"),
        ("/articles", '{"text": ' + "[" * 1000 + "]" * 1000 + "}", 400, "malformed_json", None),
        ("/translate", "[" * 5000 + "]" * 5000, 400, "malformed_json", None),
    ],
)
def test_hostile_input_gets_a_documented_error(client, path, raw, status, code, field):
    response = client.post(f"/api/v1{path}", data=raw, content_type="application/json")
    conforms(response, path, "post")
    error = response.get_json()["error"]
    assert (response.status_code, error["code"], error.get("field")) == (status, code, field)


def test_list_limit_is_validated_and_capped(client, sample_text):
    client.post("/api/v1/articles", json={"text": sample_text})
    assert client.get("/api/v1/articles?limit=abc").status_code == 422
    assert client.get("/api/v1/articles?limit=-1").status_code == 422  # out of range: said, not clamped
    assert client.get("/api/v1/articles?limit=").status_code == 200


def test_an_html_page_without_an_article_is_not_saved(client):
    page = (
        b"<html><head><title>Accueil - Le Journal</title></head><body><nav><ul><li><a href=/>Accueil</a></li>"
        b"<li><a href=/sport>Sport</a></li><li><a href=/meteo>M\xc3\xa9t\xc3\xa9o</a></li></ul></nav>"
        b"<footer>Mentions l\xc3\xa9gales</footer></body></html>"
    )
    token = csrf_token(client)
    response = client.post("/articles", data={"csrf_token": token, "file": (io.BytesIO(page), "accueil.html")})
    assert response.status_code == 422 and "no article" in response.get_data(as_text=True)
    assert client.get("/api/v1/articles").get_json()["articles"] == []
