"""Processes that heal: a killed job process comes back (and /health says degraded meanwhile); a job cancelled
during its last stage leaves nothing saved."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
from pathlib import Path

from service.jobs.execution import CANCELLED, execute
from service.pipeline import run
from tests.support.services import gunicorn_server, worker_pids


def _job_processes(worker: int) -> list[int]:
    """The job process(es) a gunicorn worker spawned (multiprocessing's spawn, not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        parent = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
        if parent == worker and b"spawn_main" in command and b"resource_tracker" not in command:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def _get(url: str) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return json.loads(err.read())


def test_a_killed_job_process_is_restarted_and_health_says_degraded_meanwhile(tmp_path, argos_dir):
    env = {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_WARM_UP": "false"}
    with gunicorn_server(tmp_path / "instance", env, workers=1) as (url, master):
        first = _get(url + "/api/v1/health")
        assert first.get("jobs") == "running", {k: v for k, v in first.items() if k != "engines"}
        (worker,) = worker_pids(master.pid)
        deadline = time.monotonic() + 30
        while not (job_processes := _job_processes(worker)):
            assert time.monotonic() < deadline, "no job process"
            time.sleep(0.1)
        for pid in job_processes:
            os.kill(pid, signal.SIGKILL)
        while any(_running(pid) for pid in job_processes):  # the signal is delivered
            time.sleep(0.01)
        health = _get(url + "/api/v1/health")  # at once: the supervisor waits a second before restarting
        assert health["status"] == "degraded" and health["jobs"] == "stopped", health
        request = urllib.request.Request(
            url + "/api/v1/jobs",
            data=json.dumps({"text": "Titre\n\nLe chat dort. Il pleut à Lyon.", "targets": ["es"]}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            location = url + response.headers["Location"]
        deadline = time.monotonic() + 180
        while (state := _get(location))["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, state
            time.sleep(0.3)
        assert state["status"] == "done", state
        assert _get(url + "/api/v1/health")["jobs"] == "running"
        assert set(_job_processes(worker)).isdisjoint(job_processes)  # a new process ran it


def test_cancelled_during_the_last_stage_nothing_is_saved(app, monkeypatch, sample_text):
    service = app.extensions["service"]
    service.executor = None  # the test runs the job itself, in this thread
    job, _ = service.submit_job(sample_text, service.options({"targets": ["es"], "source": "fr"}))
    real = run.summarise_all

    def cancel_then_summarise(*args, **kwargs):
        service.cancel_job(job.id)  # a person presses Cancel while the summaries are made
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "summarise_all", cancel_then_summarise)
    assert execute(service, service.jobs, job.id, "test-worker") == CANCELLED
    assert service.saved_articles() == []
    finished = service.job(job.id)
    assert finished.status == "cancelled" and finished.article_id is None
    assert service.job_request(job.id) is None  # the text is gone too


def test_a_damaged_cache_is_rebuilt_and_reported(client, app):
    """A cache file damaged while the service was down (a crash, a bad disk): used again at once, not disabled."""
    path = Path(app.config["INSTANCE_PATH"]) / "cache.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 500)
    ask = {"text": "Il pleut à Lyon.", "source": "fr", "targets": ["es"]}
    answer = client.post("/api/v1/translate", json=ask)
    assert answer.status_code == 200 and "Llueve" in answer.get_data(as_text=True)
    cache = app.extensions["service"].translator.cache
    assert cache.count() > 0  # a fresh cache, in use at once (the damaged file cannot be read)
    assert list(path.parent.glob(f"{path.name}.damaged-*"))  # the damaged file is kept for a look
    health = client.get("/api/v1/health").get_json()
    assert "rebuilt" in health["cache"]
