"""Flask application factory: configuration layers, extensions, blueprints.

The app holds one ``Service`` (``service.facade``), the service layer every
blueprint calls, with the executor that runs this deployment's jobs. Engines,
the cache and the stores are created on first use: importing the package or
building the app loads no model.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from flask import Flask, current_app, redirect, request, url_for
from flask_babel import Babel, format_percent, get_locale, gettext
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect

from service import settings as service_config
from service.asset_folders import STATIC, TEMPLATES, TRANSLATIONS
from service.facade import Service
from service.jobs.local import executor_for
from service.render.i18n import localize
from service.web import api, document_pages, errors, job_pages, libretranslate, pages, security
from service.web.security import client_bucket, secret_key

INTERFACE_LANGUAGES = ("en", "fr")
log = logging.getLogger(__name__)

babel = Babel()
csrf = CSRFProtect()


def select_locale() -> str:
    """Interface language: ?lang=, then the cookie, then Accept-Language."""
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in INTERFACE_LANGUAGES:
        return chosen
    return request.accept_languages.best_match(INTERFACE_LANGUAGES) or "en"


def _retry_after_only_when_waiting(response):
    """Flask-Limiter adds ``Retry-After`` to every answer; it means "wait", so only 429 and 503 keep it."""
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def create_app(test_config: dict | None = None) -> Flask:
    """Defaults, then environment and ``instance/config.py``, then ``test_config``."""
    config = service_config.from_env()
    if test_config and "INSTANCE_PATH" in test_config:
        config["INSTANCE_PATH"] = test_config["INSTANCE_PATH"]
    instance = Path(config["INSTANCE_PATH"])
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # the pages that need storage will say so (503); the rest still works
        log.error("instance folder %s cannot be created: %s", instance, err)
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
        instance_path=str(instance.resolve()),
    )
    app.config.from_mapping(config)
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    app.config.setdefault("SECRET_KEY", None)
    if not app.config["SECRET_KEY"]:
        try:
            app.config["SECRET_KEY"] = secret_key(instance)
        except OSError as err:
            # Read-only or full instance folder: serve anyway with a key of this process only
            # (forms then work only within one worker); SERVICE_SECRET_KEY avoids this.
            log.error("cannot keep a secret key in %s (%s): using a temporary one", instance, err)
            app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    app.config["RATELIMIT_ENABLED"] = app.config.get("RATELIMIT_ENABLED", True)
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    service = Service(app.config)
    service.executor = executor_for(service)
    app.extensions["service"] = service

    # One limiter per app: limits attached to the module-level blueprint must not pile up across apps.
    # The storage is shared by every worker (and machine) when it is Redis: SERVICE_RATELIMIT_STORAGE_URI.
    storage = service_config.ratelimit_storage(app.config)
    limiter = Limiter(key_func=client_bucket, storage_uri=storage, headers_enabled=True)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["percent"] = format_percent  # "57 %" in French, "57%" in English
    app.jinja_env.filters["ui"] = lambda text: gettext(text) if text else text  # text from data (openapi.json)
    app.jinja_env.filters["localize"] = lambda message: localize(message, str(get_locale() or "en"))
    csrf.init_app(app)
    # Registered before the limiter so that it runs after it (Flask runs after_request hooks in reverse).
    app.after_request(_retry_after_only_when_waiting)
    limiter.init_app(app)

    csrf.exempt(api.bp)
    csrf.exempt(libretranslate.bp)  # LibreTranslate clients post forms without CSRF tokens, like any API client
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(api.bp)
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(libretranslate.bp)
    # Monitoring must always get an answer (a route exemption does not lift a blueprint's limit), and so must
    # a client following its job: the status is a cheap read, and a long job polled twice a second would
    # otherwise exhaust the limit and lose sight of its own work.
    app.before_request(security.refuse_cross_site)
    app.after_request(security.cors_headers)
    limiter.request_filter(
        lambda: request.endpoint == "api.health" or (request.endpoint == "api.get_job" and request.method == "GET")
    )
    app.register_blueprint(pages.bp)
    app.register_blueprint(job_pages.bp)
    app.register_blueprint(document_pages.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(libretranslate.bp)
    # Browsers ask for /favicon.ico whatever the page says: answer it rather than log a 404 on every page.
    app.add_url_rule("/favicon.ico", "favicon", lambda: redirect(url_for("static", filename="favicon.svg"), code=301))
    # Sign-in attempts are limited by address whatever the key: guessing keys costs a minute per ten tries.
    # (Flask-Limiter checks a decorated view in its wrapper, so the registered view is the one wrapped.)
    app.view_functions["web.login"] = limiter.limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"],
        methods=["POST"],
        key_func=lambda: "login:" + (request.remote_addr or "unknown"),
    )(pages.login)
    errors.init_app(app)
    return app
