"""Flask application factory: configuration, engines, blueprints."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .. import config as service_config

ROOT = Path(__file__).resolve().parent.parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; engines are created lazily on first use, never at import."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.from_mapping(service_config.from_env())
    if test_config:
        app.config.from_mapping(test_config)
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or 4 * app.config["MAX_TEXT_CHARS"]
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    app.extensions["translator"] = None

    from . import api, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    return app


def get_translator():
    """The app's shared Translator, created on first request."""
    app = current_app
    translator = app.extensions.get("translator")
    if translator is None:
        translator = service_config.build_translator(app.config)
        app.extensions["translator"] = translator
    return translator
