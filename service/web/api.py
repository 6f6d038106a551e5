"""JSON API, version 1. The contract is ``openapi.json`` beside this file.

Views only read the request and shape the response: validation and work
happen in the service layer (``get_service()``), each request's text and
options are validated once, and errors are raised and turned into the one
JSON error shape by ``errors``.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory, url_for
from werkzeug.exceptions import HTTPException

from service import messages, render
from service.errors import InputError
from service.jobs import webhooks
from service.jobs.execution import describe
from service.models.api import MemoryImport, MemoryStats, SentenceView
from service.models.archive import ArticleUpdate, SearchQuery
from service.models.glossary import check_name, from_mapping, parse_file
from service.models.options import Options
from service.models.origin import Origin
from service.models.summary import ALIGNED
from service.pipeline import documents
from service.render.doubts import doubtful
from service.render.tmx import memory_to_tmx
from service.storage.jobs import CANCELLED
from service.web.attachment import attachment
from service.web.context import get_service
from service.web.errors import ApiError
from service.web.security import key_hash, keys_required, valid_key, who

bp = Blueprint("api", __name__)
OPENAPI = Path(__file__).with_name("openapi.json")
PUBLIC = {"api.health", "api.openapi", "api.docs", "api.try_it", "api.docs_asset"}
SWAGGER_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css")


@bp.before_request
def require_api_key():
    """Optional API keys: when ``API_KEYS`` is set, every call but health and docs needs one."""
    if keys_required() and request.endpoint not in PUBLIC and valid_key(request.headers.get("X-API-Key")) is None:
        raise ApiError(401, "unauthorized", "send a valid API key in the X-API-Key header")


def _payload() -> dict:
    """The JSON object of the request, or the right 415/400 error."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send JSON with Content-Type: application/json")
    try:
        raw = request.get_data(cache=True)
    except HTTPException:
        raise
    except Exception:  # the server could not decode the body (bad chunked encoding, connection cut)
        raise ApiError(400, "bad_request", "the request body could not be read") from None
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length is None and len(raw) >= limit:
        # A chunked body is cut at the limit as it is read: over it is too large, not malformed.
        raise ApiError(413, "too_large", "the request body is larger than this server accepts")
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # nesting deeper than the JSON decoder can follow
        raise ApiError(400, "malformed_json", "the JSON body is nested too deeply") from None
    if not isinstance(payload, dict):
        raise ApiError(400, "malformed_json", "the body is not a JSON object")
    return payload


@bp.get("/languages")
def list_languages():
    return jsonify(get_service().languages().to_dict())


@bp.get("/health")
def health():
    report = get_service().health()
    return jsonify(report.to_dict()), 503 if report.status == "unavailable" else 200


@bp.post("/translate")
def translate():
    """One text or many: every text's sentences go to the engines in one batch."""
    service = get_service()
    payload = _payload()
    many = "texts" in payload
    if many:
        texts = payload["texts"]
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise InputError(messages.TEXTS_NOT_LIST(), "texts")
        texts = [service.check_text(t, "texts") for t in texts]
    else:
        texts = [service.check_text(payload.get("text"))]
    results = service.translate(texts, service.options(payload, targets_required=True))
    if many:
        return jsonify({"results": [r.to_dict() for r in results]})
    return jsonify(results[0].to_dict())


@bp.post("/summarize")
def summarize():
    service = get_service()
    payload = _payload()
    text = service.check_text(payload.get("text"))
    try:
        options = service.options({**payload, "source": payload.get("language")})
    except InputError as err:  # this endpoint calls the source "language"
        if err.field != "source":
            raise
        raise InputError(messages.UNKNOWN_SOURCE(field="language", code=payload.get("language")), "language") from None
    result = service.summarize(text, options)
    summary = result.summary_for(result.source, ALIGNED)
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


def _job_response(job, created: bool):
    """202 with Location for a new job; 200 for the existing job an Idempotency-Key names."""
    response = jsonify(describe(job))
    response.status_code = 202 if created else 200
    response.headers["Location"] = url_for("api.get_job", job_id=job.id)
    return response


def _submit(text: str, options: Options, origin: Origin | None = None, callback_url: object = None):
    """A job for an already validated text and options; ``callback_url`` is checked here (422 when refused)."""
    service = get_service()
    callback = None
    if callback_url is not None:
        callback = webhooks.callback_for(callback_url, request.url_root.rstrip("/"), service.config)
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and (len(key) > 255 or not key.isprintable()):
        raise InputError(messages.BAD_IDEMPOTENCY_KEY(), "Idempotency-Key")
    # Scoped by the API key that sent it: another client using the same Idempotency-Key gets its own job,
    # never a view of this one.
    api_key = valid_key(request.headers.get("X-API-Key"))
    scope = key_hash(api_key)[:32] if api_key else "open"
    idem_key = f"api:{scope}:{key}" if key else None
    job, created = service.submit_job(text, options, idem_key, origin=origin, callback=callback)
    return _job_response(job, created)


@bp.post("/jobs")
def create_job():
    service = get_service()
    payload = _payload()
    text, options = service.check_text(payload.get("text")), service.options(payload, targets_required=True)
    return _submit(text, options, Origin.parse(payload), payload.get("callback_url"))


@bp.get("/jobs/<job_id>")
def get_job(job_id: str):
    job = get_service().job(job_id)
    if job is None:
        raise ApiError(404, "not_found", f"no job with id {job_id!r}")
    return jsonify(describe(job))


@bp.delete("/jobs/<job_id>")
def cancel_job(job_id: str):
    service = get_service()
    before = service.job(job_id)
    job = service.cancel_job(job_id)
    if job is None:
        raise ApiError(404, "not_found", f"no job with id {job_id!r}")
    if job.status != CANCELLED:
        raise ApiError(409, "job_finished", f"the job is already {job.status}; nothing to cancel")
    if before is not None and not before.finished:  # cancelled now, not before: announce it once
        webhooks.notify(service.jobs, service.config, job_id, (CANCELLED,))
    return jsonify(describe(job))


@bp.post("/articles")
def create_article():
    service = get_service()
    payload = _payload()
    text = service.check_text(payload.get("text"))
    options = service.options(payload, targets_required=True)  # a summary alone is /summarize
    origin = Origin.parse(payload)
    if "respond-async" in request.headers.get("Prefer", "").lower() and options.keep:
        response = _submit(
            text, options, origin, payload.get("callback_url")
        )  # a result that must not be stored is always answered synchronously
        response.headers["Preference-Applied"] = "respond-async"
        return response
    result = service.process(text, options, origin=origin)
    response = jsonify(result.to_dict())
    if result.id is None:  # "keep": false — nothing was stored, so there is nothing to point at
        return response
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_article", article_id=result.id)
    return response


@bp.get("/articles")
def list_articles():
    """Saved articles, newest first, or those a search finds (``q``), filtered, a page at a time."""
    query = SearchQuery.parse(request.args.to_dict())
    page = get_service().search_articles(query)
    for article in page.articles:
        article.url = url_for("api.get_article", article_id=article.id)
    if page.offset + len(page.articles) < page.total:
        page.next = url_for("api.list_articles", **query.args(offset=page.offset + page.limit))
    if page.offset > 0:
        page.previous = url_for("api.list_articles", **query.args(offset=max(0, page.offset - page.limit)))
    return jsonify(page.to_dict())


@bp.get("/articles/<article_id>")
def get_article(article_id: str):
    result = get_service().article(article_id)
    if result is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    return jsonify(result.to_dict())


@bp.patch("/articles/<article_id>")
def update_article(article_id: str):
    """Change a saved article's outlet, original address, tags or review state."""
    result = get_service().update_article(article_id, ArticleUpdate.parse(_payload()))
    if result is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    return jsonify(result.to_dict())


@bp.delete("/articles/<article_id>")
def delete_article(article_id: str):
    if not get_service().delete_article(article_id):
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    return "", 204


def _sentence_view(article_id: str, code: str, number: int, found) -> dict:
    if found is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    _, source, sentence = found
    return SentenceView(
        article=article_id,
        target=code,
        number=number,
        kind=source.kind,
        source=source.text,
        translation=sentence,
        doubtful=doubtful(sentence),
    ).to_dict()


@bp.get("/articles/<article_id>/sentences/<code>/<int:number>")
def get_sentence(article_id: str, code: str, number: int):
    """One sentence of a saved article in one target language, with its state and history."""
    return jsonify(_sentence_view(article_id, code, number, get_service().sentence(article_id, code, number)))


@bp.patch("/articles/<article_id>/sentences/<code>/<int:number>")
def change_sentence(article_id: str, code: str, number: int):
    """Correct a sentence (``text``) or mark it reviewed (``state``: ``reviewed``)."""
    change = _payload()
    text, state, name = change.get("text"), change.get("state"), change.get("reviewer")
    if state not in (None, "reviewed") or (text is None and state is None):
        raise InputError(messages.BAD_REVIEW_STATE(), "state")
    if name is not None and not isinstance(name, str):
        raise InputError(messages.NOT_A_STRING(field="reviewer"), "reviewer")
    found = get_service().review(article_id, code, number, text, who(name))
    return jsonify(_sentence_view(article_id, code, number, found))


@bp.get("/memory")
def memory_stats():
    return jsonify(MemoryStats(pairs=get_service().memory_counts()).to_dict())


@bp.get("/memory.tmx")
def export_memory():
    """The translation memory as TMX 1.4 (``source`` and ``target`` narrow it to languages)."""
    pairs = get_service().export_memory(request.args.get("source") or None, request.args.get("target") or None)
    return attachment(memory_to_tmx(pairs), "application/x-tmx+xml", "memory.tmx")


@bp.post("/memory.tmx")
def import_memory():
    """Add a TMX file's pairs (the body, or the multipart field ``file``) to the translation memory."""
    upload = request.files.get("file")
    data = upload.read() if upload is not None else request.get_data()
    imported = get_service().import_memory(data, who(request.args.get("reviewer")))
    return jsonify(MemoryImport(imported=imported).to_dict())


@bp.get("/articles/<article_id>/export.<fmt>")
def export_article(article_id: str, fmt: str):
    """A saved article as a file (json, md, html, tmx, xliff), named after its title; labels in ``lang`` (en, fr)."""
    export = render.EXPORTS.get(fmt)
    if export is None:
        raise ApiError(404, "not_found", f"no export format {fmt!r}: use {', '.join(render.EXPORTS)}")
    result = get_service().article(article_id)
    if result is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    language = request.args.get("lang") if request.args.get("lang") in ("en", "fr") else "en"
    return attachment(export(result, language), export.mimetype, render.export_name(result, fmt))


@bp.post("/documents")
def translate_document():
    """A .txt, .md, .html or .docx file (multipart field ``file``) back translated, in its own format."""
    service = get_service()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InputError(messages.NO_FILE_FIELD(), "file")
    values = {key: request.form.get(key) for key in ("source", "target", "glossary", "keep")}
    # The JSON endpoints call it "targets": a client that sends one language under that name is understood.
    target = values.pop("target") or request.form.get("targets")
    if not target:
        raise InputError(messages.ONE_TARGET_PER_DOCUMENT(), "target")
    options = service.options({**values, "targets": target}, targets_required=True)
    if len(options.targets) != 1:
        raise InputError(messages.ONE_TARGET_PER_DOCUMENT(), "target")
    body, mimetype = service.translate_document(upload.filename, upload.read(), options)
    return attachment(body, mimetype, documents.translated_name(upload.filename, options.targets[0]))


@bp.get("/glossaries")
def list_glossaries():
    return jsonify({"glossaries": get_service().glossary_names()})


@bp.get("/glossaries/<name>")
def get_glossary(name: str):
    found = get_service().glossary(check_name(name))
    if found is None:
        raise ApiError(404, "not_found", f"no glossary named {name!r}")
    return jsonify(found.to_dict())


@bp.put("/glossaries/<name>")
def put_glossary(name: str):
    """JSON ``{"entries": [...]}``, or CSV/TSV text (``text/csv``, ``text/tab-separated-values``)."""
    check_name(name)
    if request.mimetype in ("text/csv", "text/tab-separated-values", "text/plain"):
        glossary = parse_file(request.get_data(as_text=True), name)
    else:
        glossary = from_mapping(_payload(), name)
    get_service().put_glossary(glossary)
    return jsonify(glossary.to_dict())


@bp.delete("/glossaries/<name>")
def delete_glossary(name: str):
    if not get_service().delete_glossary(check_name(name)):
        raise ApiError(404, "not_found", f"no glossary named {name!r}")
    return "", 204


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_text(encoding="utf-8"), mimetype="application/json")


@bp.get("/docs")
def docs():
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return render_template("api_docs.html", spec=spec)


@bp.get("/docs/try")
def try_it():
    """Swagger UI over openapi.json: every endpoint with its examples, and "Try it out" against this server."""
    return render_template("api_try.html")


@bp.get("/docs/assets/<name>")
def docs_asset(name: str):
    """Swagger UI's script and styles, from the installed swagger-ui-py package (nothing fetched from a CDN)."""
    import swagger_ui

    if name not in SWAGGER_ASSETS:
        raise ApiError(404, "not_found", f"no documentation asset named {name!r}")
    return send_from_directory(Path(swagger_ui.__file__).parent / "static", name, max_age=86400)
