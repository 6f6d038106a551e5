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

from service.batch.digest import write_digest
from service.batch.inputs import STDIN, Input, TooBig, UsageError, collect_inputs, read_bytes, read_text
from service.batch.manifest import (
    MANIFEST,
    OUTPUT_FORMATS,
    Outcome,
    load_manifest,
    unchanged,
    write_manifest,
)
from service.batch.outputs import RunAborted, write_documents, write_outputs
from service.batch.queued import process_queued
from service.errors import InputError, ServiceError, SourceError
from service.facade import Service
from service.models.options import Options
from service.models.origin import Origin
from service.models.result import ArticleResult
from service.processes import die_with_parent
from service.progress import Tracker
from service.text.files import normalize_text, read_source
from service.text.structure import line_fingerprints, recurring_across

# Articles sent to the engines together: Apertium starts its processes once
# per call, so eight articles cost about twice one (measured: 4.6x faster).
ARTICLES_PER_CALL = 8

# --- Worker side: one Service per process, loaded once ------------------------

_WORKER: dict[str, Service] = {}


def init_worker(config: dict, in_child: bool = True) -> None:
    """Build this process's service layer once; every article it handles reuses it (``watch``: every round too)."""
    if in_child:
        die_with_parent()
    elif "service" in _WORKER and _WORKER["service"].config == config:
        return  # the same settings: keep the loaded engines and models
    _WORKER["service"] = Service(dict(config))
    # sumy and NLTK take about a second to import: load them while the first
    # articles are being translated (Apertium runs in child processes).
    threading.Thread(target=importlib.import_module, args=("service.summaries.summarizers",), daemon=True).start()


def process_chunk(
    chunk: list[tuple[Input, bytes]],
    options: Options,
    out_dir: str,
    formats: tuple[str, ...] = OUTPUT_FORMATS,
    origin: Origin | None = None,
    recurring: frozenset[str] = frozenset(),
) -> list[Outcome]:
    """Several articles with one engine call per hop; failures become Outcomes, never exceptions.

    If the shared call fails unexpectedly, the articles are retried one by one
    so a single bad article cannot take its neighbours down. ``origin``: the
    run's outlet and tags, under what each input's side file or page says.
    ``recurring``: the lines (fingerprints) found across the run's articles,
    evidence of furniture.
    """
    service = _WORKER["service"]
    per_article = float(service.config["ARTICLE_TIME_LIMIT"]) or None
    read = [read_text(item, data, options, service.config, origin) for item, data in chunk]
    originals = {id(outcome): pair for outcome, pair in zip((o for o, _ in read), chunk, strict=True)}
    readable = [(outcome, text) for outcome, text in read if text is not None]
    groups = [readable] if len(readable) <= 1 else [readable, *([r] for r in readable)]
    for attempt, group in enumerate(groups):
        try:
            tracker = Tracker(per_article * len(group) if per_article else None)
            results = service.process_many([text for _, text in group], options, tracker, recurring)
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
                result.origin = Origin.model_validate(outcome.origin).merged(result.origin)
                write_outputs(outcome, result, out_dir, formats)  # RunAborted ends the run: all would fail
                if "doc" in formats and outcome.status != "failed":
                    write_documents(service, outcome, *originals[id(outcome)], options, out_dir)
                if options.keep and outcome.status != "failed":
                    archive(service, outcome, result)
        if attempt == 0:
            break
    return [outcome for outcome, _ in read]


def archive(service: Service, outcome: Outcome, result: ArticleResult) -> None:
    """Keep the article in the searchable archive; the same input processed again replaces its earlier copy.

    The archive is a bonus of the run, not its product: when it cannot be
    written the files are still there, and the manifest says why it is not.
    """
    try:  # the archive's id is not in the manifest: a re-run must write the same files
        service.store.save(result.model_copy(), result.origin, content_key=f"input:{outcome.sha256}")
    except ServiceError as err:
        outcome.error = "; ".join(filter(None, [outcome.error, f"not kept in the archive: {err}"]))


# --- Parent side --------------------------------------------------------------


@dataclass
class BatchReport:
    """The run's outcomes in input order, and where the manifest is."""

    outcomes: list[Outcome]
    manifest: Path

    @property
    def failed(self) -> list[Outcome]:
        """Articles with no result, or with some target languages missing."""
        return [o for o in self.outcomes if not o.complete]


def run_batch(
    specs: list[str],
    out_dir: Path,
    options: Options,
    config: dict,
    workers: int = 1,
    progress: Callable[[int], object] | None = None,
    stdin_data: bytes | None = None,
    on_start: Callable[[int], object] | None = None,
    formats: tuple[str, ...] = OUTPUT_FORMATS,
    queue: bool = False,
    origin: Origin | None = None,
    collected: tuple[list[Input], list[Outcome]] | None = None,
    keep_others: bool = False,
    digest_language: str | None = None,
) -> BatchReport:
    """Process every input, resuming a previous run in ``out_dir``.

    ``queue``: submit each article as a job to the shared queue (``batch --queue``) instead of translating here.
    ``origin``: the run's outlet and tags (``--outlet``, ``--tag``). ``collected``: inputs already chosen (``watch``,
    ``feeds``) instead of ``specs``; ``keep_others``: the manifest keeps the entries of inputs not in this run.
    ``digest_language``: the language ``digest.html`` is read in (default: the first target).

    Raises ``UsageError`` for bad input specs and ``RunAborted`` when the run
    cannot go on (output folder unwritable, disk full); finished articles
    are kept in the manifest either way.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in out_dir.rglob(".*.part"):  # temporary files of a run that was killed
            stale.unlink(missing_ok=True)
    except OSError as err:
        raise RunAborted(f"cannot use the output folder {out_dir}: {err.strerror}") from err
    inputs, outcomes = collected if collected is not None else collect_inputs(specs, out_dir)
    if not inputs and not outcomes and collected is None:
        raise UsageError("no input files (.txt, .md, .html, .docx) found")
    previous = load_manifest(out_dir)
    if on_start:
        on_start(len(inputs))
    todo: list[tuple[Input, bytes]] = []
    lines: list[frozenset[str]] = []  # every readable article's line fingerprints: the run's repetition evidence
    for item in inputs:
        try:
            data = read_bytes(item, stdin_data, int(config["MAX_REQUEST_BYTES"]))
            lines.append(_line_fingerprints(item, data))
        except TooBig as err:
            outcomes.append(Outcome(item.path, item.rel, "failed", error=str(err)))
            continue
        except OSError as err:
            outcomes.append(Outcome(item.path, item.rel, "failed", error=f"cannot read: {err.strerror or err}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        old = previous.get(item.rel)
        if unchanged(old, sha, options, out_dir, formats):
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
    if keep_others:  # watch and feeds: this round's files only; the others' entries stay as they are
        here = {item.rel for item in inputs} | {o.rel for o in outcomes}
        pending.update({rel: entry for rel, entry in previous.items() if rel not in here})

    def checkpoint():
        kept = [Outcome.from_dict(e) for e in pending.values()]
        try:
            write_manifest(out_dir, options, outcomes + kept)
        except OSError as err:
            raise RunAborted(f"cannot write the manifest in {out_dir}: {err.strerror}") from err

    def record(chunk_outcomes: list[Outcome]):
        """Keep a finished chunk: manifest first rewritten here, so a kill loses at most one chunk."""
        for outcome in chunk_outcomes:
            outcomes.append(outcome)
            pending.pop(outcome.rel, None)
        checkpoint()
        if progress:
            progress(len(chunk_outcomes))

    recurring = recurring_across(lines)
    size = max(1, min(ARTICLES_PER_CALL, -(-len(todo) // max(1, workers))))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    if queue:
        process_queued(todo, options, str(out_dir), formats, config, record, origin)
    elif workers <= 1 or len(chunks) <= 1:
        init_worker(config, in_child=False)
        for chunk in chunks:
            record(process_chunk(chunk, options, str(out_dir), formats, origin, recurring))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=init_worker, initargs=(config,)
        ) as pool:
            futures = [
                pool.submit(process_chunk, chunk, options, str(out_dir), formats, origin, recurring) for chunk in chunks
            ]
            try:
                for future in as_completed(futures):
                    record(future.result())
            except RunAborted:
                for future in futures:
                    future.cancel()
                raise
    checkpoint()
    manifest = out_dir / MANIFEST
    if "json" in formats:
        try:
            write_digest(out_dir, digest_language or (options.targets[0] if options.targets else None))
        except OSError as err:
            raise RunAborted(f"cannot write the digest in {out_dir}: {err.strerror}") from err
    outcomes.sort(key=lambda o: o.rel)
    return BatchReport(outcomes, manifest)


def _line_fingerprints(item: Input, data: bytes) -> frozenset[str]:
    """The fingerprints of an input's lines (none when it cannot be read: its own outcome will say why)."""
    try:
        source = read_source(item.path if item.path != STDIN else "stdin.txt", data)
    except SourceError:
        return frozenset()
    return line_fingerprints(normalize_text(source.text))


def stdin_bytes(limit: int) -> bytes:
    """Standard input, read up to one byte past ``limit`` (enough to know it is too large)."""
    return sys.stdin.buffer.read(limit + 1)
