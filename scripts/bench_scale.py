"""Scale section of scripts/bench: articles per minute with 1 and 2 Celery workers (Redis + PostgreSQL).

The same services as the tests (Debian's redis-server and PostgreSQL on free
local ports); the articles are translated into es and ca by Apertium and
into en by the real-size synthetic Argos model, so both engines do work.
"""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 8


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def _run(url: str, texts: list[str]) -> float:
    """Seconds from the first submission to the last job done."""
    start = time.perf_counter()
    ids = [_post(url + "/api/v1/jobs", {"text": t, "targets": ["es", "ca", "en"]})["id"] for t in texts]
    for job_id in ids:
        while (job := _get(f"{url}/api/v1/jobs/{job_id}"))["status"] not in ("done", "failed", "cancelled"):
            time.sleep(0.2)
        if job["status"] != "done":
            raise RuntimeError(f"job {job_id}: {job}")
    return time.perf_counter() - start


def _clear_cache(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DELETE FROM translation_cache")


def bench_scale(tmp: Path) -> None:
    import pytest
    from bench import _serve, real_size_package

    from service.translation.argos_packages import install_package
    from tests.support.services import celery_worker, postgres_server, redis_server
    from tests.test_corpus import load

    print("== Scale-out: Celery workers, Redis broker, PostgreSQL store (es, ca by Apertium; en by Argos)")
    install_package(real_size_package(tmp / "scale-archives"), tmp / "scale-argos")
    corpus = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
    try:
        with redis_server(tmp / "redis") as broker, postgres_server(tmp / "pg") as pg:
            env = {"SERVICE_BROKER_URL": broker, "SERVICE_DATABASE_URL": pg.url,
                   "ARGOS_PACKAGES_DIR": str(tmp / "scale-argos")}  # fmt: skip
            proc, url = _serve(tmp, extra_env=env)
            try:
                rates = {}
                for count in (1, 2):
                    workers = [celery_worker(tmp / f"worker-{count}-{i}", env) for i in range(count)]
                    started = [w.__enter__() for w in workers]
                    try:
                        _run(url, [f"Bonjour {uuid.uuid4().hex}. Il pleut." for _ in range(count * 2)])  # models up
                        run = uuid.uuid4().hex[:6]
                        texts = [f"{load(corpus[i % len(corpus)]).text}\n\nRéf. {run}-{i}." for i in range(ARTICLES)]
                        _clear_cache(pg.url)  # both runs translate every sentence
                        seconds = _run(url, texts)
                    finally:
                        for worker, process in zip(workers, started, strict=True):
                            worker.__exit__(None, None, None)
                            del process
                    rates[count] = ARTICLES / seconds * 60
                    print(
                        f"   {count} worker(s): {ARTICLES} articles in {seconds:.1f}s = {rates[count]:.1f} articles/min"
                    )
                print(f"   2 workers / 1 worker = {rates[2] / rates[1]:.2f}x on 2 cores; per worker (one core each): "
                      f"about {rates[1]:.0f} articles/min to multiply by machines")  # fmt: skip
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=60)
    except pytest.skip.Exception as skipped:
        print(f"   skipped: {skipped}")
