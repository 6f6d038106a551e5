"""Batch processing of article files: the morning run over a folder.

Design for never losing work: every output is written to a temporary file
and renamed into place, the manifest is rewritten (atomically) after each
article, and a re-run skips inputs whose content and options are unchanged.
A run killed at any point and started again ends equal to one clean run.
"""

from __future__ import annotations

import glob
import hashlib
import html
import importlib
import json
import multiprocessing
import os
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import exports
from .sources import SUFFIXES, SourceError, read_source

MANIFEST = "manifest.json"
INDEX = "index.html"
OUTPUT_FORMATS = ("json", "md", "html")
STDIN = "-"
# Articles sent to the engines together: Apertium starts its processes once
# per call, so eight articles cost about twice one (measured: 4.6x faster).
ARTICLES_PER_CALL = 8


@dataclass(frozen=True)
class Options:
    """Everything besides the text that changes a result (part of the resume key)."""

    targets: tuple[str, ...]
    source: str = "fr"
    algorithm: str = "lex-rank"
    length: str | None = None
    summary: str = "aligned"

    def fingerprint(self) -> str:
        raw = json.dumps([list(self.targets), self.source, self.algorithm, self.length, self.summary])
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Input:
    """One file to process and where its outputs go, relative to ``--out``."""

    path: str  # a file path, or "-" for standard input
    rel: str  # output stem, mirroring the input tree


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


class UsageError(ValueError):
    """Bad command-line input (exit code 2)."""


def collect_inputs(specs: Iterable[str], out_dir: Path) -> tuple[list[Input], list[Outcome]]:
    """Expand files, folders (recursively) and globs; name outputs after the input tree.

    Output stems are paths relative to the inputs' common folder, so two
    ``article.txt`` in different folders never collide; nothing inside the
    output folder is read back as input.
    """
    out_resolved = out_dir.resolve()
    files: list[Path] = []
    problems: list[Outcome] = []
    stdin = False
    for spec in specs:
        if spec == STDIN:
            stdin = True
            continue
        path = Path(spec)
        if path.is_dir():
            files += [p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES - {""}]
        elif path.is_file():
            files.append(path)
        else:
            matches = sorted(Path(m) for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                problems.append(Outcome(spec, spec, "failed", error="no such file, folder or matching glob"))
            files += matches
    unique: dict[Path, Path] = {}
    for f in files:
        resolved = f.resolve()
        if resolved.is_relative_to(out_resolved) or resolved in unique:
            continue
        unique[resolved] = f
    inputs: list[Input] = []
    if unique:
        common = Path(os.path.commonpath([str(p.parent) for p in unique]))
        stems = Counter(p.with_suffix("") for p in unique)
        for resolved, original in unique.items():
            rel = resolved.relative_to(common)
            # "a.txt" and "a.md" in one folder would share outputs: keep the suffix then.
            clash = stems[resolved.with_suffix("")] > 1
            inputs.append(Input(str(original), str(rel.with_suffix("")) + (f".{rel.suffix[1:]}" if clash else "")))
    if stdin:
        inputs.append(Input(STDIN, "stdin"))
    inputs.sort(key=lambda i: i.rel)
    return inputs, problems


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


def _read_bytes(item: Input, stdin_data: bytes | None) -> bytes:
    if item.path == STDIN:
        return stdin_data or b""
    return Path(item.path).read_bytes()


# --- Worker side: one Translator per process, loaded once --------------------

_WORKER: dict = {}


def init_worker(config: dict) -> None:
    """Build this process's pipeline once; every article it handles reuses it."""
    from .config import build_translator

    _WORKER["translator"] = build_translator(config) if config.get("_TARGETS") else None
    _WORKER["config"] = config
    # sumy and NLTK take about a second to import: load them while the first
    # articles are being translated (Apertium runs in child processes).
    threading.Thread(target=importlib.import_module, args=("service.summarize",), daemon=True).start()


def _read_text(item: Input, data: bytes, options: Options, config: dict) -> tuple[Outcome, str | None]:
    """The item's text, or a failed Outcome saying why it has none."""
    outcome = Outcome(
        item.path, item.rel, "failed", sha256=hashlib.sha256(data).hexdigest(), options=options.fingerprint()
    )
    try:
        if len(data) > config["MAX_REQUEST_BYTES"]:
            raise SourceError(f"file too large ({len(data)} bytes; the limit is {config['MAX_REQUEST_BYTES']})")
        source = read_source(item.path if item.path != STDIN else "stdin.txt", data)
        outcome.encoding, outcome.html_extracted = source.encoding, source.extracted_from_html
        if len(source.text) > config["MAX_TEXT_CHARS"]:
            raise SourceError(f"text too long ({len(source.text)} characters; the limit is {config['MAX_TEXT_CHARS']})")
    except SourceError as err:
        outcome.error = str(err)
        return outcome, None
    return outcome, source.text


def _write_outputs(outcome: Outcome, result, out_dir: str) -> Outcome:
    document = result.to_dict()
    document["id"] = outcome.sha256[:16]
    base = Path(out_dir) / outcome.rel
    view = exports.side_by_side(document)  # shared by the Markdown and HTML renderings
    rendered = {
        "json": exports.to_json(document),
        "md": exports.to_markdown(document, view=view),
        "html": exports.to_html(document, view=view),
    }
    for fmt in OUTPUT_FORMATS:
        target = base.parent / f"{base.name}.{fmt}"
        write_atomic(target, rendered[fmt])
        outcome.outputs[fmt] = str(target.relative_to(out_dir))
    outcome.status = "done"
    outcome.source = result.source
    outcome.title = result.article.title
    outcome.languages = {
        code: {"route": t.route.describe() if t.route else None, "error": t.error} for code, t in result.targets.items()
    }
    return outcome


def process_chunk(chunk: list[tuple[Input, bytes]], options: Options, out_dir: str) -> list[Outcome]:
    """Several articles with one engine call per hop; failures become Outcomes, never exceptions.

    If the shared call fails unexpectedly, the articles are retried one by one
    so a single bad article cannot take its neighbours down.
    """
    from .pipeline import InputError, process_articles

    config = _WORKER["config"]
    read = [_read_text(item, data, options, config) for item, data in chunk]
    readable = [(outcome, text) for outcome, text in read if text is not None]
    groups = [readable] if len(readable) <= 1 else [readable, *([r] for r in readable)]
    for attempt, group in enumerate(groups):
        try:
            results = process_articles(
                _WORKER["translator"],
                [text for _, text in group],
                options.source,
                list(options.targets),
                options.algorithm,
                options.length,
                options.summary,
            )
        except Exception as err:  # reported per article below
            if attempt == 0 and len(groups) > 1:
                continue  # retry each article alone
            for outcome, _ in group:
                outcome.error = f"unexpected error: {type(err).__name__}: {err}"
            continue
        for (outcome, _), result in zip(group, results, strict=True):
            if isinstance(result, InputError):
                outcome.error = str(result)
            else:
                _write_outputs(outcome, result, out_dir)
        if attempt == 0:
            break
    return [outcome for outcome, _ in read]


# --- Parent side --------------------------------------------------------------


@dataclass
class BatchReport:
    """The run's outcomes in input order, and where the manifest is."""

    outcomes: list[Outcome]
    manifest: Path

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def _unchanged(previous: dict | None, sha: str, options: Options, out_dir: Path) -> bool:
    return bool(
        previous
        and previous.get("status") == "done"
        and previous.get("sha256") == sha
        and previous.get("options") == options.fingerprint()
        and all((out_dir / p).is_file() for p in (previous.get("outputs") or {}).values())
        and set(previous.get("outputs") or {}) == set(OUTPUT_FORMATS)
    )


def _from_entry(entry: dict) -> Outcome:
    """An Outcome from a manifest entry (unknown keys from other versions ignored)."""
    return Outcome(**{k: v for k, v in entry.items() if k in Outcome.__dataclass_fields__})


def write_manifest(out_dir: Path, options: Options, outcomes: list[Outcome]) -> Path:
    entries = sorted((o.to_dict() for o in outcomes), key=lambda e: e["rel"])
    body = {
        "options": {
            "targets": list(options.targets),
            "source": options.source,
            "algorithm": options.algorithm,
            "length": options.length,
            "summary": options.summary,
        },
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


def run_batch(
    specs: list[str],
    out_dir: Path,
    options: Options,
    config: dict,
    workers: int = 1,
    progress: Callable[[int], object] | None = None,
    stdin_data: bytes | None = None,
    on_start: Callable[[int], object] | None = None,
) -> BatchReport:
    """Process every input, resuming a previous run in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.rglob(".*.part"):  # temporary files of a run that was killed
        stale.unlink(missing_ok=True)
    inputs, outcomes = collect_inputs(specs, out_dir)
    if not inputs and not outcomes:
        raise UsageError("no input files (.txt, .md, .html) found")
    previous = load_manifest(out_dir)
    if on_start:
        on_start(len(inputs))
    todo: list[tuple[Input, bytes]] = []
    for item in inputs:
        try:
            data = _read_bytes(item, stdin_data)
        except OSError as err:
            outcomes.append(Outcome(item.path, item.rel, "failed", error=f"cannot read: {err.strerror or err}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        old = previous.get(item.rel)
        if _unchanged(old, sha, options, out_dir):
            outcomes.append(_from_entry({**old, "input": item.path, "status": "skipped"}))
            if progress:
                progress(1)
        else:
            todo.append((item, data))
    config = {**config, "_TARGETS": bool(options.targets)}
    if workers > 1:  # the cores are shared between workers, not multiplied by them
        config["PARALLEL_TARGETS"] = max(1, int(config.get("PARALLEL_TARGETS", 1)) // workers)
    # Entries not redone yet keep their old state in the manifest, so a kill loses nothing.
    pending = {item.rel: previous[item.rel] for item, _ in todo if item.rel in previous}

    def checkpoint():
        kept = [_from_entry(e) for e in pending.values()]
        write_manifest(out_dir, options, outcomes + kept)

    def record(chunk_outcomes: list[Outcome]):
        """Keep a finished chunk: manifest first rewritten here, so a kill loses at most one chunk."""
        for outcome in chunk_outcomes:
            outcomes.append(outcome)
            pending.pop(outcome.rel, None)
        checkpoint()
        if progress:
            progress(len(chunk_outcomes))

    size = max(1, min(ARTICLES_PER_CALL, -(-len(todo) // max(1, workers))))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    if workers <= 1 or len(chunks) <= 1:
        init_worker(config)
        for chunk in chunks:
            record(process_chunk(chunk, options, str(out_dir)))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=init_worker, initargs=(config,)
        ) as pool:
            futures = [pool.submit(process_chunk, chunk, options, str(out_dir)) for chunk in chunks]
            for future in as_completed(futures):
                record(future.result())
    manifest = write_manifest(out_dir, options, outcomes)
    outcomes.sort(key=lambda o: o.rel)
    return BatchReport(outcomes, manifest)


def stdin_bytes() -> bytes:
    return sys.stdin.buffer.read()
