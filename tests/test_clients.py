"""Three LibreTranslate clients nobody here wrote, against the real server under gunicorn.

- ``libretranslatepy`` (JSON bodies),
- ``deep-translator`` (every field in the query string of a POST, as LibreTranslate's ``request.values`` reads it),
- the npm ``libretranslate`` wrapper (Node's fetch, JSON), installed by ``scripts/setup --dev`` into
  ``.venv/node`` like axe-core.

And every LibreTranslate path answers errors in LibreTranslate's JSON, never an HTML page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.support import ROOT, in_ci
from tests.support.services import gunicorn_server

KEY = "client-key-0123456789"
NODE_MODULES = ROOT / ".venv" / "node" / "node_modules"


@pytest.fixture(scope="module")
def server(tmp_path_factory, argos_dir):
    """The open configuration (no keys), one worker."""
    env = {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_API_RATE_LIMIT": "100000/minute"}
    with gunicorn_server(tmp_path_factory.mktemp("clients"), env, 1, 4) as (url, _):
        yield url


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory, argos_dir):
    env = {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_API_KEYS": KEY}
    with gunicorn_server(tmp_path_factory.mktemp("clients-keyed"), env, 1, 2) as (url, _):
        yield url


def _call(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def test_libretranslatepy(server):
    from libretranslatepy import LibreTranslateAPI

    client = LibreTranslateAPI(server)
    assert client.translate("Le chat dort.", "fr", "es") == "El gato duerme."
    assert client.detect("Le conseil municipal a voté le budget de la commune.")[0]["language"] == "fr"
    assert any(entry["code"] == "fr" for entry in client.languages())


@pytest.mark.parametrize("configuration", ["open", "keyed"])
def test_deep_translator_sends_its_fields_in_the_query_string(server, keyed_server, configuration):
    from deep_translator import LibreTranslator

    url = server if configuration == "open" else keyed_server
    translator = LibreTranslator(source="fr", target="es", api_key=KEY, custom_url=url + "/")
    assert translator.translate("Le chat dort.") == "El gato duerme."
    assert translator.translate_batch(["Le chat dort.", "Il pleut."]) == ["El gato duerme.", "Llueve."]


def test_deep_translator_with_a_wrong_key_hears_403(keyed_server):
    from deep_translator import LibreTranslator
    from deep_translator.exceptions import AuthorizationException

    translator = LibreTranslator(source="fr", target="es", api_key="wrong", custom_url=keyed_server + "/")
    with pytest.raises(AuthorizationException):
        translator.translate("Le chat dort.")


def test_query_string_form_and_json_bodies_agree(server):
    fields = "q=Le+chat+dort.&source=fr&target=es"
    in_query = _call("POST", f"{server}/translate?{fields}")
    in_form = _call(
        "POST", f"{server}/translate", fields.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    body = json.dumps({"q": "Le chat dort.", "source": "fr", "target": "es"}).encode()
    in_json = _call("POST", f"{server}/translate", body, {"Content-Type": "application/json"})
    assert [json.loads(a[2]) for a in (in_query, in_form, in_json)] == [{"translatedText": "El gato duerme."}] * 3


NODE_SCRIPT = """
const { translate } = require("libretranslate");
translate({ query: process.argv[2], source: "fr", target: "es", apiurl: process.argv[1] })
  .then((text) => { console.log(JSON.stringify(text)); })
  .catch((err) => { console.error(err); process.exit(1); });
"""


def test_the_npm_libretranslate_wrapper(server):
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "libretranslate").is_dir():
        if in_ci():
            pytest.fail("node or the npm libretranslate wrapper is missing: run scripts/setup --dev")
        pytest.skip("node or the npm libretranslate wrapper is missing: run scripts/setup --dev")
    done = subprocess.run(
        [node, "-e", NODE_SCRIPT, server, "Le chat dort."],
        cwd=NODE_MODULES.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == "El gato duerme."


LIBRE_ERRORS = [
    ("GET", "/translate", 405),
    ("PUT", "/translate", 405),
    ("GET", "/translate_file", 405),
    ("GET", "/detect", 405),
    ("POST", "/languages", 405),
    ("POST", "/frontend/settings", 405),
    ("GET", "/download_file/AAAAAAAAAAAAAAAA/missing.txt", 404),
    ("GET", "/download_file/AAAAAAAAAAAAAAAA/a/b.txt", 404),
    ("GET", "/download_file/x", 404),
    ("POST", "/translate", 400),
    ("POST", "/translate_file", 400),
    ("POST", "/detect", 400),
]


@pytest.mark.parametrize(("method", "path", "status"), LIBRE_ERRORS)
def test_every_libretranslate_path_answers_errors_in_its_json(server, method, path, status):
    got, headers, body = _call(method, server + path, b"" if method in ("POST", "PUT") else None)
    assert got == status
    assert headers["Content-Type"].startswith("application/json")
    assert isinstance(json.loads(body)["error"], str)
    if status == 405:
        assert headers["Allow"]
