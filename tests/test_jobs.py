"""Jobs in the embedded default: 202 at once, progress, idempotency, cancellation, durability, the job page."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import urllib.request

import pytest

from service.jobs.execution import advance
from service.progress import Event, Stage
from service.storage.jobs import initial_progress
from tests.support import follow_job, make_app
from tests.support.openapi import conforms


def wait_for(client, location: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(location).get_json()
        if job["status"] in ("done", "failed", "cancelled") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def test_job_answers_202_then_reports_progress_and_the_article(client, sample_text):
    response = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es", "ca"]})
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "queued" and body["progress"]["done"] == 0  # nothing was translated before answering
    assert response.headers["Location"] == f"/api/v1/jobs/{body['id']}"
    assert body["progress"]["total"] == 6 and set(body["progress"]["targets"]) == {"es", "ca"}
    conforms(response, "/jobs", "post")
    seen = set()
    deadline = time.monotonic() + 120
    while True:
        job = client.get(response.headers["Location"]).get_json()
        assert "progress" in job, job
        seen.add(job["progress"]["stage"])
        if job["status"] == "done" or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    conforms(client.get(response.headers["Location"]), "/jobs/{id}", "get")
    assert job["status"] == "done" and job["progress"]["done"] == job["progress"]["total"]
    assert job["progress"]["targets"] == {"es": "done", "ca": "done"}
    assert seen & {"translating", "summarising", "segmenting", "starting"}  # progress was visible on the way
    finished = client.delete(response.headers["Location"])
    assert finished.status_code == 409 and finished.get_json()["error"]["code"] == "job_finished"
    article = client.get(job["article"]).get_json()
    assert set(article["targets"]) == {"es", "ca"} and article["id"] == job["article_id"]


def test_idempotency_key_returns_the_same_job(client, sample_text):
    body = {"text": sample_text, "targets": ["es"]}
    first = client.post("/api/v1/jobs", json=body, headers={"Idempotency-Key": "abc-1"})
    again = client.post("/api/v1/jobs", json=body, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == 202 and again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    crlf = client.post("/api/v1/jobs", json={**body, "text": sample_text.replace("\n", "\r\n")},
                       headers={"Idempotency-Key": "abc-1"})  # fmt: skip
    assert crlf.status_code == 200 and crlf.get_json()["id"] == first.get_json()["id"]  # same text once normalised
    other = client.post("/api/v1/jobs", json={**body, "targets": ["ca"]}, headers={"Idempotency-Key": "abc-1"})
    assert other.status_code == 422 and other.get_json()["error"]["code"] == "idempotency_key_reused"
    conforms(again, "/jobs", "post")
    conforms(other, "/jobs", "post")
    fresh = client.post("/api/v1/jobs", json=body)
    assert fresh.status_code == 202 and fresh.get_json()["id"] != first.get_json()["id"]
    wait_for(client, first.headers["Location"])
    wait_for(client, fresh.headers["Location"])
    assert len(client.get("/api/v1/articles").get_json()["articles"]) == 2


def test_prefer_respond_async_and_bad_jobs(client, sample_text):
    async_ = client.post("/api/v1/articles", json={"text": sample_text, "targets": ["es"]},
                         headers={"Prefer": "respond-async"})  # fmt: skip
    assert async_.status_code == 202 and async_.headers["Preference-Applied"] == "respond-async"
    assert wait_for(client, async_.headers["Location"])["status"] == "done"
    sync = client.post("/api/v1/articles", json={"text": sample_text, "targets": ["es"], "keep": False},
                       headers={"Prefer": "respond-async"})  # fmt: skip
    assert sync.status_code == 200 and "Preference-Applied" not in sync.headers  # not stored: answered at once
    assert client.post("/api/v1/jobs", json={"text": "  ", "targets": ["es"]}).status_code == 422
    assert client.post("/api/v1/jobs", json={"text": "x", "targets": ["zz"]}).status_code == 422
    refused = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"], "keep": False})
    assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "keep"
    assert client.get("/api/v1/jobs/nope").status_code == 404
    assert client.delete("/api/v1/jobs/nope").status_code == 404


def test_failed_job_reports_code_and_message(client):
    english = "The council voted the budget on Monday. It was raining in London all day long."
    response = client.post("/api/v1/jobs", json={"text": english, "source": "auto", "targets": ["en"]})
    job = wait_for(client, response.headers["Location"])
    assert job["status"] == "failed" and job["error"]["code"] == "same_language" and "source" in job["error"]["message"]


def test_cancel_a_queued_job(tmp_path, argos_dir, sample_text):
    app = make_app(tmp_path / "instance", argos_dir, JOB_WORKERS=0)  # nobody runs jobs: it stays queued
    client = app.test_client()
    response = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"]})
    assert client.get(response.headers["Location"]).get_json()["status"] == "queued"
    cancelled = client.delete(response.headers["Location"])
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert client.delete(response.headers["Location"]).get_json()["status"] == "cancelled"  # idempotent


def test_cancel_a_running_job_stops_it(client, sample_text):
    text = "\n\n".join([sample_text] * 6)
    response = client.post("/api/v1/jobs", json={"text": text, "targets": ["es", "ca", "en", "pt"]})
    deadline = time.monotonic() + 60
    while client.get(response.headers["Location"]).get_json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert client.delete(response.headers["Location"]).get_json()["status"] == "cancelled"
    time.sleep(3)
    job = client.get(response.headers["Location"]).get_json()
    assert job["status"] == "cancelled" and job["article_id"] is None
    assert client.get("/api/v1/articles").get_json()["articles"] == []


def test_form_submits_a_job_once_and_the_page_follows_it(client, sample_text):
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "text": sample_text, "targets": ["es"]}
    first, second = client.post("/articles", data=data), client.post("/articles", data=data)
    assert first.headers["Location"] == second.headers["Location"] and "/jobs/" in first.headers["Location"]
    waiting = client.get(first.headers["Location"]).get_data(as_text=True)
    if 'id="job"' in waiting:  # still running: the page refreshes itself without JavaScript
        assert '<meta http-equiv="refresh" content="2">' in waiting and "<progress" in waiting
    result = follow_job(client, first)
    assert result.status_code == 200 and "side-by-side" in result.get_data(as_text=True)
    assert len(client.get("/api/v1/articles").get_json()["articles"]) == 1  # pressed twice, saved once
    status = client.get(first.headers["Location"] + ".json").get_json()
    assert status["status"] == "done" and status["next"]


def test_progress_follows_the_stages():
    progress = initial_progress(["es", "en"])
    assert progress["done"] == 0 and progress["total"] == 6
    progress = advance(progress, Event(Stage.SEGMENTING))
    assert progress["stage"] == "segmenting" and progress["done"] == 0
    progress = advance(progress, Event(Stage.TRANSLATING, "es", ("fr", "es", "apertium")))
    assert progress["targets"] == {"es": "translating", "en": "waiting"} and progress["done"] == 1
    progress = advance(progress, Event(Stage.TRANSLATING, "en", ("es", "en", "apertium")))
    assert progress["targets"]["en"] == "translating"
    progress = advance(progress, Event(Stage.SUMMARISING, "es"))
    assert progress["targets"] == {"es": "summarising", "en": "translated"} and progress["done"] == 3
    progress = advance(progress, Event(Stage.SUMMARISING, "en"))
    assert progress["targets"] == {"es": "done", "en": "summarising"} and progress["done"] == 4


@pytest.mark.slow
def test_sigkilled_gunicorn_worker_does_not_lose_the_job(tmp_path, argos_dir, sample_text):
    from tests.support.services import gunicorn_server, worker_pids

    env = {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_JOB_LEASE_SECONDS": "3", "SERVICE_WARM_UP": "false"}
    with gunicorn_server(tmp_path / "instance", env, workers=1, threads=2) as (url, master):
        text = "\n\n".join([sample_text] * 8)
        request = urllib.request.Request(
            url + "/api/v1/jobs", data=json.dumps({"text": text, "targets": ["es", "ca", "en"]}).encode(),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 202
            location = url + response.headers["Location"]

        def job() -> dict:
            with urllib.request.urlopen(location, timeout=30) as answer:
                return json.loads(answer.read())

        deadline = time.monotonic() + 60
        while job()["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        for pid in worker_pids(master.pid):
            os.kill(pid, signal.SIGKILL)  # the worker running the job dies; gunicorn starts another
        deadline = time.monotonic() + 180
        while (state := job())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, state
            time.sleep(0.3)
        assert state["status"] == "done" and state["attempts"] == 2, state


def test_a_cancellation_after_the_last_check_deletes_the_saved_article(tmp_path, argos_dir, sample_text):
    """Cancelled between the check before saving and the end: the article just saved is deleted again.

    The race is made certain, not waited for: the job's own store, on the same database, takes the
    cancellation (as ``DELETE /jobs/<id>`` would) just before it records the end.
    """
    from service.jobs.execution import execute
    from service.storage.jobs import CANCELLED, JobStore

    app = make_app(tmp_path / "instance", argos_dir, JOB_WORKERS=0)
    client = app.test_client()
    service = app.extensions["service"]
    response = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"]})
    job_id = response.get_json()["id"]

    class CancelledAtTheEnd(JobStore):
        def finish(self, *args, **kwargs) -> bool:
            self.cancel(job_id)
            return super().finish(*args, **kwargs)

    store = CancelledAtTheEnd(service._location("jobs"))
    assert execute(service, store, job_id, "worker-1") == CANCELLED
    job = client.get(response.headers["Location"]).get_json()
    assert job["status"] == "cancelled" and job["article_id"] is None
    assert client.get("/api/v1/articles").get_json()["articles"] == []
