"""Running one job: claim it, follow its stages, keep its lease alive, record the outcome.

Web threads (the embedded default) and Celery workers (scale-out) both call
``execute``; they differ only in how they learn that a job is waiting. The
pipeline reports its stages through the ``Deadline`` it already checks
between stages (segmenting, each translation hop, each summary), so progress
costs no change to the pipeline. A transient storage failure leaves the job
claimed but unfinished: its lease runs out and another executor redoes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import uuid

from service.errors import ServiceError, StorageUnavailable
from service.models.options import Options
from service.progress import Deadline
from service.storage.jobs import CANCELLED, DONE, FAILED, RUNNING, JobStore
from service.translation.glossary import from_mapping

MAX_ATTEMPTS = 3  # a job that kills its executor every time fails instead of looping
log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """The job was cancelled (or taken over) while it ran: stop at the next stage."""


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (a restarted process is someone else)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def request_hash(text: str, options: Options) -> str:
    """Same text and same options, same hash: what makes a repeated form submission the same job."""
    return hashlib.sha256(f"{options.fingerprint()}\x1f{text}".encode()).hexdigest()


def initial_progress(targets) -> dict:
    return {"done": 0, "total": 2 + 2 * len(targets), "stage": "queued", "detail": None,
            "targets": dict.fromkeys(targets, "waiting")}  # fmt: skip


def advance(progress: dict, stage: str) -> dict:
    """The progress after the pipeline reports ``stage`` (its Deadline.check wording); pure."""
    targets = dict(progress["targets"])
    out = {**progress, "detail": stage, "targets": targets}
    if stage.startswith("reading"):
        out["stage"] = "segmenting"
    elif stage.startswith("translating"):
        out["stage"] = "translating"
        hop_target = stage.split("→", 1)[-1].split(" ", 1)[0]
        if targets.get(hop_target) == "waiting":
            targets[hop_target] = "translating"
    elif stage.startswith("summarising"):
        out["stage"] = "summarising"
        code = stage.rsplit(" ", 1)[-1]
        for other, state in targets.items():
            if state in ("waiting", "translating"):
                targets[other] = "translated"
            elif state == "summarising":
                targets[other] = "done"
        targets[code] = "summarising"
    states = list(targets.values())
    out["done"] = (
        (out["stage"] != "segmenting")
        + sum(s in ("translated", "summarising", "done") for s in states)
        + sum(s == "done" for s in states)
    )
    return out


class JobProgress(Deadline):
    """The request's time limit, plus: every stage is recorded on the job, and a cancelled job stops there."""

    def __init__(self, seconds, store: JobStore, job_id: str, worker: str, lease: float, progress: dict):
        super().__init__(seconds)
        self.store, self.job_id, self.worker, self.lease = store, job_id, worker, lease
        self.progress = progress
        self._lock = threading.Lock()

    def check(self, stage: str) -> None:
        super().check(stage)
        with self._lock:
            self.progress = advance(self.progress, stage)
            self.beat()

    def beat(self) -> None:
        """Renew the lease with the latest progress; raise ``JobCancelled`` if the job is no longer ours."""
        status = self.store.heartbeat(self.job_id, self.worker, self.lease, self.progress)
        if status != RUNNING:
            raise JobCancelled(self.job_id)


def _keep_alive(progress: JobProgress, stop: threading.Event) -> None:
    """Renew the lease while a long stage runs (one engine call may take longer than the lease)."""
    while not stop.wait(progress.lease / 3):
        try:
            with progress._lock:
                progress.beat()
        except (JobCancelled, StorageUnavailable):
            return


def execute(runtime, store: JobStore, job_id: str, worker: str) -> str | None:
    """Run ``job_id`` if it is ours to run; its final status, or None if someone else has it (or it is finished)."""
    lease = float(runtime.config["JOB_LEASE_SECONDS"])
    job = store.claim(job_id, worker, lease)
    if job is None:
        return None
    body = store.request(job_id)
    progress = {**initial_progress(((body or {}).get("options") or {}).get("targets") or ()), "stage": "starting"}
    if body is None or job.attempts > MAX_ATTEMPTS:
        error = {"code": "job_lost", "message": f"the job stopped its executor {job.attempts - 1} times; giving up"}
        store.finish(job_id, worker, FAILED, progress, error=error)
        return FAILED
    tracker = JobProgress(float(runtime.config["REQUEST_TIME_LIMIT"]) or None, store, job_id, worker, lease, progress)
    try:
        tracker.beat()  # "starting", visible at once
    except (JobCancelled, StorageUnavailable):
        return None
    stop = threading.Event()
    threading.Thread(target=_keep_alive, args=(tracker, stop), daemon=True).start()
    try:
        options = request_options(body["options"])
        result = runtime.process(body["text"], options, deadline=tracker)
        done = {**tracker.progress, "stage": "done", "detail": None, "done": tracker.progress["total"],
                "targets": {code: ("done" if t.ok else "failed") for code, t in result.targets.items()}}  # fmt: skip
        return DONE if store.finish(job_id, worker, DONE, done, article_id=result.id) else CANCELLED
    except JobCancelled:
        return CANCELLED
    except StorageUnavailable:
        log.warning("job %s: storage unavailable; it will be retried when its lease ends", job_id)
        return None
    except ServiceError as err:
        failed = {**tracker.progress, "stage": "failed"}
        store.finish(job_id, worker, FAILED, failed, error={"code": err.code, "message": err.message})
        return FAILED
    except Exception as err:
        log.exception("job %s failed", job_id)
        error = {"code": "internal_error", "message": f"unexpected error: {type(err).__name__}"}
        store.finish(job_id, worker, FAILED, {**tracker.progress, "stage": "failed"}, error=error)
        return FAILED
    finally:
        stop.set()


def describe(job, base_url: str = "") -> dict:
    """A job as the API shows it."""
    out = {
        "id": job.id,
        "status": job.status,
        "progress": job.progress,
        "created": job.created,
        "updated": job.updated,
        "attempts": job.attempts,
        "article_id": job.article_id,
        "error": job.error,
    }
    if job.article_id:
        out["article"] = f"{base_url}/api/v1/articles/{job.article_id}"
    return out


def job_request(text: str, options: Options) -> dict:
    """What a job keeps of its request: the text and every option (the glossary's entries, not its hash)."""
    values = {**options.to_dict(), "glossary": options.glossary.to_dict() if options.glossary else None}
    return json.loads(json.dumps({"text": text, "options": values}))


def request_options(values: dict) -> Options:
    """The ``Options`` of a stored job request (validated again: the row is data, not code)."""
    glossary = values.get("glossary")
    keys = ("source", "targets", "algorithm", "length", "summary", "reference_date", "keep")
    return Options.parse(
        *(values.get(k) for k in keys), glossary=from_mapping(glossary, glossary.get("name")) if glossary else None
    )
