"""The embedded executor: jobs run beside the web app, with no other service.

Each gunicorn worker starts one job process (``start_process``, from
``post_worker_init``) running ``JOB_WORKERS`` threads that claim waiting jobs
from the instance database, woken at once by a submission in the same web
worker, else by polling every ``JOB_POLL_SECONDS``. A separate process, so
that translating never holds the web worker's GIL while it answers
(submitting stays a few milliseconds). The job process dies with its web
worker; the lease of its job runs out, and any other job process takes the
job again. Under the Flask development server or test client the same loop
runs in threads of the app's process (``start``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time

from service.errors import StorageUnavailable
from service.facade import Service
from service.jobs.execution import execute, worker_name
from service.settings import defaults

log = logging.getLogger(__name__)


def _loop(service: Service, wake) -> None:
    """Claim and run jobs forever (one thread); ``wake`` is set when a job was just submitted."""
    worker = worker_name()
    poll = float(service.config["JOB_POLL_SECONDS"])
    while True:
        wake.wait(poll)
        wake.clear()
        try:
            service.retention.run_if_due()
            for job_id in service.jobs.claimable(limit=5):
                execute(service, service.jobs, job_id, worker)
        except StorageUnavailable as err:
            log.warning("job worker: %s", err)
        except Exception:  # a job thread must never die: the next poll tries again
            log.exception("job worker loop")


def _start_threads(service: Service, wake) -> None:
    for i in range(int(service.config["JOB_WORKERS"])):
        threading.Thread(target=_loop, args=(service, wake), name=f"job-worker-{i}", daemon=True).start()


def _process_main(config: dict, wake, parent: int) -> None:
    """The job process: dies with its web worker, loads the models once, then runs the job threads."""
    from service.processes import die_with_parent

    die_with_parent(parent)
    with contextlib.suppress(OSError):
        os.nice(10)  # web requests first: submitting and reading pages stay fast while articles translate
    service = Service(config)
    if config.get("WARM_UP"):
        # The job threads claim at once: a job submitted meanwhile says "starting the engines
        # (apertium fr→es)" and runs when they are started, instead of sitting at "queued".
        service.warm_up.begin()
        _start_threads(service, wake)
        try:
            service.warm()
        except Exception as err:  # a broken model must not stop the jobs: they report it
            log.warning("job process warm-up failed: %s", err)
    else:
        _start_threads(service, wake)
    threading.Event().wait()


SUPERVISE_SECONDS = 1.0  # how often the web worker looks at its job process
RESTART_BACKOFF = (1.0, 2.0, 5.0, 15.0, 60.0)  # waits before restarting a job process that keeps dying


class LocalExecutor:
    """The embedded executor of one web process: a job process (gunicorn) or job threads (development).

    The job process is supervised: killed (the OOM killer, a crash), it is started again after a short
    wait, longer if it keeps dying; meanwhile ``alive()`` is False and ``/health`` says "degraded".
    Jobs wait in the database, so queued ones run once it is back and a running one is taken again
    when its lease ends.
    """

    def __init__(self, service: Service):
        self.service = service
        self.wake = threading.Event()
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._process = None
        self.restarts = 0

    def alive(self) -> bool | None:
        """Whether the job process runs (None: jobs run in threads of this process, or not here at all)."""
        process = self._process
        if process is None or self._pid != os.getpid():
            return None
        return process.is_alive()

    def notify(self, job_id: str) -> None:
        """A job was submitted: start the job threads if nothing runs jobs in this process yet, and wake them."""
        self.start()
        self.wake.set()

    def start(self) -> None:
        """Job threads in this process (development server, test client); once per process."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self.wake = threading.Event()
            _start_threads(self.service, self.wake)

    def start_process(self) -> None:
        """A job process beside this web worker (``post_worker_init``); its settings are this app's."""
        import multiprocessing

        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            context = multiprocessing.get_context("spawn")
            self.wake = context.Event()
            config = self.service.config
            settings = {key: config[key] for key in defaults() if key in config}

            def launch():
                process = context.Process(
                    target=_process_main, args=(settings, self.wake, os.getpid()), name="job-process", daemon=True
                )
                process.start()
                return process

            self._process = launch()
            threading.Thread(target=self._supervise, args=(launch,), name="job-supervisor", daemon=True).start()

    def _supervise(self, launch) -> None:
        """Start the job process again whenever it has died (polling: works under gevent's workers too)."""
        deaths = 0
        while True:
            time.sleep(SUPERVISE_SECONDS)
            process = self._process
            if process is None or process.is_alive():
                continue
            wait = RESTART_BACKOFF[min(deaths, len(RESTART_BACKOFF) - 1)]
            log.error("job process %s died (exit %s); restarting it in %gs", process.pid, process.exitcode, wait)
            deaths += 1
            time.sleep(wait)
            try:
                self._process = launch()
                self.restarts += 1
            except Exception:  # out of memory or processes: try again at the next look
                log.exception("could not restart the job process")


def executor_for(service: Service):
    """The executor this deployment uses: Celery workers when a broker is configured, else jobs beside the app."""
    if service.config.get("BROKER_URL"):
        from service.jobs.celery_worker import CeleryDispatcher

        return CeleryDispatcher(service.config)
    return LocalExecutor(service)
