"""Who executes jobs: beside the web app (embedded default) or Celery workers (``SERVICE_BROKER_URL``).

Embedded: each gunicorn worker starts one job process (``start_process``,
from ``post_worker_init``) running ``JOB_WORKERS`` threads that claim waiting
jobs from the instance database, woken at once by a submission in the same
web worker, else by polling every ``JOB_POLL_SECONDS``; no other service is
needed. A separate process, so that translating never holds the web
worker's GIL while it answers (submitting stays a few milliseconds). The job
process dies with its web worker; the lease of its job runs out, and any
other job process takes the job again. Under the Flask development server
or test client the same loop runs in threads of the app's process.
Scale-out: a submission is sent to Celery (``service.celery_app``); the
database claim still decides who runs it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

from service.errors import StorageUnavailable
from service.jobs.execution import execute, worker_name

log = logging.getLogger(__name__)


def _loop(runtime, wake) -> None:
    """Claim and run jobs forever (one thread); ``wake`` is set when a job was just submitted."""
    worker = worker_name()
    poll = float(runtime.config["JOB_POLL_SECONDS"])
    while True:
        wake.wait(poll)
        wake.clear()
        try:
            for job_id in runtime.jobs.claimable(limit=5):
                execute(runtime, runtime.jobs, job_id, worker)
        except StorageUnavailable as err:
            log.warning("job worker: %s", err)
        except Exception:  # a job thread must never die: the next poll tries again
            log.exception("job worker loop")


def _start_threads(runtime, wake) -> None:
    for i in range(int(runtime.config["JOB_WORKERS"])):
        threading.Thread(target=_loop, args=(runtime, wake), name=f"job-worker-{i}", daemon=True).start()


def _process_main(config: dict, wake, parent: int) -> None:
    """The job process: dies with its web worker, loads the models once, then runs the job threads."""
    from service.facade import Runtime
    from service.processes import die_with_parent

    die_with_parent(parent)
    with contextlib.suppress(OSError):
        os.nice(10)  # web requests first: submitting and reading pages stay fast while articles translate
    runtime = Runtime(config)
    if config.get("WARM_UP"):
        try:
            runtime.warm()
        except Exception as err:  # a broken model must not stop the jobs: they report it
            log.warning("job process warm-up failed: %s", err)
    _start_threads(runtime, wake)
    threading.Event().wait()


class LocalExecutor:
    """The embedded executor of one web process: a job process (gunicorn) or job threads (development)."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.wake = threading.Event()
        self._pid: int | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Job threads in this process (development server, test client); once per process."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self.wake = threading.Event()
            _start_threads(self.runtime, self.wake)

    def start_process(self) -> None:
        """A job process beside this web worker (``post_worker_init``); its settings are this app's."""
        import multiprocessing

        from service import settings as service_config

        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            context = multiprocessing.get_context("spawn")
            self.wake = context.Event()
            settings = {
                key: self.runtime.config[key] for key in service_config.defaults() if key in self.runtime.config
            }
            context.Process(
                target=_process_main, args=(settings, self.wake, os.getpid()), name="job-process", daemon=True
            ).start()


def dispatch(runtime, job_id: str) -> None:
    """Tell an executor that ``job_id`` waits; if the broker is down the job stays queued and is re-sent later."""
    if runtime.config.get("BROKER_URL"):
        from service.jobs.celery_worker import send

        try:
            send(runtime.config, job_id)
        except Exception as err:  # the row is durable: a worker's sweep re-sends queued jobs
            log.warning("job %s: broker unavailable (%s); it stays queued", job_id, err)
        return
    runtime.executor.start()
    runtime.executor.wake.set()
