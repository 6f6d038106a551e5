"""Peer section of scripts/bench: the same workload sent to LibreTranslate itself and to this service.

LibreTranslate is installed from PyPI into a throwaway virtual environment
(``bench-out/libretranslate-venv``, never a project dependency) and started
offline on the same real-size synthetic Argos package as the argos section.
Two settings keep it from downloading anything at boot or on the first
request, and both are bench-only:

- a second (tiny) package, en->fr, is installed beside fr->en: with fewer than
  two packages LibreTranslate's boot fetches the Argos index and every model;
- ``ARGOS_CHUNK_TYPE=SPACY`` with a blank French spaCy pipeline saved inside
  the package folder (``spacy/``): its default sentence splitter (MiniSBD)
  downloads an ONNX model from GitHub on the first translation, and the
  synthetic package has no ``minisbd/`` model to offer instead.

Both servers get the same beam (4, LibreTranslate's default) so their
outputs can be compared sentence by sentence.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench-out" / "libretranslate-venv"
PEER = "libretranslate==1.9.6"
SAMPLE = ROOT / "samples" / "article-fr.txt"
# The model: the trained one that ends its sentences (tests/data/argos, as real models decode), or
# PEER_MODEL=synthetic for the real-size random one, which decodes every sentence to the length cap
# (LibreTranslate takes about 15 s a sentence with it here: then keep PEER_ARTICLES=1, PEER_SHORT=40).
MODEL = os.environ.get("PEER_MODEL", "trained")
ARTICLES = int(os.environ.get("PEER_ARTICLES", "3" if MODEL == "trained" else "1"))
SHORT = int(os.environ.get("PEER_SHORT", "200" if MODEL == "trained" else "40"))
SAME = int(os.environ.get("PEER_SAME", "40" if MODEL == "trained" else "10"))


def _peer_python() -> Path:
    """The throwaway venv's interpreter, created on first use (pip from the registry, torch left out)."""
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "libretranslate").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        # spaCy for the blank sentence splitter (below); whatever version LibreTranslate's pins allow.
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEER, "spacy"], check=True)
    return python


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/languages", timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"LibreTranslate exited:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.5)
    raise RuntimeError(f"LibreTranslate did not start:\n{log.read_text()[-3000:]}")


def _start_peer(tmp: Path, packages: Path, python: Path) -> tuple[subprocess.Popen, str]:
    for package in packages.iterdir():  # a blank spaCy pipeline as the packaged sentence splitter
        subprocess.run(
            [str(python), "-c", f"import spacy; spacy.blank('{package.name[:2]}').to_disk({str(package / 'spacy')!r})"],
            check=True,
        )
    port = _free_port()
    home = tmp / "peer-home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "ARGOS_PACKAGES_DIR": str(packages),
        "ARGOS_CHUNK_TYPE": "SPACY",
        "ARGOS_BEAM_SIZE": "4",
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_DEBUG": "0",
    }
    log = tmp / "peer.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                *(str(VENV / "bin" / "libretranslate"), "--host", "127.0.0.1", "--port", str(port), "--threads", "4"),
                *("--load-only", "fr,en", "--disable-web-ui", "--req-limit", "100000", "--char-limit", "1000000"),
                *("--batch-limit", "1000"),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    _wait(url, proc, log)
    return proc, url


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _sentences(count: int) -> list[str]:
    """Different sentences every call: neither server answers from a cache."""
    from service.text.segmenter import segment

    run = uuid.uuid4().hex[:6]
    base = [s.text for s in segment(SAMPLE.read_text(encoding="utf-8")) if 40 < len(s.text) < 200]
    return [f"{base[i % len(base)]} ({run}{i})" for i in range(count)]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def _workload(url: str) -> dict:
    """ARTICLES articles of 50 sentences one after the other; then SHORT short requests from 4 clients."""
    article_times = []
    for _ in range(ARTICLES):
        text = " ".join(_sentences(50))
        start = time.perf_counter()
        _post(url + "/translate", {"q": text, "source": "fr", "target": "en"})
        article_times.append(time.perf_counter() - start)
    short = _sentences(SHORT)

    def one(sentence: str) -> float:
        start = time.perf_counter()
        _post(url + "/translate", {"q": sentence, "source": "fr", "target": "en"})
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        short_times = list(pool.map(one, short))
    return {"article": article_times, "short": short_times, "short_wall": time.perf_counter() - start}


def bench_peer(tmp: Path) -> None:
    from bench import _serve, real_size_package

    from service.translation.argos_packages import install_package
    from tests.synthetic_argos import build_package

    model = "the trained fr->en model that ends its sentences" if MODEL == "trained" else "real-size random fr->en"
    print(f"== Peer: LibreTranslate 1.9.6 (PyPI, throwaway venv) vs this service, same Argos model ({model})")
    try:
        python = _peer_python()
    except subprocess.CalledProcessError as err:
        print(f"   cannot install {PEER} into {VENV}: {err}")
        return
    if MODEL == "trained":
        archive = ROOT / "tests" / "data" / "argos" / "translate-fr_en-copy.argosmodel"
    else:
        archive = real_size_package(tmp / "archives")
    tiny = build_package(tmp / "archives", "en", "fr", seed=3)
    ours_dir, peer_dir = tmp / "ours-packages", tmp / "peer-packages"
    for archive_path in (archive, tiny):
        install_package(archive_path, ours_dir)
        install_package(archive_path, peer_dir)
    peer, peer_url = _start_peer(tmp, peer_dir, python)
    ours, ours_url = _serve(
        tmp,
        extra_env={"ARGOS_PACKAGES_DIR": str(ours_dir), "SERVICE_ARGOS_BEAM_SIZE": "4", "SERVICE_ENGINES": "argos"},
    )
    try:
        for url in (peer_url, ours_url):  # load the model outside the timings
            _post(url + "/translate", {"q": "Bonjour à tous.", "source": "fr", "target": "en"})
        same = _sentences(SAME)
        theirs = _post(peer_url + "/translate", {"q": same, "source": "fr", "target": "en"})["translatedText"]
        mine = _post(ours_url + "/translate", {"q": same, "source": "fr", "target": "en"})["translatedText"]
        identical = sum(a.strip() == b.strip() for a, b in zip(theirs, mine, strict=True))
        results = {name: _workload(url) for name, url in (("peer", peer_url), ("ours", ours_url))}
    finally:
        _stop(peer)
        _stop(ours)
    p, o = results["peer"], results["ours"]
    article_ratio = statistics.mean(p["article"]) / statistics.mean(o["article"])
    peer_line = f"LibreTranslate mean {statistics.mean(p['article']):.2f}s p95 {_p95(p['article']):.2f}s"
    ours_line = f"ours mean {statistics.mean(o['article']):.2f}s p95 {_p95(o['article']):.2f}s"
    print(f"   {ARTICLES} article(s) of 50 sentences: {peer_line}; {ours_line}")
    print(f"     throughput ours/LibreTranslate = {article_ratio:.2f}x (goal >= 3x), "
          f"p95 ratio {_p95(p['article']) / _p95(o['article']):.2f}x")  # fmt: skip
    peer_line = f"LibreTranslate {p['short_wall']:.2f}s p95 {_p95(p['short']) * 1000:.0f} ms"
    ours_line = f"ours {o['short_wall']:.2f}s p95 {_p95(o['short']) * 1000:.0f} ms"
    print(f"   {SHORT} short requests, 4 clients: {peer_line}; {ours_line}")
    print(f"     throughput ours/LibreTranslate = {p['short_wall'] / o['short_wall']:.2f}x (goal >= 5x), "
          f"p95 ratio {_p95(p['short']) / _p95(o['short']):.2f}x")  # fmt: skip
    print(f"   identical translations (same model, beam 4, one sentence per q item): {identical}/{len(same)}")
