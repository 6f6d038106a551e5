"""Record an example request and response for every endpoint and every status, then rebuild ``openapi.json``.

Every example is a real answer of the app (test client, Apertium, a
throwaway instance folder), produced by the request shown beside it; run
again after changing the API: ``.venv/bin/python scripts/openapi_examples.py`` (it writes
``service/web/openapi_examples.json``, then ``openapi.json`` from the models).
The docs pages show them, and ``tests/test_openapi_examples.py`` checks that
each example matches its schema and that none is missing.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEXT = (
    "Le marché couvert de Lyon rouvre samedi\n\n"
    "Le marché couvert de la Croix-Rousse rouvre samedi après dix mois de travaux. "
    "Les commerçants ont retrouvé leurs étals rénovés. La mairie attend plusieurs milliers de visiteurs. "
    "Une fête est prévue dans l'après-midi."
)
GLOSSARY = {
    "entries": [{"term": "Croix-Rousse", "translations": {}}, {"term": "mairie", "translations": {"en": "city hall"}}]
}
SERVICE_ERROR = {
    503: {"error": {"code": "storage_unavailable",
                    "message": "storage articles.sqlite3 is unavailable: the folder or file is read-only"}},
}  # fmt: skip


def _app(folder: Path, **config):
    from service.web import create_app

    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder), "SECRET_KEY": "x",
                       "ARGOS_PACKAGES_DIR": str(folder / "no-argos"), **config})  # fmt: skip


def _json(response):
    return response.get_json() if response.is_json else None


def collect(folder: Path) -> dict:
    """{(path, method): {"request": body, "responses": {status: body}}} from real calls."""
    client = _app(folder / "main").test_client()
    keyed = _app(folder / "keyed", API_KEYS=["k"]).test_client()
    small = _app(folder / "small", MAX_REQUEST_BYTES=200).test_client()
    limited = _app(folder / "limited", API_RATE_LIMIT="1/minute").test_client()
    broken = _app(folder / "broken", ENGINES=[]).test_client()
    out: dict = {}

    def record(path, method, status, body, request=None):
        entry = out.setdefault((path, method), {"request": None, "responses": {}})
        if request is not None and entry["request"] is None:
            entry["request"] = request
        entry["responses"].setdefault(str(status), body)

    def call(c, method, url, path, body=None, expect=None, **kwargs):
        response = (
            getattr(c, method)(url, json=body, **kwargs) if body is not None else getattr(c, method)(url, **kwargs)
        )
        if expect is not None:
            assert response.status_code == expect, (
                method,
                url,
                response.status_code,
                response.get_data(as_text=True)[:300],
            )
        record(path, method, response.status_code, _json(response), body)
        return response

    translate = {"text": TEXT, "source": "fr", "targets": ["es", "en"]}
    article = {"text": TEXT, "targets": ["es", "ca"], "algorithm": "lex-rank", "length": "2"}
    call(client, "get", "/api/v1/languages", "/languages", expect=200)
    call(client, "get", "/api/v1/health", "/health", expect=200)
    call(broken, "get", "/api/v1/health", "/health", expect=503)
    call(client, "post", "/api/v1/translate", "/translate", translate, expect=200)
    call(client, "post", "/api/v1/translate", "/translate", {"text": "Bonjour.", "targets": ["ja"]}, expect=404)
    call(client, "post", "/api/v1/translate", "/translate", {"text": "Bonjour.", "targets": "zz"}, expect=422)
    call(client, "post", "/api/v1/summarize", "/summarize", {"text": TEXT, "language": "fr", "length": "2"}, expect=200)
    call(client, "post", "/api/v1/summarize", "/summarize", {"text": TEXT, "length": "0"}, expect=422)
    origin = {"outlet": "Le Dauphiné", "url": "https://example.org/grenoble/tram", "tags": ["isère", "transports"]}
    saved = call(client, "post", "/api/v1/articles", "/articles", {**article, **origin}, expect=201).get_json()
    call(client, "post", "/api/v1/articles", "/articles", {**article, "keep": False}, expect=200)
    call(client, "post", "/api/v1/articles", "/articles", {**article, "targets": ["ja"]}, expect=404)
    call(client, "post", "/api/v1/articles", "/articles", {**article, "summary": "both"}, expect=422)
    asynchronous = client.post("/api/v1/articles", json=article, headers={"Prefer": "respond-async"})
    record("/articles", "post", 202, asynchronous.get_json())
    call(client, "get", "/api/v1/articles?limit=5", "/articles", expect=200)
    call(client, "get", "/api/v1/articles?limit=many", "/articles", expect=422)
    call(client, "get", "/api/v1/articles?q=couvert*&language=es&limit=1", "/articles", expect=200)
    call(client, "get", "/api/v1/articles?from=2025-03-12&to=2025-03-01", "/articles", expect=422)
    call(client, "patch", f"/api/v1/articles/{saved['id']}", "/articles/{id}", {"tags": "isère, à relire",
         "reviewed": True}, expect=200)  # fmt: skip
    call(client, "patch", "/api/v1/articles/nope", "/articles/{id}", {"reviewed": True}, expect=404)
    call(client, "patch", f"/api/v1/articles/{saved['id']}", "/articles/{id}", {"url": "ftp://x"}, expect=422)
    call(keyed, "get", "/api/v1/articles", "/articles", expect=401)
    call(client, "get", f"/api/v1/articles/{saved['id']}", "/articles/{id}", expect=200)
    call(client, "get", "/api/v1/articles/nope", "/articles/{id}", expect=404)
    one = f"/api/v1/articles/{saved['id']}/sentences/es/3"
    sentence = "/articles/{id}/sentences/{target}/{number}"
    correction = {"text": "Los comerciantes encontraron sus puestos renovados.", "reviewer": "Ana"}
    call(client, "get", one, sentence, expect=200)
    call(client, "patch", one, sentence, correction, expect=200)
    call(client, "patch", one, sentence, {"text": " "}, expect=422)
    call(client, "get", f"/api/v1/articles/{saved['id']}/sentences/es/99", sentence, expect=404)
    call(client, "patch", "/api/v1/articles/nope/sentences/es/3", sentence, correction, expect=404)
    call(keyed, "patch", one, sentence, correction, expect=401)
    call(keyed, "get", one, sentence, expect=401)
    call(client, "get", "/api/v1/memory", "/memory", expect=200)
    call(keyed, "get", "/api/v1/memory", "/memory", expect=401)
    tmx = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="fr-FR" creationtool="OmegaT" segtype="sentence" '
        'o-tmf="OmegaT" adminlang="en" datatype="plaintext"/><body><tu changeid="marie" '
        'changedate="20250301T090000Z"><tuv xml:lang="fr-FR"><seg>La mairie attend plusieurs milliers de '
        'visiteurs.</seg></tuv><tuv xml:lang="en-GB"><seg>The city hall expects several thousand '
        "visitors.</seg></tuv></tu></body></tmx>"
    )
    imported = client.post("/api/v1/memory.tmx", data=tmx, content_type="application/x-tmx+xml")
    record("/memory.tmx", "post", imported.status_code, imported.get_json())
    broken_tmx = client.post("/api/v1/memory.tmx", data="<tmx><body>", content_type="application/x-tmx+xml")
    record("/memory.tmx", "post", broken_tmx.status_code, broken_tmx.get_json())
    call(keyed, "post", "/api/v1/memory.tmx", "/memory.tmx", expect=401, data=tmx)
    call(keyed, "get", "/api/v1/memory.tmx", "/memory.tmx", expect=401)
    export = "/articles/{id}/export.{format}"
    call(client, "get", f"/api/v1/articles/{saved['id']}/export.json", export, expect=200)
    call(client, "get", "/api/v1/articles/nope/export.md", export, expect=404)
    call(client, "delete", "/api/v1/articles/nope", "/articles/{id}", expect=404)
    call(client, "put", "/api/v1/glossaries/lyon", "/glossaries/{name}", GLOSSARY, expect=200)
    call(client, "put", "/api/v1/glossaries/lyon", "/glossaries/{name}", {"entries": "x"}, expect=422)
    call(keyed, "put", "/api/v1/glossaries/lyon", "/glossaries/{name}", GLOSSARY, expect=401)
    xml = client.put("/api/v1/glossaries/lyon", data="<glossary/>", content_type="application/xml")
    record("/glossaries/{name}", "put", xml.status_code, xml.get_json())
    call(client, "get", "/api/v1/glossaries", "/glossaries", expect=200)
    call(keyed, "get", "/api/v1/glossaries", "/glossaries", expect=401)
    call(client, "get", "/api/v1/glossaries/lyon", "/glossaries/{name}", expect=200)
    call(client, "get", "/api/v1/glossaries/paris", "/glossaries/{name}", expect=404)
    call(client, "get", "/api/v1/glossaries/bad name!", "/glossaries/{name}", expect=422)
    call(keyed, "get", "/api/v1/glossaries/lyon", "/glossaries/{name}", expect=401)
    call(client, "delete", "/api/v1/glossaries/paris", "/glossaries/{name}", expect=404)
    call(client, "delete", "/api/v1/glossaries/bad name!", "/glossaries/{name}", expect=422)
    call(keyed, "delete", "/api/v1/glossaries/lyon", "/glossaries/{name}", expect=401)
    job = call(client, "post", "/api/v1/jobs", "/jobs", article, expect=202).get_json()
    call(client, "post", "/api/v1/jobs", "/jobs", {**article, "keep": False}, expect=422)
    for _ in range(600):
        if client.get(f"/api/v1/jobs/{job['id']}").get_json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    call(client, "get", f"/api/v1/jobs/{job['id']}", "/jobs/{id}", expect=200)
    call(client, "get", "/api/v1/jobs/nope", "/jobs/{id}", expect=404)
    call(client, "delete", f"/api/v1/jobs/{job['id']}", "/jobs/{id}", expect=409)
    call(client, "delete", "/api/v1/jobs/nope", "/jobs/{id}", expect=404)
    idem = {"Idempotency-Key": "lyon-2025-03-01"}
    client.post("/api/v1/jobs", json=article, headers=idem)
    record("/jobs", "post", 200, client.post("/api/v1/jobs", json=article, headers=idem).get_json())
    queued = _app(folder / "idle", JOB_WORKERS=0).test_client()
    waiting = queued.post("/api/v1/jobs", json=article).get_json()
    record("/jobs/{id}", "delete", 200, queued.delete(f"/api/v1/jobs/{waiting['id']}").get_json())
    document = client.post("/api/v1/documents", data={"file": (io.BytesIO(b"<p>Le march\xc3\xa9 rouvre.</p>"), "a.pdf"),
                                                       "target": "es"})  # fmt: skip
    record("/documents", "post", document.status_code, document.get_json())
    missing = client.post("/api/v1/documents", data={"target": "es"})
    record("/documents", "post", missing.status_code, missing.get_json())
    nowhere = client.post("/api/v1/documents", data={"file": (io.BytesIO(b"Bonjour."), "a.txt"), "target": "ja"})
    record("/documents", "post", nowhere.status_code, nowhere.get_json())
    call(keyed, "post", "/api/v1/documents", "/documents", expect=401, data={"target": "es"})
    for path, method in list(out):  # the statuses every JSON endpoint shares
        url = "/api/v1" + path.replace("{id}", "nope").replace("{name}", "lyon")
        url = url.replace("{target}", "es").replace("{number}", "1")
        if method in ("post", "put", "patch"):
            bad = getattr(client, method)(url, data="{", content_type="application/json")
            record(path, method, bad.status_code, _json(bad))
            plain = getattr(client, method)(url, data="hello", content_type="text/plain")
            record(path, method, plain.status_code, _json(plain))
            big = getattr(small, method)(url, json={"text": "x" * 500, "targets": ["es"]})
            record(path, method, big.status_code, _json(big))
        getattr(limited, method)(url, json={} if method in ("post", "put", "patch") else None)
        again = getattr(limited, method)(url, json={} if method in ("post", "put", "patch") else None)
        record(path, method, again.status_code, _json(again))
    return out


def apply(spec: dict, found: dict) -> dict:
    """Examples for ``openapi_examples.json``: every operation's request, and an answer per documented status."""
    examples: dict = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete") or path == "/openapi.json":
                continue
            seen = found.get((path, method), {"request": None, "responses": {}})
            entry: dict = {"request": None, "responses": {}}
            if (
                "application/json" in operation.get("requestBody", {}).get("content", {})
                and seen["request"] is not None
            ):
                entry["request"] = {"content_type": "application/json", "value": seen["request"]}
            for status, response in operation["responses"].items():
                example = seen["responses"].get(status)
                if example is None and int(status) in SERVICE_ERROR:
                    example = SERVICE_ERROR[int(status)]
                if "application/json" in response.get("content", {}) and example is not None:
                    entry["responses"][status] = {"content_type": "application/json", "value": example}
            examples[f"{method.upper()} {path}"] = entry
    return examples


def main() -> int:
    from service.web import openapi_spec

    with tempfile.TemporaryDirectory() as tmp:
        found = collect(Path(tmp))
    examples = apply(json.loads(openapi_spec.PATHS.read_text(encoding="utf-8")), found)
    openapi_spec.EXAMPLES.write_text(json.dumps(examples, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    openapi_spec.main([])
    spec = openapi_spec.build()
    missing = [
        f"{m.upper()} {p} {s}"
        for p, ops in spec["paths"].items()
        for m, op in ops.items()
        if m in ("get", "post", "put", "patch", "delete") and p != "/openapi.json"
        for s, r in op["responses"].items()
        if "application/json" in r.get("content", {}) and "example" not in r["content"]["application/json"]
    ]
    print("examples written;", "missing: " + ", ".join(missing) if missing else "none missing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
