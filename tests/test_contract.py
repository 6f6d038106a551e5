"""The contract as openapi.json states it: what the schema allows is accepted, what it forbids is refused.

The fuzzing itself (Schemathesis against gunicorn, short and seeded) is ``test_schemathesis_finds_no_server_error``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from service.web.api import OPENAPI
from tests.support import make_app
from tests.support.services import gunicorn_server

SPEC = json.loads(OPENAPI.read_text(encoding="utf-8"))


@pytest.fixture
def client(tmp_path, argos_dir):
    return make_app(tmp_path / "instance", argos_dir).test_client()


WRONG_METHODS = [("DELETE", "/api/v1/languages"), ("PUT", "/api/v1/translate"), ("POST", "/articles/x"),
                 ("GET", "/translate"), ("PATCH", "/")]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), WRONG_METHODS)
def test_405_names_the_allowed_methods(client, method, path):
    answer = client.open(path, method=method)
    assert answer.status_code == 405 and answer.headers["Allow"]


@pytest.mark.parametrize("limit", ["0", "501", "-3", "100000"])
def test_limit_outside_the_documented_range_is_refused(client, limit):
    answer = client.get(f"/api/v1/articles?limit={limit}")
    assert answer.status_code == 422 and answer.get_json()["error"]["field"] == "limit"


def test_limit_at_the_documented_bounds_is_accepted(client):
    maximum = next(p for p in SPEC["paths"]["/articles"]["get"]["parameters"] if p["name"] == "limit")["schema"]
    assert maximum["maximum"] == 500
    assert client.get("/api/v1/articles?limit=1").status_code == 200
    assert client.get("/api/v1/articles?limit=500").status_code == 200


def _property(schema: str, name: str) -> dict:
    return SPEC["components"]["schemas"][schema]["properties"][name]


def test_the_schema_does_not_offer_what_is_refused(client):
    """Empty text, ``length: 0`` and ``targets: []`` are refused, so the schema excludes them."""
    for schema in ("ArticleRequest", "SummarizeRequest"):
        assert _property(schema, "text")["minLength"] == 1
    array = next(s for s in _property("ArticleRequest", "targets")["anyOf"] if s["type"] == "array")
    assert array["minItems"] == 1
    length = _property("ArticleRequest", "length")["anyOf"]
    assert {"type": "integer", "minimum": 1} in length
    import re

    pattern = re.compile(next(s["pattern"] for s in length if s["type"] == "string"))
    for accepted in ("3", "20%", "100%", "2.5%", " 7 ", ""):
        assert pattern.search(accepted), accepted
    for refused in ("0", "0%", "101%", "-1", "abc"):
        assert not pattern.search(refused), refused
    text = "Le conseil municipal a voté le budget. Les travaux commencent en mai. La ville est contente."
    for value in ("3", "20%", "100%", "2.5%", " 7 "):
        assert client.post("/api/v1/summarize", json={"text": text, "length": value}).status_code == 200, value
    for value in (0, "0", "0%", "101%"):
        assert client.post("/api/v1/summarize", json={"text": text, "length": value}).status_code == 422, value
    assert client.post("/api/v1/summarize", json={"text": "", "length": 3}).status_code == 422


def test_the_csv_glossary_body_is_documented_and_its_examples_work(client):
    content = SPEC["paths"]["/glossaries/{name}"]["put"]["requestBody"]["content"]
    for kind in ("text/csv", "text/tab-separated-values", "text/plain"):
        assert "language" in content[kind]["schema"]["description"]
        for example in content[kind]["examples"].values():
            answer = client.put("/api/v1/glossaries/documented", data=example["value"].encode(), content_type=kind)
            assert answer.status_code == 200, (kind, answer.get_json())
            assert answer.get_json()["entries"]


def test_retry_after_only_on_429_and_503(tmp_path, argos_dir, sample_text):
    client = make_app(tmp_path / "instance", argos_dir, API_RATE_LIMIT="3/minute").test_client()
    job = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"]})
    assert job.status_code == 202 and "Retry-After" not in job.headers
    status = client.get(job.headers["Location"])
    assert status.status_code == 200 and "Retry-After" not in status.headers
    answers = [client.get("/api/v1/languages") for _ in range(5)]
    assert all("Retry-After" not in a.headers for a in answers if a.status_code == 200)
    limited = answers[-1]
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    for path, operations in SPEC["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            for code, response in operation.get("responses", {}).items():
                if "Retry-After" in response.get("headers", {}):
                    assert code in ("429", "503"), (path, method, code)


def test_each_text_lists_only_the_glossary_entries_it_used(client):
    glossary = {"entries": [{"term": "Matignon", "translations": {"es": "Matignon"}},
                            {"term": "Paris", "translations": {"es": "París"}}]}  # fmt: skip
    body = {"texts": ["Le ministre parle à Matignon.", "Il fait beau à Paris.", "Il pleut."], "source": "fr",
            "targets": ["es"], "glossary": glossary}  # fmt: skip
    results = client.post("/api/v1/translate", json=body).get_json()["results"]
    used = [[entry["term"] for entry in result["targets"]["es"]["glossary"]] for result in results]
    assert used == [["Matignon"], ["Paris"], []]


def test_schemathesis_finds_no_server_error(tmp_path, argos_dir):
    """Short and seeded, against gunicorn: every operation, every phase, one check — no 5xx."""
    pytest.importorskip("schemathesis")
    env = {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_API_RATE_LIMIT": "1000000/minute"}
    with gunicorn_server(tmp_path / "server", env, 1, 4) as (url, _):
        report = tmp_path / "report.json"
        done = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{url}/api/v1/openapi.json", "--url", f"{url}/api/v1",
             "--checks", "not_a_server_error", "--max-examples", "8", "--seed", "22", "--workers", "1",
             "--generation-database", "none", "--request-timeout", "60", "--no-color",
             "--report", "junit", "--report-junit-path", str(report)],
            capture_output=True, text=True, timeout=1200, cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-5000:]
        assert "0 failed" in done.stdout or "passed" in done.stdout.rsplit("SUMMARY", 1)[-1]


@pytest.mark.parametrize("fmt", ["json", "md", "html", "tmx", "xliff"])
def test_exports_under_the_api_are_named_after_the_title(client, sample_text, fmt):
    saved = client.post("/api/v1/articles", json={"text": sample_text, "targets": ["es"]}).get_json()
    assert "/articles/{id}/export.{format}" in SPEC["paths"]
    answer = client.get(f"/api/v1/articles/{saved['id']}/export.{fmt}")
    assert answer.status_code == 200 and answer.data
    disposition = answer.headers["Content-Disposition"]
    assert ("Grenoble" in disposition and "tramway" in disposition and disposition.endswith(f'.{fmt}"')) or (
        f".{fmt}" in disposition
    )
    page = client.get(f"/articles/{saved['id']}/export.{fmt}")
    assert page.headers["Content-Disposition"] == disposition


def test_unknown_exports_are_json_404s(client):
    assert client.get("/api/v1/articles/nope/export.md").get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/articles/nope/export.exe").status_code == 404


def test_a_null_review_state_is_not_a_server_error(client, sample_text):
    """Found by Schemathesis: ``"reviewed": null`` in a PATCH was a 500 (int(None)); null clears the state."""
    saved = client.post("/api/v1/articles", json={"text": sample_text, "targets": ["es"]}).get_json()
    answer = client.patch(f"/api/v1/articles/{saved['id']}", json={"reviewed": None, "outlet": "Le Dauphiné"})
    assert answer.status_code == 200, answer.get_json()
    assert client.get(f"/api/v1/articles/{saved['id']}").get_json()["reviewed"] is False
