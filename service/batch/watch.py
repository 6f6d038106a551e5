"""``watch``: a folder followed as files land in it, each processed like a batch input.

Each round lists the folder's article files and takes those that are
complete: unchanged in size and time since the previous round, older than
the settle time, not open for writing by any process (read from ``/proc``
on Linux), not hidden (``.name.part``: a copy in progress). They go through
``run_batch`` with the same outputs, manifest (entries of other files kept)
and digest as ``batch``; a restarted watch skips what the manifest already
holds unchanged. Output names are paths relative to the watched folder, so
they do not move when a new sub-folder appears. A round takes at most
``ROUND_SIZE`` files, so a stop request waits for one engine call at most.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.batch.inputs import Input
from service.batch.manifest import OUTPUT_FORMATS, Outcome
from service.batch.runner import ARTICLES_PER_CALL, run_batch
from service.models.options import Options
from service.models.origin import Origin
from service.text.files import SUFFIXES

ROUND_SIZE = ARTICLES_PER_CALL


def open_for_writing(paths: set[Path]) -> set[Path]:
    """Which of ``paths`` some process holds open for writing (empty where ``/proc`` cannot be read)."""
    if not paths:
        return set()
    wanted = {str(p) for p in paths}
    busy: set[Path] = set()
    try:
        processes = [e for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return set()
    for process in processes:
        try:
            descriptors = list(os.scandir(f"/proc/{process.name}/fd"))
        except OSError:
            continue  # gone, or not ours to read
        for descriptor in descriptors:
            try:
                target = os.readlink(descriptor.path)
                if target not in wanted:
                    continue
                with open(f"/proc/{process.name}/fdinfo/{descriptor.name}") as info:
                    flags = next((line.split()[1] for line in info if line.startswith("flags:")), "0")
            except OSError:
                continue
            if int(flags, 8) & (os.O_WRONLY | os.O_RDWR):
                busy.add(Path(target))
    return busy


@dataclass
class FolderWatch:
    """What is in the folder, and which files are complete and not yet processed in their current state."""

    folder: Path
    out_dir: Path
    settle: float
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.folder = self.folder.resolve()
        self.out_dir = self.out_dir.resolve()
        self._seen: dict[Path, tuple[int, int]] = {}
        self._done: dict[Path, tuple[int, int]] = {}

    def _files(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for root, dirs, names in os.walk(self.folder):
            here = Path(root)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != self.out_dir)
            for name in names:
                path = here / name
                if name.startswith(".") or path.suffix.lower() not in SUFFIXES - {""}:
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue  # removed while we looked
                found[path] = (stat.st_size, stat.st_mtime_ns)
        return found

    def ready(self) -> list[Path]:
        """Files complete and new or changed since they were processed, in name order."""
        now = self.clock()
        current = self._files()
        candidates = {
            path
            for path, signature in current.items()
            if signature[0] > 0  # an empty file is still being created
            and self._seen.get(path) == signature  # unchanged since the previous round
            and now - signature[1] / 1e9 >= self.settle
            and self._done.get(path) != signature
        }
        self._seen = current
        candidates -= open_for_writing(candidates)
        return sorted(candidates)

    def processed(self, paths: list[Path]) -> None:
        for path in paths:
            if path in self._seen:
                self._done[path] = self._seen[path]

    def inputs(self, paths: list[Path]) -> list[Input]:
        """Batch inputs named after their path in the watched folder (the suffix kept when two files share a stem)."""
        stems: dict[Path, int] = {}
        for path in self._seen:
            stem = path.with_suffix("")
            stems[stem] = stems.get(stem, 0) + 1
        out = []
        for path in paths:
            rel = path.relative_to(self.folder)
            name = str(rel.with_suffix(""))
            if stems.get(path.with_suffix(""), 0) > 1:
                name += f".{rel.suffix[1:]}"
            out.append(Input(str(path), name))
        return out


def watch_folder(
    folder: Path,
    out_dir: Path,
    options: Options,
    config: dict,
    stop: threading.Event,
    *,
    formats: tuple[str, ...] = OUTPUT_FORMATS,
    origin: Origin | None = None,
    digest_language: str | None = None,
    on_outcomes: Callable[[list[Outcome]], object] | None = None,
    on_round: Callable[[int, int], object] | None = None,
) -> int:
    """Process the folder's files as they become complete until ``stop`` is set; the number of rounds run."""
    watch = FolderWatch(folder, out_dir, float(config["WATCH_SETTLE_SECONDS"]))
    poll = float(config["WATCH_POLL_SECONDS"])
    rounds = 0
    while not stop.is_set():
        rounds += 1
        ready = watch.ready()[:ROUND_SIZE]
        if ready:
            report = run_batch(
                [],
                out_dir,
                options,
                config,
                collected=(watch.inputs(ready), []),
                keep_others=True,
                formats=formats,
                origin=origin,
                digest_language=digest_language,
            )
            watch.processed(ready)
            if on_outcomes:
                on_outcomes(report.outcomes)
        if on_round:
            on_round(rounds, len(ready))
        if len(ready) < ROUND_SIZE:  # more waiting: the next round starts at once
            stop.wait(poll)
    return rounds
