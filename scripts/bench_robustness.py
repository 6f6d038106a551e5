"""Robustness figures (a section of scripts/bench): crafted inputs at 3 sizes, and /health beside slow clients.

Each crafted shape runs in a fresh process, so the peak memory printed is
that process's whole resident peak (imports included: compare the sizes of
one row). Goal: time about doubles when the size doubles (linear), and the
peak stays under 500 MB at the largest accepted input (``MAX_TEXT_CHARS``).
"""

from __future__ import annotations

import contextlib
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (50_000, 100_000, 200_000)  # characters; 200,000 is the largest accepted text

# name -> (the path it exercises, imports, the call that builds the input from n and runs the path on it)
_SENTENCES = "'Titre\\n\\n' + ''.join(f'Le conseil vote la mesure m{i}a m{i}b m{i}c.\\n' for i in range(n // 45))"
SHAPES: dict[str, tuple[str, str, str]] = {
    "word run (spans)": (
        "protected spans",
        "from service.translation.placeholders import find_spans",
        "find_spans('a' * n)",
    ),
    "digits (spans)": (
        "protected spans",
        "from service.translation.placeholders import find_spans",
        "find_spans('1' * n)",
    ),
    "« » runs (tidy)": (
        "guillemet re-wrapping",
        "from service.translation.punctuation import tidy",
        "tidy('a «» ' * (n // 6), '« a » ' * (n // 6), 'en')",
    ),
    "spaces (tidy)": (
        "punctuation",
        "from service.translation.punctuation import tidy",
        "tidy('a' + ' ' * n + ',', 'a', 'en')",
    ),
    "capitals (names)": (
        "names",
        "from service.translation import names as m",
        "t = 'Jean ' * (n // 5); m.names_in(t, m.orthographic_tokens(t))",
    ),
    "elisions (names)": (
        "names",
        "from service.translation import names as m",
        't = "l\'" * (n // 2); m.names_in(t, m.orthographic_tokens(t))',
    ),
    "spaces (structure)": (
        "article structure",
        "from service.text.structure import parse_article",
        "parse_article('Titre\\n\\na' + ' ' * n + 'b.', 'fr')",
    ),
    # Every pair of sentences shares three words (the densest graph), none is a near-duplicate of another.
    "linked sentences (text-rank)": (
        "structure + summary",
        "from service.pipeline.run import process_article; from service.models.options import Options; "
        "process_article(None, 'Titre\\n\\nLe chat dort.', Options())",
        f"process_article(None, {_SENTENCES}, Options(algorithm='text-rank'))",
    ),
    "linked sentences (lex-rank)": (
        "structure + summary",
        "from service.pipeline.run import process_article; from service.models.options import Options; "
        "process_article(None, 'Titre\\n\\nLe chat dort.', Options())",
        f"process_article(None, {_SENTENCES}, Options(algorithm='lex-rank'))",
    ),
    "attributes (HTML bound)": (
        "HTML count before extractors",
        "from service.text.limits import html_counts",
        "html_counts('<p ' + 'a ' * (n // 2) + '>x</p>')",
    ),
}

_RUNNER = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
n = {n}
{imports}
start = time.perf_counter()
{call}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _measure(imports: str, call: str, n: int) -> dict:
    program = _RUNNER.format(root=str(ROOT), n=n, imports=imports, call=call)
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=900, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_robustness(tmp: Path) -> None:
    print("== Robustness: crafted inputs, time and peak memory at 3 sizes (goal: linear, < 500 MB at 200k)")
    print(f"{'shape':34} {'path':28} " + " ".join(f"{s // 1000:>5}k s  MB" for s in SIZES) + "  x(200k/50k)")
    for name, (path, imports, call) in SHAPES.items():
        rows = [_measure(imports, call, n) for n in SIZES]
        cells = " ".join(f"{r['seconds']:8.3f} {r['peak_mb']:4.0f}" for r in rows)
        ratio = rows[-1]["seconds"] / max(rows[0]["seconds"], 1e-6)
        print(f"{name:34} {path:28} {cells}  {ratio:5.1f}", flush=True)
    bench_slow_clients(tmp)


def _drip(host: str, port: int, stop: threading.Event) -> None:
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(b"POST /api/v1/translate HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        while not stop.wait(5.0):
            try:
                sock.sendall(b"x")
            except OSError:
                return


def _health_latency(url: str, times: int = 10) -> list[float]:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(url + "/api/v1/health", timeout=60).close()
        out.append(time.perf_counter() - start)
    return out


def bench_slow_clients(tmp: Path) -> None:
    """/health latency alone, then with 10 connections sending a byte every 5 s (goal: <= 1 s)."""
    sys.path.insert(0, str(ROOT))
    from tests.support.services import gunicorn_server

    print("== Slow clients: /health latency (gunicorn as scripts/run starts it: 2 gevent workers)")
    with gunicorn_server(tmp / "slow-clients", {"SERVICE_WARM_UP": "0"}) as (url, _):
        alone = _health_latency(url)
        stop = threading.Event()
        host, port = url.removeprefix("http://").split(":")
        clients = [threading.Thread(target=_drip, args=(host, int(port), stop), daemon=True) for _ in range(10)]
        for client in clients:
            client.start()
        time.sleep(6)  # every slow client connected and has dripped once
        try:
            crowded = _health_latency(url)
        finally:
            stop.set()
    for label, figures in (("alone", alone), ("10 slow clients", crowded)):
        print(f"  {label:16} median {statistics.median(figures) * 1000:7.1f} ms   max {max(figures) * 1000:7.1f} ms")
