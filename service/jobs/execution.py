"""Running one job: claim it, follow its stages, keep its lease alive, record the outcome.

Job processes beside the web app (the embedded default) and Celery workers
(scale-out) both call ``execute``; they differ only in how they learn that a
job is waiting. The pipeline reports its stages as typed events (``service.
progress``); ``JobProgress`` turns each into the job's progress record and
renews the lease, and a cancelled job stops at the next event. A transient
storage failure leaves the job claimed but unfinished: its lease runs out
and another executor redoes it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from service.errors import ServiceError, StorageUnavailable
from service.jobs import webhooks
from service.models.glossary import from_mapping
from service.models.options import Options
from service.models.origin import Origin
from service.progress import Event, Stage, Tracker, warming_step
from service.storage.jobs import CANCELLED, DONE, FAILED, RUNNING, JobStore, initial_progress

MAX_ATTEMPTS = 3  # a job that kills its executor every time fails instead of looping
log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """The job was cancelled (or taken over) while it ran: stop at the next stage."""


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (a restarted process is someone else)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def advance(progress: dict, event: Event) -> dict:
    """The progress record after the pipeline enters ``event``'s stage; pure."""
    targets = dict(progress["targets"])
    out = {**progress, "stage": event.stage.value, "detail": event.describe(), "targets": targets}
    if event.stage is Stage.TRANSLATING and event.target and targets.get(event.target) == "waiting":
        targets[event.target] = "translating"
    elif event.stage is Stage.SUMMARISING:
        for other, state in targets.items():
            if state in ("waiting", "translating"):
                targets[other] = "translated"
            elif state == "summarising":
                targets[other] = "done"
        if event.target:
            targets[event.target] = "summarising"
    states = list(targets.values())
    if event.stage is Stage.WARMING:
        out["warming"] = warming_step(event) or None
        return out
    out.pop("warming", None)
    out["done"] = (
        (event.stage is not Stage.SEGMENTING)
        + sum(s in ("translated", "summarising", "done") for s in states)
        + sum(s == "done" for s in states)
    )
    return out


class JobProgress:
    """Records every stage of a job and renews its lease; a cancelled job stops there."""

    def __init__(self, store: JobStore, job_id: str, worker: str, lease: float, progress: dict):
        self.store, self.job_id, self.worker, self.lease = store, job_id, worker, lease
        self.progress = progress
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self.progress = advance(self.progress, event)
            self.beat()

    def beat(self) -> None:
        """Renew the lease with the latest progress; raise ``JobCancelled`` if the job is no longer ours."""
        status = self.store.heartbeat(self.job_id, self.worker, self.lease, self.progress)
        if status != RUNNING:
            raise JobCancelled(self.job_id)

    def keep_alive(self, stop: threading.Event) -> None:
        """Renew the lease while a long stage runs (one engine call may take longer than the lease)."""
        while not stop.wait(self.lease / 3):
            try:
                with self._lock:
                    self.beat()
            except (JobCancelled, StorageUnavailable):
                return


def execute(service, store: JobStore, job_id: str, worker: str) -> str | None:
    """Run ``job_id`` if it is ours to run; its final status, or None if someone else has it (or it is finished).

    A job that ends done or failed here sends its callback (on a thread of its own); a cancelled one was
    announced by whoever cancelled it.
    """
    status = _execute(service, store, job_id, worker)
    if status in (DONE, FAILED):
        webhooks.notify(store, service.config, job_id, (DONE, FAILED))
    return status


def _execute(service, store: JobStore, job_id: str, worker: str) -> str | None:
    lease = float(service.config["JOB_LEASE_SECONDS"])
    job = store.claim(job_id, worker, lease)
    if job is None:
        return None
    body = store.request(job_id)
    targets = ((body or {}).get("options") or {}).get("targets") or ()
    progress = {**initial_progress(targets), "stage": Stage.STARTING.value}
    if body is None or job.attempts > MAX_ATTEMPTS:
        error = {"code": "job_lost", "message": f"the job stopped its executor {job.attempts - 1} times; giving up"}
        store.finish(job_id, worker, FAILED, progress, error=error)
        return FAILED
    follower = JobProgress(store, job_id, worker, lease, progress)
    try:
        follower.beat()  # "starting", visible at once
    except (JobCancelled, StorageUnavailable):
        return None
    stop = threading.Event()
    threading.Thread(target=follower.keep_alive, args=(stop,), daemon=True).start()
    try:
        # Just after a restart: "starting the engines (apertium fr→es)", not a silent queue.
        warm_up = getattr(service, "warm_up", None)
        if warm_up is not None:
            warm_up.wait(follower)
        tracker = Tracker(float(service.config["REQUEST_TIME_LIMIT"]) or None, follower)
        options = request_options(body["options"])
        origin = Origin.model_validate(body["origin"]) if body.get("origin") else None
        # Cancelled during the last stage: checked again just before the article is saved, and, if the
        # cancellation came between that check and the end, the saved article is deleted again.
        result = service.process(body["text"], options, tracker=tracker, origin=origin, before_saving=follower.beat)
        done = {**follower.progress, "stage": Stage.DONE.value, "detail": None, "done": follower.progress["total"],
                "targets": {code: ("done" if t.ok else "failed") for code, t in result.targets.items()}}  # fmt: skip
        if store.finish(job_id, worker, DONE, done, article_id=result.id):
            return DONE
        if result.id:
            service.delete_article(result.id)
        return CANCELLED
    except JobCancelled:
        return CANCELLED
    except StorageUnavailable:
        log.warning("job %s: storage unavailable; it will be retried when its lease ends", job_id)
        return None
    except ServiceError as err:
        failed = {**follower.progress, "stage": Stage.FAILED.value}
        notice = {"key": err.detail.key, "params": err.detail.params}  # so pages can say it in their language
        store.finish(job_id, worker, FAILED, failed, error={"code": err.code, "message": err.message, "notice": notice})
        return FAILED
    except Exception as err:
        log.exception("job %s failed", job_id)
        error = {"code": "internal_error", "message": f"unexpected error: {type(err).__name__}"}
        store.finish(job_id, worker, FAILED, {**follower.progress, "stage": Stage.FAILED.value}, error=error)
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


def request_options(values: dict) -> Options:
    """The ``Options`` of a stored job request (validated again: the row is data, not code)."""
    glossary = values.get("glossary")
    values = {**values, "glossary": from_mapping(glossary, glossary.get("name")) if glossary else None}
    return Options.validate_values(values)
