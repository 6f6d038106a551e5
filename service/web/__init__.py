"""The web front end: pages, the JSON API and the LibreTranslate-compatible API, over one ``Service``.

``create_app`` (``service.web.app``) builds the Flask app; blueprints reach
the service layer through ``service.web.context`` and never import each
other. Nothing outside this package imports Flask.
"""

from service.web.app import create_app

__all__ = ["create_app"]
