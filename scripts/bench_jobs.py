"""Jobs section of scripts/bench: submitting never waits for translation; the first request after a restart."""

from __future__ import annotations

import json
import os
import signal
import statistics
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "article-fr.txt"


def _post(url: str, body: dict) -> float:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
    return time.perf_counter() - start


def bench_jobs(tmp: Path) -> None:
    from bench import _serve

    text = SAMPLE.read_text(encoding="utf-8")
    print("== Jobs (embedded default: gunicorn, 2 workers, job threads, SQLite)")
    proc, url = _serve(tmp / "jobs-a")
    try:
        bodies = [{"text": f"{text}\n\nNote {i}.", "targets": ["es", "ca"]} for i in range(64)]
        with ThreadPoolExecutor(16) as pool:
            latencies = sorted(pool.map(lambda b: _post(url + "/api/v1/jobs", b), bodies))
        p95 = statistics.quantiles(latencies, n=20)[18]
        p50 = statistics.median(latencies)
        print(f"   POST /api/v1/jobs, 64 submissions from 16 clients: p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms (goal < 50 ms)")  # fmt: skip
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    from tests.test_corpus import load

    names = ("quotidien-national-actualite", "regional-conseil-municipal", "quotidien-analyse", "wire-afp-economie")
    articles = [load(ROOT / "tests" / "corpus" / f"{name}.txt").text for name in names]

    from bench import real_size_package

    from service.translation.argos_packages import install_package

    install_package(real_size_package(tmp / "jobs-archives"), tmp / "jobs-argos")  # fr->en: Argos is loaded too
    targets = ["es", "ca", "en"]

    def timed(folder: str, before: list[str], warm_up: bool = True) -> float:
        """The first article's time on a fresh server, after ``before`` (other articles) were served."""
        extra = {"ARGOS_PACKAGES_DIR": str(tmp / "jobs-argos"), **({} if warm_up else {"SERVICE_WARM_UP": "false"})}
        proc, url = _serve(tmp / folder, extra_env=extra)  # warm-up happens before a worker accepts a request
        try:
            for other in before:
                _post(url + "/api/v1/articles", {"text": other, "targets": targets, "keep": False})
            return _post(url + "/api/v1/articles", {"text": articles[0], "targets": targets, "keep": False})
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)

    first = min(timed(f"first-{i}", []) for i in range(2))
    warm = min(timed(f"warm-{i}", articles[1:]) for i in range(2))
    cold = min(timed(f"cold-{i}", [], warm_up=False) for i in range(2))
    print("   first request after a restart (es, ca by Apertium; en by the real-size synthetic Argos model):")
    print(f"   the same article as the first request after a restart {first:.2f}s, after three other articles "
          f"{warm:.2f}s: ratio {first / warm:.2f} (goal <= 1.5); without the warm-up {cold:.2f}s "
          f"({cold / warm:.2f}x)")  # fmt: skip
