"""The API documentation's prose (from ``openapi.json``) in the catalogue, so the docs page speaks French too.

``openapi.json`` stays English (it is a contract read by programs); pybabel
extracts its human-readable strings with ``extract_openapi`` (see
``babel.cfg``), and the docs page shows each through the catalogue.
"""

from __future__ import annotations

import json

METHODS = ("get", "post", "put", "patch", "delete")


def openapi_strings(spec: dict) -> list[str]:
    """The texts a person reads on the docs page: title, description, summaries, response descriptions."""
    found = [spec["info"]["title"], spec["info"].get("description", "")]
    for operations in spec["paths"].values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            found += [operation.get("summary", ""), operation.get("description", "")]
            found += [r.get("description", "") for r in operation.get("responses", {}).values()]
    return [s for s in dict.fromkeys(found) if s]


def extract_openapi(fileobj, keywords, comment_tags, options):
    """A Babel extraction method: ``(line, function, message, comments)`` for each string of the spec."""
    for text in openapi_strings(json.loads(fileobj.read().decode("utf-8"))):
        yield 1, "gettext", text, []
