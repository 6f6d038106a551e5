"""The record of a batch run: one entry per input, rewritten atomically, and its index page.

The manifest is what makes a run resumable: an input whose content and
options match a ``done`` entry (and whose outputs exist) is not redone.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..options import Options

MANIFEST = "manifest.json"
INDEX = "index.html"
OUTPUT_FORMATS = ("json", "md", "html")


@dataclass
class Outcome:
    """What happened to one input: the manifest entry."""

    input: str
    rel: str
    status: str  # "done", "skipped" (unchanged since a previous run) or "failed"
    sha256: str | None = None
    options: str | None = None
    encoding: str | None = None
    html_extracted: bool = False
    source: str | None = None
    title: str | None = None
    languages: dict[str, dict] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict:
        entry = dict(vars(self))
        if entry["status"] == "skipped":
            entry["status"] = "done"  # the manifest describes results, not this run
        return entry

    @classmethod
    def from_dict(cls, entry: dict) -> Outcome:
        """An Outcome from a manifest entry (unknown keys from other versions ignored)."""
        return cls(**{k: v for k, v in entry.items() if k in cls.__dataclass_fields__})


def write_atomic(path: Path, data: str) -> None:
    """Write through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_manifest(out_dir: Path) -> dict[str, dict]:
    """Previous entries by input stem (empty when absent or unreadable)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {e["rel"]: e for e in data.get("inputs", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def unchanged(previous: dict | None, sha: str, options: Options, out_dir: Path) -> bool:
    """Whether a previous entry already holds this content's results for these options."""
    return bool(
        previous
        and previous.get("status") == "done"
        and previous.get("sha256") == sha
        and previous.get("options") == options.fingerprint()
        and all((out_dir / p).is_file() for p in (previous.get("outputs") or {}).values())
        and set(previous.get("outputs") or {}) == set(OUTPUT_FORMATS)
    )


def write_manifest(out_dir: Path, options: Options, outcomes: list[Outcome]) -> Path:
    entries = sorted((o.to_dict() for o in outcomes), key=lambda e: e["rel"])
    body = {
        "options": options.to_dict(),
        "counts": {
            "done": sum(e["status"] == "done" for e in entries),
            "failed": sum(e["status"] == "failed" for e in entries),
        },
        "inputs": entries,
    }
    path = out_dir / MANIFEST
    write_atomic(path, json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    write_atomic(out_dir / INDEX, render_index(body))
    return path


def render_index(manifest: dict) -> str:
    """A plain, self-contained page linking every article's outputs."""
    rows = []
    for e in manifest["inputs"]:
        title = html.escape(e.get("title") or e["rel"])
        if e["status"] == "done":
            links = " ".join(f'<a href="{html.escape(p)}">{fmt.upper()}</a>' for fmt, p in e["outputs"].items())
            routes = ", ".join(
                f"{html.escape(c)}: {html.escape(v['route'] or v['error'] or '')}" for c, v in e["languages"].items()
            )
            rows.append(f"<tr><td>{title}</td><td>{links}</td><td>{routes}</td></tr>")
        else:
            rows.append(
                f"<tr class=failed><td>{html.escape(e['input'])}</td><td colspan=2>failed: "
                f"{html.escape(e.get('error') or '')}</td></tr>"
            )
    counts = manifest["counts"]
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Batch results</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem}td{padding:.3rem .6rem;border-bottom:1px solid #ddd}"
        ".failed{color:#b91c1c}</style>"
        f"<h1>Batch results</h1><p>{counts['done']} done, {counts['failed']} failed.</p>"
        "<table><thead><tr><th>Article</th><th>Outputs</th><th>Routes</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></html>\n"
    )
