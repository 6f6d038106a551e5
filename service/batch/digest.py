"""``digest.html`` beside a batch's outputs: the run's articles grouped by story, read in one language.

Built from the JSON outputs the manifest lists (the API's documents), so a
resumed run, a watched folder or a feed run always describes every article
of its folder, not only those of the last round; links point at each
article's side-by-side HTML output.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from service.batch.manifest import DIGEST, MANIFEST, write_atomic
from service.models.result import ArticleResult
from service.render.digest import build_digest, digest_html


def write_digest(out_dir: Path, language: str | None, interface: str = "en") -> Path | None:
    """Write ``digest.html`` for the manifest's finished articles; None when there is none to group."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    results: list[ArticleResult] = []
    links: dict[int, str] = {}
    # In the inputs' order, whatever order the workers finished them in: one digest for one batch.
    for entry in sorted(manifest.get("inputs", []), key=lambda e: str(e.get("rel", ""))):
        path = (entry.get("outputs") or {}).get("json")
        if entry.get("status") not in ("done", "partial") or not path:
            continue
        try:
            result = ArticleResult.model_validate_json((out_dir / path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # an output deleted by hand: the digest describes what is there
        page = (entry.get("outputs") or {}).get("html")
        if page:
            links[id(result)] = quote(page)
        results.append(result)
    if not results:
        return None
    reading = language or results[0].source
    days = sorted(d for r in results if (d := (r.origin.published or r.article.published or "")[:10]))
    digest = build_digest(
        results,
        reading,
        link=lambda result: links.get(id(result)),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
    )
    path = out_dir / DIGEST
    write_atomic(path, digest_html(digest, interface))
    return path
