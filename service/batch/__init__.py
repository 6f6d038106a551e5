"""Batch processing of article files: the morning run over a folder.

``inputs`` finds the files and reads their text, ``manifest`` records what
happened to each (and makes runs resumable), ``runner`` sends chunks of
articles through the service layer in worker processes.
"""

from __future__ import annotations

from service.batch.inputs import STDIN, Input, UsageError, collect_inputs
from service.batch.manifest import FORMATS, INDEX, MANIFEST, OUTPUT_FORMATS, Outcome, write_atomic
from service.batch.outputs import RunAborted
from service.batch.runner import ARTICLES_PER_CALL, BatchReport, run_batch, stdin_bytes

__all__ = [
    "ARTICLES_PER_CALL",
    "FORMATS",
    "INDEX",
    "MANIFEST",
    "OUTPUT_FORMATS",
    "STDIN",
    "BatchReport",
    "Input",
    "Outcome",
    "RunAborted",
    "UsageError",
    "collect_inputs",
    "run_batch",
    "stdin_bytes",
    "write_atomic",
]
