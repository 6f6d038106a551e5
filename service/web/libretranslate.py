"""A LibreTranslate-compatible API at LibreTranslate's own paths, for the tools that already speak it.

``POST /translate``, ``GET /languages``, ``POST /detect`` and ``GET
/frontend/settings`` take LibreTranslate's fields (JSON or form-encoded) and
answer in its shapes, errors included (``{"error": "..."}`` with 400, 403,
429). Underneath are this service's engines, routing, protection,
glossaries and cache. Honoured and ignored fields are listed on the docs site (docs/site/libretranslate.md).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request, send_from_directory, url_for
from werkzeug.exceptions import HTTPException

from service import languages, messages
from service.errors import ServiceError
from service.models.options import AUTO
from service.pipeline import documents
from service.text.files import normalize_text
from service.text.language_id import detect_language
from service.web.context import get_service
from service.web.errors import ApiError, status_of
from service.web.security import keys_required, valid_key

bp = Blueprint("libre", __name__)
OPEN = {"libre.list_languages", "libre.settings", "libre.download_file"}


def _fail(status: int, message: str):
    return jsonify({"error": message}), status


@bp.errorhandler(ServiceError)
def _service(err: ServiceError):
    status = status_of(err)
    return _fail(400 if status in (404, 422) else status, err.message)


@bp.errorhandler(ApiError)
def _api(err: ApiError):
    return _fail(err.status, err.message)


@bp.errorhandler(HTTPException)
def _http(err: HTTPException):
    if err.code == 429:
        return _fail(429, f"Slowdown: {err.description}")
    return _fail(err.code or 500, err.description or err.name)


def _values() -> dict:
    """The request's fields, from a JSON object or a form, and from the query string as LibreTranslate reads them.

    Some clients (deep-translator) send every field in the query string of a POST; LibreTranslate reads
    ``request.values``, the query string and the form together, so this does too (the body wins).
    """
    fields = request.values  # the query string and the form
    values = {key: fields.get(key) for key in fields} | (
        {"q": fields.getlist("q")} if len(fields.getlist("q")) > 1 else {}
    )
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise ApiError(400, "bad_request", "Invalid request: the body is not a JSON object")
        return values | data
    return values


@bp.before_request
def require_key():
    """LibreTranslate's rule: with keys configured, ``api_key`` must be valid (403 otherwise)."""
    if keys_required() and request.endpoint not in OPEN:
        candidate = _values().get("api_key") or request.headers.get("X-API-Key")
        if valid_key(candidate if isinstance(candidate, str) else None) is None:
            raise ApiError(403, "forbidden", "Invalid API key")


def _required(values: dict, name: str):
    value = values.get(name)
    if value in (None, "", []):
        raise ApiError(400, "bad_request", f"Invalid request: missing {name} parameter")
    return value


@bp.post("/translate")
def translate():
    service = get_service()
    values = _values()
    q = _required(values, "q")
    target = _required(values, "target")
    source = values.get("source") or AUTO
    many = isinstance(q, list)
    texts = q if many else [q]
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(400, "bad_request", "Invalid request: q must be a string or a list of strings")
    texts = [service.check_text(t, "q") for t in texts]
    options = service.options({"source": source, "targets": [target], "glossary": values.get("glossary")})
    html = values.get("format") == "html"
    layouts = [
        documents.html_layout(normalize_text(text), target) if html else documents.text_layout(normalize_text(text))
        for text in texts
    ]
    # Every piece to translate, from every text, goes to the engines in one batch per hop.
    pending = [piece for layout in layouts for piece in layout.texts]
    results = service.translate(pending, options, doubts_shown=False) if pending else []  # no doubts in its answer
    translated = iter(
        documents.reassemble(piece, result.sentences, result.targets[options.targets[0]].translations)
        for piece, result in zip(pending, results, strict=True)
    )
    outputs = [layout.rebuild([next(translated) for _ in layout.texts]).decode("utf-8") for layout in layouts]
    body: dict = {"translatedText": outputs if many else outputs[0]}
    if options.source == AUTO:  # the language actually translated from, as LibreTranslate reports it
        used = results[0] if results else None
        code = used.source if used else None
        confidence = (used.detected or {}).get("confidence") if used else None
        sure = confidence if used and (used.detected or {}).get("language") == code else 0.0
        found = {"confidence": round((sure or 0.0) * 100, 1), "language": code or "en"}
        body["detectedLanguage"] = [found] * len(texts) if many else found
    if values.get("alternatives") not in (None, "", 0, "0"):
        body["alternatives"] = [[] for _ in texts] if many else []  # no engine here proposes alternatives
    return jsonify(body)


@bp.get("/languages")
def list_languages():
    service = get_service()
    out = []
    for code in service.source_languages():
        targets = sorted(service.routes(code))
        if targets:
            out.append({"code": code, "name": languages.title_name(code, "en"), "targets": targets})
    return jsonify(out)


@bp.post("/detect")
def detect():
    q = _required(_values(), "q")
    texts = q if isinstance(q, list) else [q]
    found = []
    for text in texts:
        code, confidence = detect_language(str(text))
        found.append([{"confidence": round(confidence * 100, 1), "language": code}] if code else [])
    return jsonify(found if isinstance(q, list) else found[0])


@bp.post("/translate_file")
def translate_file():
    """LibreTranslate's file translation: the translated file is kept under a random name for download."""
    service = get_service()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(400, "bad_request", "Invalid request: missing file parameter")
    values = _values()
    target = _required(values, "target")
    options = service.options({"source": values.get("source") or AUTO, "targets": [target]})
    body, _ = service.translate_document(upload.filename, upload.read(), options)
    folder = Path(current_app.config["INSTANCE_PATH"]) / "documents" / secrets.token_urlsafe(12)
    name = documents.stored_name(documents.translated_name(upload.filename, target))
    try:
        folder.mkdir(parents=True)
        (folder / name).write_bytes(body)
    except OSError as err:
        raise ServiceError(messages.DOCUMENT_NOT_STORED(reason=err.strerror), "storage_unavailable") from None
    url = url_for("libre.download_file", token=folder.name, name=name, _external=True)
    return jsonify({"translatedFileUrl": url})


_TOKEN = re.compile(r"[A-Za-z0-9_-]{16}")


@bp.get("/download_file/<token>/<name>")
def download_file(token: str, name: str):
    """A file ``translate_file`` kept: looked up by the very rule that named it (``documents.stored_name``)."""
    name = unicodedata.normalize("NFC", name)
    if not _TOKEN.fullmatch(token) or documents.stored_name(name) != name:
        raise ApiError(404, "not_found", "No translated file at this address")
    folder = Path(current_app.config["INSTANCE_PATH"]) / "documents" / token
    return send_from_directory(folder, name, as_attachment=True)


@bp.get("/frontend/settings")
def settings():
    return jsonify(
        {
            "charLimit": int(current_app.config["MAX_TEXT_CHARS"]),
            "frontendTimeout": 500,
            "apiKeys": keys_required(),
            "keyRequired": keys_required(),
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": sorted(documents.MIMETYPES),
            "language": {
                "source": {"code": AUTO, "name": "Auto Detect"},
                "target": {"code": "en", "name": "English"},
            },
        }
    )
