"""``batch --queue``: each article becomes a job on the shared queue; outputs are written here as jobs finish.

The articles are translated by the Celery workers (or whichever executors
serve the job store), not by this process; the outputs, the manifest and
resuming are exactly those of a local run, because the finished result goes
through the same ``outputs.write_outputs``. A job's saved article stays in the
shared archive, searchable, as a local run's does.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from service.batch.inputs import Input, read_text
from service.batch.manifest import Outcome
from service.batch.outputs import write_documents, write_outputs
from service.errors import ServiceError
from service.facade import Service
from service.jobs.local import executor_for
from service.models.options import Options
from service.models.origin import Origin
from service.storage.jobs import DONE, FINISHED

POLL_SECONDS = 0.5


def process_queued(
    todo: list[tuple[Input, bytes]],
    options: Options,
    out_dir: str,
    formats: tuple[str, ...],
    config: dict,
    record: Callable[[list[Outcome]], None],
    origin: Origin | None = None,
) -> None:
    """Submit every article as a job, then write each one's outputs as soon as its job is finished.

    Jobs are keyed by content and options: a run killed while it waits and
    started again follows the same jobs instead of submitting them twice.
    """
    service = Service(config)
    service.executor = executor_for(service)
    waiting: dict[str, tuple[Input, bytes, Outcome]] = {}
    for item, data in todo:
        outcome, text = read_text(item, data, options, service.config, origin)
        if text is None:
            record([outcome])
            continue
        key = f"batch:{outcome.sha256}:{options.fingerprint()}"
        try:
            found = Origin.model_validate(outcome.origin)
            job, created = service.submit_job(text, options, key, origin=found)
            if not created and job.status == DONE and service.article(job.article_id or "") is None:
                service.release_job(job.id)  # written by an earlier run, whose files are gone: run it again
                job, _ = service.submit_job(text, options, key, origin=found)
        except ServiceError as err:
            outcome.error = str(err)
            record([outcome])
            continue
        waiting[job.id] = (item, data, outcome)
    while waiting:
        for job_id in list(waiting):
            job = service.job(job_id)
            if job is None or job.status not in FINISHED:
                continue
            item, data, outcome = waiting.pop(job_id)
            record([_finish(service, job, item, data, outcome, options, out_dir, formats)])
        if waiting:
            time.sleep(POLL_SECONDS)


def _finish(service: Service, job, item, data, outcome, options, out_dir, formats) -> Outcome:
    if job.status != DONE or not job.article_id:
        outcome.error = (job.error or {}).get("message") or f"the job was {job.status}"
        return outcome
    result = service.article(job.article_id)
    if result is None:
        outcome.error = "the job's article is no longer in the store"
        return outcome
    write_outputs(outcome, result, out_dir, formats)
    if "doc" in formats and outcome.status != "failed":
        write_documents(service, outcome, item, data, options, out_dir)
    # The job's article stays in the shared archive, as a local run's does (--queue never runs with --no-keep);
    # a re-run follows the same job and finds the same article, so nothing is kept twice.
    return outcome
