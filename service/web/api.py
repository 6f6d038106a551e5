"""JSON API, version 1: languages, translate, health."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from .. import languages
from ..pipeline import InputError, process_article, translate_text
from . import get_translator

bp = Blueprint("api", __name__)


def error_response(status: int, code: str, message: str, field: str | None = None):
    """The one JSON error shape of the API."""
    body = {"error": {"code": code, "message": message}}
    if field:
        body["error"]["field"] = field
    return jsonify(body), status


@bp.errorhandler(HTTPException)
def http_error(err: HTTPException):
    return error_response(err.code or 500, (err.name or "error").lower().replace(" ", "_"), err.description or "")


@bp.errorhandler(InputError)
def input_error(err: InputError):
    return error_response(422, err.code, str(err), err.field)


def languages_payload(translator) -> dict:
    """Sources, targets and the route to each target, with Babel names."""
    graph_sources, _ = translator.graph.languages
    pairs = []
    for source in sorted(graph_sources):
        for target, route in sorted(translator.routes(source).items()):
            pairs.append({"source": source, "target": target, "route": route.to_dict()})
    codes = sorted({p["source"] for p in pairs} | {p["target"] for p in pairs})
    return {
        "languages": [
            {
                "code": c,
                "name": languages.language_name(c),
                "native_name": languages.native_name(c),
                "direction": languages.direction(c),
            }
            for c in codes
        ],
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
    return jsonify({"status": "ok" if ok else "degraded", "engines": engines}), 200 if ok else 503


@bp.post("/translate")
def translate():
    if not request.is_json:
        return error_response(415, "unsupported_media_type", "send JSON with Content-Type: application/json")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error_response(400, "malformed_json", "the body is not a JSON object")
    text = payload.get("text")
    if not isinstance(text, str):
        raise InputError("'text' must be a string", "text")
    if len(text) > current_app.config["MAX_TEXT_CHARS"]:
        return error_response(413, "too_large", f"text longer than {current_app.config['MAX_TEXT_CHARS']} characters")
    targets = payload.get("targets")
    if not isinstance(targets, (list, str)):
        raise InputError("'targets' must be a list of language codes", "targets")
    if isinstance(targets, list) and len(targets) > current_app.config["MAX_TARGETS"]:
        raise InputError(f"at most {current_app.config['MAX_TARGETS']} targets", "targets")
    result = translate_text(get_translator(), text, payload.get("source", "fr"), targets)
    body = result.to_dict()
    if not any(t.ok for t in result.targets.values()):
        first = next(iter(result.targets.values()))
        status = 503 if first.error_code == "engine_error" else 404 if first.error_code == "unsupported_pair" else 422
        return error_response(status, first.error_code or "error", first.error or "no target succeeded")
    return jsonify(body)


@bp.post("/summarize")
def summarize():
    if not request.is_json:
        return error_response(415, "unsupported_media_type", "send JSON with Content-Type: application/json")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error_response(400, "malformed_json", "the body is not a JSON object")
    text = payload.get("text")
    if not isinstance(text, str):
        raise InputError("'text' must be a string", "text")
    if len(text) > current_app.config["MAX_TEXT_CHARS"]:
        return error_response(413, "too_large", f"text longer than {current_app.config['MAX_TEXT_CHARS']} characters")
    result = process_article(
        None, text, payload.get("language", "fr"), [], payload.get("algorithm", "lex-rank"), payload.get("length")
    )
    summary = result.summaries[result.source]["aligned"]
    if summary.error:
        raise InputError(summary.error, "text")
    return jsonify({
        "language": result.source,
        "algorithm": result.algorithm,
        "length": result.length,
        "indices": summary.indices,
        "sentences": summary.sentences,
        "article": result.article.to_dict(),
        "warnings": result.warnings,
    })
