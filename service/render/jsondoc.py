"""The result as the API's JSON document."""

from __future__ import annotations

import json

from service.models.result import ArticleResult


def to_json(result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
    """Compact JSON, as the API sends it (indenting would force json's slow pure-Python encoder)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
