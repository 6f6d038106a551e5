"""The minimal web form and JSON API through Flask's test client."""

from __future__ import annotations

import pytest

from service.web import create_app


@pytest.fixture
def app(tmp_path, argos_dir):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "ARGOS_PACKAGES_DIR": str(argos_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


def test_nothing_loads_at_create_app(app):
    assert app.extensions["translator"] is None


def test_languages_lists_routes(client):
    body = client.get("/api/v1/languages").get_json()
    pairs = {(p["source"], p["target"]): p["route"]["description"] for p in body["pairs"]}
    assert pairs[("fr", "es")] == "fr→es (apertium)"
    assert pairs[("fr", "de")] == "fr→en (argos) → de (argos)"
    names = {lang["code"]: lang for lang in body["languages"]}
    assert names["es"]["name"] == "Spanish" and names["es"]["native_name"] == "español"


def test_health_reports_engines(client):
    body = client.get("/api/v1/health").get_json()
    engines = {e["name"]: e for e in body["engines"]}
    assert body["status"] == "ok"
    assert engines["apertium"]["available"] and ["fr", "es"] in engines["apertium"]["pairs"]
    assert ["fr", "en"] in engines["argos"]["pairs"]


def test_translate_aligned(client, sample_text):
    response = client.post("/api/v1/translate", json={"text": sample_text, "source": "fr", "targets": ["es", "ja"]})
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["targets"]["es"]["sentences"]) == len(body["sentences"])
    assert body["targets"]["ja"]["error"]["code"] == "unsupported_pair"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "text", "content_type": "text/plain"}, 415, "unsupported_media_type"),
        ({"data": "{not json", "content_type": "application/json"}, 400, "malformed_json"),
        ({"json": {"text": "", "targets": ["es"]}}, 422, "empty_text"),
        ({"json": {"text": "Bonjour.", "targets": "zz"}}, 422, "invalid_field"),
        ({"json": {"text": "Bonjour.", "targets": ["ja"]}}, 404, "unsupported_pair"),
    ],
)
def test_translate_errors(client, kwargs, status, code):
    response = client.post("/api/v1/translate", **kwargs)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_form_round_trip_escapes_text(client):
    page = client.get("/")
    assert page.status_code == 200 and b'value="es"' in page.data
    result = client.post("/", data={"text": "Le chat dort. <script>alert(1)</script>", "targets": ["es", "en"]})
    assert result.status_code == 200
    assert "gato" in result.get_data(as_text=True)
    assert b"<script>alert(1)</script>" not in result.data and b"&lt;script&gt;" in result.data


def test_form_empty_text_shows_error(client):
    response = client.post("/", data={"text": " ", "targets": ["es"]})
    assert response.status_code == 422 and b"empty" in response.data


def test_summarize_endpoint(client, sample_text):
    body = client.post("/api/v1/summarize", json={"text": sample_text, "algorithm": "lead", "length": 2}).get_json()
    assert body["sentences"][0].startswith("La ligne E du tramway") and len(body["sentences"]) == 2
    assert body["article"]["published"] == "2024-03-03T10:15"
    bad = client.post("/api/v1/summarize", json={"text": sample_text, "algorithm": "magic"})
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "algorithm"
    boiler = client.post("/api/v1/summarize", json={"text": "Partager\n1612"})
    assert boiler.status_code == 422 and "no body" in boiler.get_json()["error"]["message"]
