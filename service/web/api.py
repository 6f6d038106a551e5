"""JSON API, version 1. The contract is ``openapi.json`` beside this file."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, url_for

from .. import languages
from ..pipeline import InputError, process_article, translate_sentences_of_texts
from . import get_store, get_translator
from .errors import error_response

bp = Blueprint("api", __name__)
OPENAPI = Path(__file__).with_name("openapi.json")
PUBLIC = {"api.health", "api.openapi", "api.docs"}


@bp.before_request
def require_api_key():
    """Optional API keys: when ``API_KEYS`` is set, every call but health and docs needs one."""
    keys = current_app.config.get("API_KEYS") or []
    if keys and request.endpoint not in PUBLIC and request.headers.get("X-API-Key") not in keys:
        return error_response(401, "unauthorized", "send a valid API key in the X-API-Key header")
    return None


def _payload() -> dict:
    """The JSON object of the request, or the right 415/400 error."""
    if not request.is_json:
        raise _Abort(error_response(415, "unsupported_media_type", "send JSON with Content-Type: application/json"))
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise _Abort(error_response(400, "malformed_json", "the body is not a JSON object"))
    return payload


class _Abort(Exception):
    """Carries a ready error response out of a helper."""

    def __init__(self, response):
        super().__init__()
        self.response = response


@bp.errorhandler(_Abort)
def _abort(err: _Abort):
    return err.response


def _text_field(payload: dict, name: str = "text") -> str:
    text = payload.get(name)
    if not isinstance(text, str):
        raise InputError(f"'{name}' must be a string", name)
    _check_size(text)
    return text


def _check_size(text: str) -> None:
    limit = current_app.config["MAX_TEXT_CHARS"]
    if len(text) > limit:
        raise _Abort(error_response(413, "too_large", f"the text is longer than {limit} characters"))


def _targets(payload: dict) -> list[str]:
    targets = payload.get("targets")
    if isinstance(targets, str):
        targets = [t for t in targets.split(",") if t.strip()]
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise InputError("'targets' must be a list of language codes", "targets")
    if len(targets) > current_app.config["MAX_TARGETS"]:
        raise InputError(f"at most {current_app.config['MAX_TARGETS']} targets per request", "targets")
    return targets


def all_failed(targets: dict):
    """The error response when no target could be translated, else None."""
    if not targets or any(t.ok for t in targets.values()):
        return None
    if not get_translator().graph.languages[0]:
        return error_response(503, "no_engine", "no translation engine is installed or working on this server")
    first = next(iter(targets.values()))
    status = {"unsupported_pair": 404, "engine_error": 503, "same_language": 422}.get(first.error_code, 422)
    field = "targets" if status == 422 else None
    return error_response(status, first.error_code or "error", first.error or "no target succeeded", field)


def languages_payload(translator, interface: str = "en") -> dict:
    """Sources, targets and the route to each target, with Babel names."""
    graph_sources, _ = translator.graph.languages
    pairs = []
    for source in sorted(graph_sources):
        for target, route in sorted(translator.routes(source).items()):
            pairs.append({"source": source, "target": target, "route": route.to_dict()})
    codes = sorted({p["source"] for p in pairs} | {p["target"] for p in pairs})
    return {
        "languages": [languages.describe(c, interface) for c in codes],
        "sources": sorted(graph_sources),
        "targets": sorted({p["target"] for p in pairs}),
        "pairs": pairs,
    }


@bp.get("/languages")
def list_languages():
    return jsonify(languages_payload(get_translator()))


@bp.get("/health")
def health():
    translator = get_translator()
    engines = []
    for engine in translator.engines.values():
        status = engine.status()
        engines.append(
            {
                "name": status.name,
                "available": status.available,
                "detail": status.detail,
                "pairs": [list(p) for p in status.pairs],
                "problems": status.problems,
            }
        )
    ok = any(e["available"] for e in engines)
    return jsonify({"status": "ok" if ok else "unavailable", "engines": engines}), 200 if ok else 503


@bp.post("/translate")
def translate():
    """One text or many: every text's sentences go to the engines in one batch."""
    payload = _payload()
    if "texts" in payload:
        texts = payload["texts"]
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise InputError("'texts' must be a non-empty list of strings", "texts")
        for text in texts:
            _check_size(text)
    else:
        texts = [_text_field(payload)]
    results = translate_sentences_of_texts(get_translator(), texts, payload.get("source", "fr"), _targets(payload))
    failed = all_failed(results[0].targets)
    if failed:
        return failed
    if "texts" in payload:
        return jsonify({"results": [r.to_dict() for r in results]})
    return jsonify(results[0].to_dict())


@bp.post("/summarize")
def summarize():
    payload = _payload()
    text = _text_field(payload)
    result = process_article(
        None, text, payload.get("language", "fr"), [], payload.get("algorithm", "lex-rank"), payload.get("length")
    )
    summary = result.summaries[result.source]["aligned"]
    if summary.error:
        raise InputError(summary.error, "text")
    return jsonify(
        {
            "language": result.source,
            "algorithm": result.algorithm,
            "length": result.length,
            "indices": summary.indices,
            "sentences": summary.sentences,
            "article": result.article.to_dict(),
            "warnings": result.warnings,
        }
    )


def run_article(payload: dict):
    """The whole pipeline for an API or form request; the result and its stored document."""
    result = process_article(
        get_translator(),
        payload["text"],
        payload.get("source") or "fr",
        payload.get("targets") or [],
        payload.get("algorithm") or "lex-rank",
        payload.get("length") or None,
        payload.get("summary") or "aligned",
    )
    document = result.to_dict()
    if all_failed(result.targets) is None:
        get_store().save(document)
    return result, document


@bp.post("/articles")
def create_article():
    payload = _payload()
    payload["text"] = _text_field(payload)
    payload["targets"] = _targets(payload) if payload.get("targets") is not None else []
    result, document = run_article(payload)
    failed = all_failed(result.targets)
    if failed:
        return failed
    response = jsonify(document)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_article", article_id=document["id"])
    return response


@bp.get("/articles")
def list_articles():
    limit = min(int(request.args.get("limit", 50)), 500)
    return jsonify(
        {
            "articles": [
                {
                    "id": s.id,
                    "created": s.created,
                    "title": s.title,
                    "source": s.source,
                    "targets": s.targets,
                    "url": url_for("api.get_article", article_id=s.id),
                }
                for s in get_store().recent(limit)
            ]
        }
    )


@bp.get("/articles/<article_id>")
def get_article(article_id: str):
    document = get_store().get(article_id)
    if document is None:
        return error_response(404, "not_found", f"no article with id {article_id!r}")
    return jsonify(document)


@bp.delete("/articles/<article_id>")
def delete_article(article_id: str):
    if not get_store().delete(article_id):
        return error_response(404, "not_found", f"no article with id {article_id!r}")
    return "", 204


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_text(encoding="utf-8"), mimetype="application/json")


@bp.get("/docs")
def docs():
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return render_template("api_docs.html", spec=spec)
