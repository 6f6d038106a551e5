"""The LibreTranslate-compatible API, driven by the real ``libretranslatepy`` client against gunicorn."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest
from libretranslatepy import LibreTranslateAPI

from tests.support import make_app
from tests.support.services import gunicorn_server

KEY = "lt-key-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory, argos_dir):
    instance = tmp_path_factory.mktemp("libre-instance")
    with gunicorn_server(
        instance, {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_API_RATE_LIMIT": "100000/minute"}, 1
    ) as (
        url,
        _,
    ):
        yield url


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.mark.slow
def test_the_client_library_works_against_us(server):
    client = LibreTranslateAPI(server)
    languages = {entry["code"]: entry for entry in client.languages()}
    assert "es" in languages["fr"]["targets"] and languages["fr"]["name"] == "French"
    assert client.detect("Le conseil municipal a voté le budget de la commune.")[0]["language"] == "fr"
    assert client.translate("Le chat dort. Il pleut à Lyon.", "fr", "es") == "El gato duerme. Llueve en Lyon."
    assert "gato" in client.translate("Le chat dort.", "auto", "es")
    status, body = _post(
        server + "/translate", {"q": ["Le chat dort.", "La maison est grande."], "source": "fr", "target": "es"}
    )
    assert status == 200 and body["translatedText"] == ["El gato duerme.", "La casa es grande."]


def test_shapes_and_errors_as_libretranslate_documents(tmp_path, argos_dir):
    client = make_app(tmp_path / "instance", argos_dir).test_client()
    auto = client.post(
        "/translate", json={"q": "Le conseil municipal a voté le budget.", "source": "auto", "target": "es"}
    )
    assert (
        auto.get_json()["detectedLanguage"]["language"] == "fr"
        and auto.get_json()["detectedLanguage"]["confidence"] > 50
    )
    kept = client.post(
        "/translate", json={"q": "Le chat dort.\n\nIl pleut.", "source": "fr", "target": "es", "alternatives": 3}
    )
    assert kept.get_json() == {"translatedText": "El gato duerme.\n\nLlueve.", "alternatives": []}
    page = '<p class="a">Il pleut à Lyon.</p><script>var x = "Il pleut";</script>'
    html = client.post("/translate", json={"q": page, "source": "fr", "target": "es", "format": "html"}).get_json()
    assert html["translatedText"] == '<p class="a">Llueve en Lyon.</p><script>var x = "Il pleut";</script>'
    for body, message in (
        ({"source": "fr", "target": "es"}, "missing q"),
        ({"q": "Bonjour", "source": "fr"}, "missing target"),
        ({"q": "Bonjour", "source": "fr", "target": "zz"}, "zz"),
        ({"q": "Bonjour", "source": "fr", "target": "ja"}, "ja"),
        ({"q": 12, "source": "fr", "target": "es"}, "string"),
    ):
        response = client.post("/translate", json=body)
        assert response.status_code == 400 and message in response.get_json()["error"], (body, response.get_json())
    assert client.post("/detect", data={}).status_code == 400
    settings = client.get("/frontend/settings").get_json()
    assert settings["charLimit"] == 200000 and settings["keyRequired"] is False


def test_api_key_rule_and_rate_limit(tmp_path, argos_dir):
    client = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY], API_RATE_LIMIT="4/minute").test_client()
    refused = client.post("/translate", data={"q": "Bonjour", "source": "fr", "target": "es", "api_key": "nope"})
    assert refused.status_code == 403 and refused.get_json() == {"error": "Invalid API key"}
    assert client.get("/languages").status_code == 200  # open, as in LibreTranslate
    assert client.get("/frontend/settings").get_json()["keyRequired"] is True
    ok = client.post("/translate", data={"q": "Le chat dort.", "source": "fr", "target": "es", "api_key": KEY})
    assert ok.status_code == 200 and ok.get_json()["translatedText"] == "El gato duerme."
    codes = [client.post("/detect", data={"q": "Bonjour", "api_key": KEY}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # limits count per client and endpoint
    assert client.post("/detect", data={"q": "x", "api_key": KEY}).get_json()["error"].startswith("Slowdown")


@pytest.mark.apertium
def test_answers_without_doubts_ask_no_second_route(tmp_path, argos_dir):
    """LibreTranslate's answer and a translated document carry no doubt: the other route (fr→ca→es) is not asked.

    Our own API shows the doubts, so there the second route runs: the same sentence, through the same app.
    """
    app = make_app(tmp_path / "instance", argos_dir, ENGINES=["apertium"])
    client = app.test_client()
    pool = app.extensions["service"].translator.engines["apertium"].pool

    def second_route_ran() -> bool:
        return any(key.endswith(("fra-cat.mode", "cat-spa.mode")) for key in pool.live())  # translations, not look-ups

    try:
        sentence = "Le vol pour Montréal a été annulé à cause de la tempête."
        answer = client.post("/translate", json={"q": sentence, "source": "fr", "target": "es"})
        assert answer.status_code == 200 and answer.get_json()["translatedText"]
        page = client.post(
            "/api/v1/documents",
            data={"file": (io.BytesIO(f"<p>{sentence}</p>".encode()), "page.html"), "source": "fr", "target": "es"},
        )
        assert page.status_code == 200, page.get_data(as_text=True)[:300]
        assert not second_route_ran(), pool.live()
        ours = client.post("/api/v1/translate", json={"text": sentence, "targets": ["es"]})
        assert ours.status_code == 200
        assert second_route_ran(), pool.live()
    finally:
        pool.close()
