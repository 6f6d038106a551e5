"""Scale-out execution: Celery workers on any number of machines, Redis as the broker.

A task carries only a job id; the job's text and options are in the shared
database (``SERVICE_DATABASE_URL``), and the database claim makes a
re-delivered or re-sent message harmless. Tasks are acknowledged late and
rejected when their worker process is lost, so a killed worker's job goes
back to the queue; on top of that each worker sweeps the database every
lease period and re-sends jobs that waited too long (their message lost with
a Redis restart) or whose executor stopped renewing its lease. Each worker
process builds its ``Service`` and loads the models once, when it starts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from celery import Celery, signals

from service import settings as service_config
from service.facade import Service
from service.jobs.execution import execute, worker_name

TASK = "service.run_job"
QUEUE = "news-translate"
log = logging.getLogger(__name__)
_PROCESS: dict = {}


def make_celery(config: Mapping) -> Celery:
    lease = float(config["JOB_LEASE_SECONDS"])
    app = Celery("service", broker=str(config["BROKER_URL"]))
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options={"visibility_timeout": max(lease * 2, 30)},
        task_ignore_result=True,
        worker_hijack_root_logger=False,
    )
    app.task(name=TASK, bind=True, acks_late=True)(_run_job)
    return app


_CLIENTS: dict[str, Celery] = {}


def send(config: Mapping, job_id: str) -> None:
    """Queue ``job_id`` on the broker (one client app per broker URL, reused)."""
    url = str(config["BROKER_URL"])
    app = _CLIENTS.get(url) or _CLIENTS.setdefault(url, make_celery(config))
    app.send_task(TASK, args=[job_id], queue=QUEUE, retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2})


class CeleryDispatcher:
    """The executor of a scaled-out deployment: each submitted job's id goes to the broker."""

    def __init__(self, config: Mapping):
        self.config = config

    def notify(self, job_id: str) -> None:
        """Send the job to the workers; if the broker is down the job stays queued and is re-sent by a sweep."""
        try:
            send(self.config, job_id)
        except Exception as err:  # the row is durable: a worker's sweep re-sends queued jobs
            log.warning("job %s: broker unavailable (%s); it stays queued", job_id, err)


def _service() -> Service:
    if "service" not in _PROCESS:
        _PROCESS["service"] = Service(service_config.from_env())
        _PROCESS["worker"] = worker_name()
    return _PROCESS["service"]


def _run_job(task, job_id: str) -> str | None:
    service = _service()
    return execute(service, service.jobs, job_id, _PROCESS["worker"])


def _sweep(config: Mapping) -> None:
    """Re-send jobs whose message may be lost or whose executor died (the claim discards duplicates)."""
    lease = float(config["JOB_LEASE_SECONDS"])
    stop = threading.Event()
    while not stop.wait(max(lease / 2, 1.0)):
        try:
            service = _service()
            service.retention.run_if_due()
            for job_id in service.jobs.claimable(limit=50, stale_queued_after=lease):
                send(config, job_id)
        except Exception as err:  # the database or the broker is down: try again next period
            log.warning("job sweep: %s", err)


@signals.worker_process_init.connect
def _load_models(**_) -> None:
    """Each worker process loads its models once, before its first task."""
    service = _service()
    if service.config.get("WARM_UP"):
        service.warm()


def run_worker(concurrency: int, loglevel: str = "INFO") -> None:
    """``python -m service worker``: a Celery worker of the same pipeline, with the sweeper."""
    config = service_config.from_env()
    if not config.get("BROKER_URL"):
        raise SystemExit("SERVICE_BROKER_URL is not set: the embedded default runs jobs in the web app itself")
    app = make_celery(config)
    threading.Thread(target=_sweep, args=(config,), name="job-sweep", daemon=True).start()
    app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}", "-Q", QUEUE, "-P", "prefork"])
