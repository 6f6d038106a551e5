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
    proc, url = _serve(tmp / "jobs-b")  # a restart: warm-up happens before the first request is accepted
    try:
        body = {"text": text, "targets": ["es", "ca"], "keep": False}
        first = _post(url + "/api/v1/articles", body)
        warm = min(_post(url + "/api/v1/articles", {**body, "text": f"{text}\n\nN {i}."}) for i in range(3))
        print(f"   first request after restart {first:.2f}s, warm request {warm:.2f}s: "
              f"ratio {first / warm:.2f} (goal <= 1.5)")  # fmt: skip
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
