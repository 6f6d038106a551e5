"""Load section of scripts/bench: latency percentiles at 1, 4 and 16 clients, every request a different text."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

TOWNS = ("Annecy", "Brest", "Colmar", "Dijon", "Évian", "Foix", "Gap", "Hyères", "Istres", "Jarnac", "Lens", "Metz")


def _text(n: int) -> str:
    """A short article, different for every request (nothing is served from the cache)."""
    town = TOWNS[n % len(TOWNS)]
    return (
        f"Conseil municipal de {town}\n\n"
        f"Le conseil municipal de {town} a voté {n} délibérations lors de sa séance de mardi. "
        f"Le budget de la commune augmente de {n % 9 + 1} % pour financer la rénovation de {n % 5 + 2} écoles. "
        "L'opposition a dénoncé une hausse des impôts locaux."
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def bench_load(tmp: Path) -> None:
    from bench import _serve  # the same gunicorn set-up as the web section

    proc, url = _serve(tmp)
    counter = iter(range(10**9))
    lock = threading.Lock()
    limit = 120.0  # SERVICE_REQUEST_TIME_LIMIT's default
    results: dict[int, dict] = {}
    try:

        def post() -> tuple[float, bool]:
            with lock:
                n = next(counter)
            body = json.dumps({"text": _text(n), "targets": ["es", "en"]}).encode()
            request = urllib.request.Request(
                url + "/api/v1/articles", data=body, headers={"Content-Type": "application/json"}
            )
            begin = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=limit + 10) as response:
                    response.read()
                    ok = response.status == 201
            except (urllib.error.URLError, OSError):
                ok = False
            return time.perf_counter() - begin, ok

        post()  # warm: engines and sumy loaded in at least one worker
        for clients in (1, 4, 16):
            latencies: list[float] = []
            errors = 0
            stop = time.monotonic() + 20
            budget = [25 * clients]  # bounded in count and in time

            def client(latencies=latencies, stop=stop, budget=budget) -> None:
                nonlocal errors
                while time.monotonic() < stop:
                    with lock:
                        if budget[0] <= 0:
                            return
                        budget[0] -= 1
                    took, ok = post()
                    with lock:
                        latencies.append(took)
                        errors += 0 if ok else 1

            threads = [threading.Thread(target=client) for _ in range(clients)]
            start = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - start
            results[clients] = {
                "n": len(latencies),
                "p50": _percentile(latencies, 0.5),
                "p95": _percentile(latencies, 0.95),
                "max": max(latencies),
                "errors": errors,
                "rate": len(latencies) / elapsed,
            }
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    print("== Load: POST /api/v1/articles, a different short article each time, to es,en (gunicorn 2x4, Apertium)")
    for clients, r in results.items():
        print(
            f"   {clients:>2} clients: {r['n']:>3} requests, {r['rate']:.1f}/s, p50 {r['p50'] * 1000:.0f} ms, "
            f"p95 {r['p95'] * 1000:.0f} ms, max {r['max']:.2f} s (limit {limit:.0f} s), errors {r['errors']}"
        )
    print(f"   p95(16 clients) / p50(1 client) = {results[16]['p95'] / results[1]['p50']:.1f}   (goal: 0 errors)")
