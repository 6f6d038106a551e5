"""Three machines on one host: a web node and two Celery workers sharing only Redis and PostgreSQL.

Each process has its own empty instance folder; nothing is shared through
files. Real redis-server and PostgreSQL from Debian, real Celery workers.
"""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request

import pytest

from tests.support.services import celery_worker, gunicorn_server, postgres_server, redis_server

pytestmark = pytest.mark.slow


def _post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read()), dict(err.headers)


def _get(url: str) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read()), dict(err.headers)


def _wait(url: str, statuses=("done", "failed"), timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status, job, _ = _get(url)
        if status == 200 and job["status"] in statuses:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.3)


def test_three_machines_share_only_redis_and_postgres(tmp_path, argos_dir, sample_text):
    with redis_server(tmp_path / "redis", persistent=True) as broker, postgres_server(tmp_path / "pg") as pg:
        shared = {
            "SERVICE_BROKER_URL": broker,
            "SERVICE_DATABASE_URL": pg.url,
            "ARGOS_PACKAGES_DIR": str(argos_dir),
            "SERVICE_JOB_LEASE_SECONDS": "4",
            "SERVICE_WARM_UP": "false",
        }
        with (
            gunicorn_server(tmp_path / "web-a", shared, workers=1) as (web_a, _),
            gunicorn_server(tmp_path / "web-b", shared, workers=1) as (web_b, _),
            celery_worker(tmp_path / "worker-1", shared) as first,
        ):
            # A job posted to one web node is run by a worker; its article is read from the other node.
            status, job, headers = _post(web_a + "/api/v1/jobs", {"text": sample_text, "targets": ["es", "ca"]})
            assert status == 202, job
            done = _wait(web_b + headers["Location"])
            assert done["status"] == "done" and done["attempts"] == 1
            status, article, _ = _get(web_b + f"/api/v1/articles/{done['article_id']}")
            assert status == 200 and set(article["targets"]) == {"es", "ca"}
            assert not (tmp_path / "web-a" / "articles.sqlite3").exists()  # nothing went to local files
            assert not (tmp_path / "worker-1" / "jobs.sqlite3").exists()

            # SIGKILL the worker running a long job: a second worker, started after, completes it.
            long_text = "\n\n".join([sample_text] * 8)
            status, job, headers = _post(web_a + "/api/v1/jobs", {"text": long_text, "targets": ["es", "ca", "en"]})
            _wait(web_a + headers["Location"], ("running",), 120)
            os.killpg(first.pid, signal.SIGKILL)  # the only worker, mid-job: main process and its children
            with celery_worker(tmp_path / "worker-2", shared) as second:
                survivor = _wait(web_a + headers["Location"], timeout=300)
                assert survivor["status"] == "done" and survivor["attempts"] == 2, survivor
                assert second.poll() is None

                # Redis restarted while jobs wait: they still complete.
                jobs = [_post(web_a + "/api/v1/jobs", {"text": f"{sample_text}\n\nNote {i}.", "targets": ["es"]})
                        for i in range(3)]  # fmt: skip
                port = int(broker.rsplit(":", 1)[1].split("/")[0])
                restarted = restart_redis(tmp_path / "redis", port)
                try:
                    for _, _job, headers in jobs:
                        assert _wait(web_b + headers["Location"], timeout=300)["status"] == "done"
                finally:
                    restarted.terminate()
                    restarted.wait(timeout=10)

            # PostgreSQL down: 503 with Retry-After, not 500; back up: served again.
            pg.stop()
            status, body, headers = _post(web_a + "/api/v1/jobs", {"text": sample_text, "targets": ["es"]})
            assert status == 503 and body["error"]["code"] == "storage_unavailable" and headers.get("Retry-After")
            status, body, headers = _get(web_b + "/api/v1/articles")
            assert status == 503 and headers.get("Retry-After")
            pg.start()
            status, body, _ = _get(web_b + "/api/v1/articles")
            assert status == 200 and len(body["articles"]) == 5


def restart_redis(folder, port: int):
    """Stop the redis-server on ``port`` (its append-only file stays in ``folder``) and start it again there."""
    import shutil
    import subprocess

    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                cmd = handle.read().split(b"\0")
        except OSError:
            continue
        if cmd and cmd[0].endswith(b"redis-server") and str(port).encode() in cmd:
            os.kill(int(pid), signal.SIGTERM)
    time.sleep(1.5)
    return subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
         "--appendfsync", "always", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_batch_queue_writes_the_same_outputs_as_a_local_run(tmp_path, argos_dir, sample_text):
    from click.testing import CliRunner

    from service.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "grenoble.txt").write_text(sample_text, encoding="utf-8")
    (folder / "lyon.txt").write_text(sample_text.replace("Grenoble", "Lyon"), encoding="utf-8")
    (folder / "vide.txt").write_text("", encoding="utf-8")
    args = ["batch", str(folder), "--to", "es,ca", "-q", "--formats", "json,md,html,txt"]
    local = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "local")], catch_exceptions=False)
    assert local.exit_code == 1  # the empty file
    with redis_server(tmp_path / "redis") as broker, postgres_server(tmp_path / "pg") as pg:
        shared = {"SERVICE_BROKER_URL": broker, "SERVICE_DATABASE_URL": pg.url, "ARGOS_PACKAGES_DIR": str(argos_dir),
                  "SERVICE_WARM_UP": "false"}  # fmt: skip
        with celery_worker(tmp_path / "worker", shared):
            env = {**shared, "SERVICE_INSTANCE_PATH": str(tmp_path / "batch-instance")}
            queued = CliRunner(env=env).invoke(main, [*args, "--queue", "--out", str(tmp_path / "queued")])
            assert queued.exit_code == 1, queued.output
            again = CliRunner(env=env).invoke(main, [*args, "--queue", "--out", str(tmp_path / "queued")])
            assert "2 unchanged" in again.output  # resume works as for a local run
        # Both articles are in the shared archive, once each, and the search finds them in Spanish too.
        from service.models.archive import SearchQuery
        from service.storage.articles import ArticleStore

        archive = ArticleStore(pg.url)
        assert archive.search(SearchQuery.parse({"q": "Lyon"})).total == 1
        assert archive.search(SearchQuery.parse({"q": "tranvía", "language": "es"})).total == 2
    local_files = {p.name for p in (tmp_path / "local").iterdir()} - {"manifest.json"}
    assert {p.name for p in (tmp_path / "queued").iterdir()} - {"manifest.json"} == local_files
    for name in ("grenoble.json", "lyon.json"):
        here, there = (json.loads((tmp_path / d / name).read_text()) for d in ("local", "queued"))
        assert here["sentences"] == there["sentences"] and here["article"] == there["article"]
        assert here["summary"].keys() == there["summary"].keys()
        for code in ("es", "ca"):
            ours, theirs = ([s["text"] for s in doc["targets"][code]["sentences"]] for doc in (here, there))
            # Apertium's name shielding looks at the words of one engine call: a local run sends both
            # articles in one call, the queue one article per job, so a rare sentence may differ.
            assert sum(a == b for a, b in zip(ours, theirs, strict=True)) >= 0.9 * len(ours), code
    manifest = json.loads((tmp_path / "queued" / "manifest.json").read_text())
    assert {e["rel"]: e["status"] for e in manifest["inputs"]} == {"grenoble": "done", "lyon": "done", "vide": "failed"}
    refused = CliRunner().invoke(main, [*args, "--queue", "--out", str(tmp_path / "x")])
    assert refused.exit_code == 2 and "SERVICE_BROKER_URL" in refused.output
