"""Running a batch: chunks of articles through worker processes, checkpointed after each chunk.

Design for never losing work: every output is written to a temporary file
and renamed into place, the manifest is rewritten (atomically) after each
chunk, and a re-run skips inputs whose content and options are unchanged.
A run killed at any point and started again ends equal to one clean run.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .. import render
from ..deadline import Deadline
from ..errors import InputError, ServiceError
from ..options import Options
from ..result import ArticleResult
from ..runtime import Runtime
from .inputs import Input, UsageError, collect_inputs, read_bytes, read_text
from .manifest import OUTPUT_FORMATS, Outcome, load_manifest, unchanged, write_atomic, write_manifest

# Articles sent to the engines together: Apertium starts its processes once
# per call, so eight articles cost about twice one (measured: 4.6x faster).
ARTICLES_PER_CALL = 8

# --- Worker side: one Runtime per process, loaded once ------------------------

_WORKER: dict = {}


def init_worker(config: dict) -> None:
    """Build this process's service layer once; every article it handles reuses it."""
    _WORKER["runtime"] = Runtime(config)
    # sumy and NLTK take about a second to import: load them while the first
    # articles are being translated (Apertium runs in child processes).
    threading.Thread(target=importlib.import_module, args=("service.summarize",), daemon=True).start()


def _write_outputs(outcome: Outcome, result: ArticleResult, out_dir: str) -> Outcome:
    result.id = outcome.sha256[:16]
    base = Path(out_dir) / outcome.rel
    view = render.side_by_side(result)  # shared by the Markdown and HTML renderings
    for fmt in OUTPUT_FORMATS:
        target = base.parent / f"{base.name}.{fmt}"
        write_atomic(target, render.EXPORTS[fmt](result, view=view))
        outcome.outputs[fmt] = str(target.relative_to(out_dir))
    outcome.status = "done"
    outcome.source = result.source
    outcome.title = result.title
    outcome.languages = {
        code: {"route": t.route.describe() if t.route else None, "error": t.error} for code, t in result.targets.items()
    }
    return outcome


def process_chunk(chunk: list[tuple[Input, bytes]], options: Options, out_dir: str) -> list[Outcome]:
    """Several articles with one engine call per hop; failures become Outcomes, never exceptions.

    If the shared call fails unexpectedly, the articles are retried one by one
    so a single bad article cannot take its neighbours down.
    """
    runtime: Runtime = _WORKER["runtime"]
    per_article = float(runtime.config["ARTICLE_TIME_LIMIT"]) or None
    read = [read_text(item, data, options, runtime.config) for item, data in chunk]
    readable = [(outcome, text) for outcome, text in read if text is not None]
    groups = [readable] if len(readable) <= 1 else [readable, *([r] for r in readable)]
    for attempt, group in enumerate(groups):
        try:
            deadline = Deadline(per_article * len(group) if per_article else None)
            results = runtime.process_many([text for _, text in group], options, deadline)
        except Exception as err:  # reported per article below
            if attempt == 0 and len(groups) > 1:
                continue  # retry each article alone, each with its own time limit
            for outcome, _ in group:
                outcome.error = (
                    str(err) if isinstance(err, ServiceError) else f"unexpected error: {type(err).__name__}: {err}"
                )
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
            data = read_bytes(item, stdin_data)
        except OSError as err:
            outcomes.append(Outcome(item.path, item.rel, "failed", error=f"cannot read: {err.strerror or err}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        old = previous.get(item.rel)
        if unchanged(old, sha, options, out_dir):
            outcomes.append(Outcome.from_dict({**old, "input": item.path, "status": "skipped"}))
            if progress:
                progress(1)
        else:
            todo.append((item, data))
    config = dict(config)
    if workers > 1:  # the cores are shared between workers, not multiplied by them
        config["PARALLEL_TARGETS"] = max(1, int(config.get("PARALLEL_TARGETS", 1)) // workers)
    # Entries not redone yet keep their old state in the manifest, so a kill loses nothing.
    pending = {item.rel: previous[item.rel] for item, _ in todo if item.rel in previous}

    def checkpoint():
        kept = [Outcome.from_dict(e) for e in pending.values()]
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
