"""Errors as users see them: JSON on the API (never HTML, never a stack trace), HTML elsewhere.

Every API error is raised as ``ApiError`` or a ``ServiceError`` from the
service layer, and one handler turns it into the one JSON error shape.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from service import messages
from service.errors import InputError, ServiceError
from service.messages import N_, Message
from service.render.i18n import localize

log = logging.getLogger(__name__)
# Error pages for the statuses werkzeug words itself (in English); ours go through the catalogue.
HTTP_PAGES = {
    400: N_("The request could not be understood."),
    404: N_("There is no page at this address."),
    405: N_("This page cannot be used this way (wrong method)."),
    413: N_("The file or text is larger than this server accepts."),
    429: N_("Too many requests: wait a moment and try again."),
    500: N_("The server could not finish this request; nothing was saved."),
}

# HTTP status of each service-layer error code (input errors not listed are 422).
STATUS_OF_CODE = {
    "too_large": 413,
    "unsupported_pair": 404,
    "not_found": 404,
    "engine_error": 503,
    "no_engine": 503,
    "same_language": 422,
    "bad_file_name": 400,
    "time_limit": 422,
    "storage_unavailable": 503,
}
RETRY_AFTER_SECONDS = 30  # for 503 answers: storage or engines that may come back

CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_field",
    429: "rate_limited",
    503: "unavailable",
}


class ApiError(Exception):
    """An API error with its HTTP status, raised anywhere in a view."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


# LibreTranslate's paths: errors there are LibreTranslate's JSON (``{"error": "..."}``) even when no route
# matched (a GET on /translate, an unknown download), since its clients parse every answer as JSON.
LIBRETRANSLATE_PATHS = ("/translate", "/translate_file", "/languages", "/detect", "/frontend/settings", "/suggest")


def wants_json() -> bool:
    return request.path.startswith("/api/")


def libretranslate_path() -> bool:
    path = request.path.rstrip("/") or "/"
    return path in LIBRETRANSLATE_PATHS or path.startswith("/download_file")


def _allow(err: HTTPException) -> dict:
    """``Allow`` on 405 (RFC 9110), the methods the path takes."""
    return {k: v for k, v in err.get_headers() if k == "Allow"}


def error_response(status: int, code: str, message: str, field: str | None = None):
    """The one JSON error shape of the API."""
    body: dict = {"error": {"code": code, "message": message}}
    if field:
        body["error"]["field"] = field
    return jsonify(body), status


def status_of(err: ServiceError) -> int:
    """The HTTP status for a service-layer error."""
    return STATUS_OF_CODE.get(err.code, 422 if isinstance(err, InputError) else 503)


def _page(status: int, message: Message | str):
    """An HTML error page in the interface language; plain text if even the template fails."""
    message = localize(message, str(get_locale() or "en"))
    try:
        return render_template("error.html", status=status, message=message), status
    except Exception:
        log.exception("error page failed")
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}


def _http(err: HTTPException):
    status = err.code or 500
    message = err.description or err.name
    if not wants_json() and message == type(err).description:  # werkzeug's own English wording
        message = _(HTTP_PAGES[status]) if status in HTTP_PAGES else message
    detail: Message | str = message
    if status == 413:
        detail = messages.REQUEST_TOO_LARGE()
    if status == 429:
        detail = messages.RATE_LIMITED(limit=err.description)
    if libretranslate_path() and not wants_json():
        prefix = "Slowdown: " if status == 429 else ""
        return jsonify({"error": prefix + str(message)}), status, _allow(err)
    if wants_json():
        return _with_headers(error_response(status, CODES.get(status, "error"), str(detail)), _allow(err))
    return _with_headers(_page(status, detail), _allow(err))


def _with_headers(response: tuple, headers: dict) -> tuple:
    body, status, *rest = response
    return body, status, {**(rest[0] if rest else {}), **headers}


def _api_error(err: ApiError):
    if wants_json():
        return error_response(err.status, err.code, err.message, err.field)
    return _page(err.status, err.message)


def _service(err: ServiceError):
    status = status_of(err)
    if status >= 500:
        log.warning("%s: %s", err.code, err.message)  # the reason, never the text being processed
    if wants_json():
        response = error_response(status, err.code, err.message, err.field if status == 422 else None)
    else:
        response = _page(status, err.detail)
    if status == 503:
        body, code = response[0], response[1]
        return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return response


def _unexpected(err: Exception):
    log.exception("unhandled error")
    if isinstance(err, HTTPException):
        return _http(err)
    message = messages.INTERNAL_ERROR()
    if wants_json():
        return error_response(500, "internal_error", message.english)
    return _page(500, message)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(ServiceError, _service)
    app.register_error_handler(InternalServerError, _unexpected)
    app.register_error_handler(Exception, _unexpected)

    @app.after_request
    def security_headers(response):
        """No inline scripts or styles anywhere: the CSP forbids them."""
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        chosen = request.args.get("lang")
        if chosen in ("en", "fr"):
            response.set_cookie("lang", chosen, max_age=365 * 86400, samesite="Lax")
        return response
