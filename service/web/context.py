"""What every blueprint needs from the request's app: the service layer and the interface language."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale

from service.facade import Service


def get_service() -> Service:
    """The app's service layer (translator and stores are built on first use)."""
    return current_app.extensions["service"]


def interface() -> str:
    """The interface language of this request."""
    return str(get_locale() or "en")
