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
from urllib.parse import quote

from service.models.options import Options

MANIFEST = "manifest.json"
INDEX = "index.html"
DIGEST = "digest.html"
SIDECAR = ".meta.json"  # "article.txt.meta.json": outlet, url, tags, published of "article.txt"
OUTPUT_FORMATS = ("json", "md", "html")  # the default; --formats may add tmx, xliff and txt
FORMATS = ("json", "md", "html", "tmx", "xliff", "txt", "doc")
# One file per target: txt is the article's text translated, doc the input file translated in its own format.
PER_TARGET = ("txt", "doc")


@dataclass
class Outcome:
    """What happened to one input: the manifest entry."""

    input: str
    rel: str
    # "done" (every target translated), "partial" (some targets failed: see languages),
    # "failed" (no result), or "skipped" (unchanged since a previous run, reported as it was).
    status: str
    sha256: str | None = None
    options: str | None = None
    encoding: str | None = None
    html_extracted: bool = False
    source: str | None = None
    title: str | None = None
    languages: dict[str, dict] = field(default_factory=dict)  # per target: route, status, error
    outputs: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    origin: dict = field(default_factory=dict)  # outlet, url (the original page), tags, published

    def to_dict(self) -> dict:
        entry = dict(vars(self))
        if entry["status"] == "skipped":
            entry["status"] = "done"  # the manifest describes results, not this run
        return entry

    @property
    def complete(self) -> bool:
        return self.status in ("done", "skipped")

    @classmethod
    def from_dict(cls, entry: dict) -> Outcome:
        """An Outcome from a manifest entry (unknown keys from other versions ignored)."""
        return cls(**{k: v for k, v in entry.items() if k in cls.__dataclass_fields__})


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp's 0600 would hide outputs from colleagues


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
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


def output_keys(formats: tuple[str, ...], targets: tuple[str, ...]) -> set[str]:
    """The manifest's output names for these formats: ``txt`` and ``doc`` give one file per target (``txt:es``)."""
    per_target = {f"{f}:{t}" for f in formats if f in PER_TARGET for t in targets}
    return {f for f in formats if f not in PER_TARGET} | per_target


def unchanged(
    previous: dict | None, sha: str, options: Options, out_dir: Path, formats: tuple[str, ...] = OUTPUT_FORMATS
) -> bool:
    """Whether a previous entry already holds this content's results for these options."""
    return bool(
        previous
        and previous.get("status") == "done"  # partial and failed articles are redone
        and previous.get("sha256") == sha
        and previous.get("options") == options.fingerprint()
        and all((out_dir / p).is_file() for p in (previous.get("outputs") or {}).values())
        and set(previous.get("outputs") or {}) == output_keys(formats, options.targets)
    )


def write_manifest(out_dir: Path, options: Options, outcomes: list[Outcome]) -> Path:
    entries = sorted((o.to_dict() for o in outcomes), key=lambda e: e["rel"])
    body = {
        "options": options.to_dict(),
        "counts": {status: sum(e["status"] == status for e in entries) for status in ("done", "partial", "failed")},
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
        if e["status"] in ("done", "partial"):
            links = " ".join(f'<a href="{html.escape(quote(p))}">{fmt.upper()}</a>' for fmt, p in e["outputs"].items())
            routes = ", ".join(
                f"{html.escape(c)}: {html.escape(v.get('error') or v.get('route') or '')}"
                for c, v in e["languages"].items()
            )
            css = ' class="partial"' if e["status"] == "partial" else ""
            rows.append(f"<tr{css}><td>{title}</td><td>{links}</td><td>{routes}</td></tr>")
        else:
            rows.append(
                f"<tr class=failed><td>{html.escape(e['input'])}</td><td colspan=2>failed: "
                f"{html.escape(e.get('error') or '')}</td></tr>"
            )
    counts = manifest["counts"]
    return (
        "<!doctype html><html lang=en><meta charset=utf-8><title>Batch results</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem}td{padding:.3rem .6rem;border-bottom:1px solid #ddd}"
        ".failed,.partial{color:#b91c1c}</style>"
        f"<h1>Batch results</h1><p>{counts['done']} done, {counts['partial']} with failed languages, "
        f"{counts['failed']} failed.</p>"
        "<table><thead><tr><th>Article</th><th>Outputs</th><th>Routes</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></html>\n"
    )
