"""A LibreTranslate-compatible API at LibreTranslate's own paths, for the tools that already speak it.

``POST /translate``, ``GET /languages``, ``POST /detect`` and ``GET
/frontend/settings`` take LibreTranslate's fields (JSON or form-encoded) and
answer in its shapes, errors included (``{"error": "..."}`` with 400, 403,
429). Underneath are this service's engines, routing, protection,
glossaries and cache. Honoured and ignored fields are listed in the README.
"""

from __future__ import annotations

from html.parser import HTMLParser

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from .. import languages
from ..detect import detect_language
from ..errors import ServiceError
from ..options import AUTO
from ..sources import normalize_text
from . import get_runtime
from .errors import ApiError, status_of
from .security import keys_required, valid_key

bp = Blueprint("libre", __name__)
OPEN = {"libre.list_languages", "libre.settings"}


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
    """The request's fields, from a JSON object or a form (LibreTranslate accepts both)."""
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise ApiError(400, "bad_request", "Invalid request: the body is not a JSON object")
        return data
    return {key: request.form.get(key) for key in request.form} | (
        {"q": request.form.getlist("q")} if len(request.form.getlist("q")) > 1 else {}
    )


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


class _TextNodes(HTMLParser):
    """Markup kept as it is, text between tags collected for translation."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[bool, str]] = []  # (is text, content)
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "code", "pre")
        self.parts.append((False, self.get_starttag_text() or ""))

    def handle_startendtag(self, tag, attrs):
        self.parts.append((False, self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "code", "pre") and self._skip > 0
        self.parts.append((False, f"</{tag}>"))

    def handle_data(self, data):
        self.parts.append((not self._skip and bool(data.strip()), data))


def _layout(text: str, html: bool) -> list[tuple[bool, str]]:
    """(translate?, content) pieces: the text's sentences, or an HTML document's text nodes between its tags."""
    if not html:
        return [(bool(text.strip()), text)]
    parser = _TextNodes()
    parser.feed(text)
    parser.close()
    return parser.parts


def _reassemble(text: str, result) -> str:
    """The translation with the original whitespace and line breaks between sentences kept."""
    target = next(iter(result.targets.values()))
    out, last = [], 0
    for sentence, translated in zip(result.sentences, target.translations, strict=True):
        out.append(text[last : sentence.start])
        out.append(translated.text)
        last = sentence.end
    out.append(text[last:])
    return "".join(out)


@bp.post("/translate")
def translate():
    runtime = get_runtime()
    values = _values()
    q = _required(values, "q")
    target = _required(values, "target")
    source = values.get("source") or AUTO
    many = isinstance(q, list)
    texts = q if many else [q]
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(400, "bad_request", "Invalid request: q must be a string or a list of strings")
    texts = [runtime.check_text(t, "q") for t in texts]
    options = runtime.options({"source": source, "targets": [target], "glossary": values.get("glossary")})
    html = values.get("format") == "html"
    # Every piece to translate, from every text, goes to the engines in one batch per hop.
    layouts = [_layout(normalize_text(text), html) for text in texts]
    pending = [content for layout in layouts for is_text, content in layout if is_text]
    results = runtime.translate(pending, options) if pending else []
    translated = iter(_reassemble(content, result) for content, result in zip(pending, results, strict=True))
    outputs = ["".join(next(translated) if is_text else content for is_text, content in layout) for layout in layouts]
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
    translator = get_runtime().translator
    sources, _ = translator.graph.languages
    out = []
    for code in sorted(sources):
        targets = sorted(translator.routes(code))
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


@bp.get("/frontend/settings")
def settings():
    return jsonify(
        {
            "charLimit": int(current_app.config["MAX_TEXT_CHARS"]),
            "frontendTimeout": 500,
            "apiKeys": keys_required(),
            "keyRequired": keys_required(),
            "suggestions": False,
            "filesTranslation": False,
            "supportedFilesFormat": [],
            "language": {
                "source": {"code": AUTO, "name": "Auto Detect"},
                "target": {"code": "en", "name": "English"},
            },
        }
    )
