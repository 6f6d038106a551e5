"""Who executes jobs: threads beside the web app (embedded default) or Celery workers (``SERVICE_BROKER_URL``).

Embedded: each web process runs ``JOB_WORKERS`` threads that claim waiting
jobs from the instance database (woken at once by a submission in the same
process, else by polling every ``JOB_POLL_SECONDS``), so no other service is
needed; a process killed mid-job leaves a lease that runs out, and any
process's threads take the job again. Scale-out: a submission is sent to
Celery (``service.celery_app``); the database claim still decides who runs it.
"""

from __future__ import annotations

import logging
import os
import threading

from .errors import StorageUnavailable
from .jobs import execute, worker_name

log = logging.getLogger(__name__)


class LocalExecutor:
    """Job threads of one process (recreated after a fork: threads do not survive one)."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.wake = threading.Event()
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            count = int(self.runtime.config["JOB_WORKERS"])
            self._threads = [
                threading.Thread(target=self._loop, name=f"job-worker-{i}", daemon=True) for i in range(count)
            ]
            for thread in self._threads:
                thread.start()

    def _loop(self) -> None:
        worker = worker_name()
        poll = float(self.runtime.config["JOB_POLL_SECONDS"])
        while True:
            self.wake.wait(poll)
            self.wake.clear()
            try:
                for job_id in self.runtime.jobs.claimable(limit=5):
                    execute(self.runtime, self.runtime.jobs, job_id, worker)
            except StorageUnavailable as err:
                log.warning("job worker: %s", err)
            except Exception:  # a job thread must never die: the next poll tries again
                log.exception("job worker loop")


def dispatch(runtime, job_id: str) -> None:
    """Tell an executor that ``job_id`` waits; if the broker is down the job stays queued and is re-sent later."""
    if runtime.config.get("BROKER_URL"):
        from .celery_app import send

        try:
            send(runtime.config, job_id)
        except Exception as err:  # the row is durable: a worker's sweep re-sends queued jobs
            log.warning("job %s: broker unavailable (%s); it stays queued", job_id, err)
        return
    runtime.executor.start()
    runtime.executor.wake.set()
