"""Speed sections of scripts/bench (issue 23): short requests, a warm start, the model that ends its sentences.

- ``short``: one-sentence requests fr→es through the JSON API against the raw
  ``apertium`` command, and 8 concurrent clients, with live Apertium pipelines
  and without them (``SERVICE_APERTIUM_LIVE_PIPELINES=0``: every call starts
  the command, as before);
- ``start``: ``scripts/run`` started a second time: seconds from the command to
  the first answered page, and from a first job's submission to its first
  progress beyond "queued";
- ``trained``: Argos on the small trained model that stops at the end of its
  sentences (``tests/data/argos``): ours against raw ``translate_batch``.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _post(url: str, body: dict, timeout: float = 120) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def _sentences(count: int, skip: int = 0) -> list[str]:
    """Different French sentences of our own, each unique to this run (nothing comes from a cache).

    ``skip``: start further into the list (sentences other than the measured ones, to warm a server with).
    """
    from tests.support.corpus import judged_sentences

    run = uuid.uuid4().hex[:6]
    base = [s for s in judged_sentences() if 40 < len(s) < 160]
    return [f"{base[(skip + i) % len(base)]} ({run}{i})" for i in range(count)]


def _one_at_a_time(url: str, sentences: list[str]) -> float:
    """Median seconds of one-sentence POST /api/v1/translate requests sent one after the other."""
    times = []
    for sentence in sentences:
        start = time.perf_counter()
        _post(url + "/api/v1/translate", {"text": sentence, "targets": ["es"]})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_short(tmp: Path) -> None:
    from bench import _serve

    from service.translation.engines.apertium_dictionary import utf8_env

    print("== Short requests: one sentence fr→es through POST /api/v1/translate (gunicorn 2x4, Apertium only)")
    raw_times = []
    for sentence in _sentences(30):
        start = time.perf_counter()
        subprocess.run(["apertium", "-u", "fr-es"], input=sentence, capture_output=True, text=True, env=utf8_env())
        raw_times.append(time.perf_counter() - start)
    raw = statistics.median(raw_times)
    results = {}
    for label, env in (("live pipelines", {}), ("apertium command per call", {"SERVICE_APERTIUM_LIVE_PIPELINES": "0"})):
        proc, url = _serve(tmp / f"short-{len(results)}", extra_env={"SERVICE_ENGINES": "apertium", **env})
        try:
            _post(url + "/api/v1/translate", {"text": "Bonjour à tous.", "targets": ["es"]})
            cold = _one_at_a_time(url, _sentences(30))  # the first requests after a start
            # A server that has run a while: every worker has met other sentences (its look-up processes
            # started, common words remembered); the 30 measured are new to it.
            _one_at_a_time(url, _sentences(60, skip=100))
            warm = _one_at_a_time(url, _sentences(30, skip=30))
            compatible = []  # LibreTranslate's answer carries no doubt: no second route is asked
            for sentence in _sentences(30):
                start = time.perf_counter()
                _post(url + "/translate", {"q": sentence, "source": "fr", "target": "es"})
                compatible.append(time.perf_counter() - start)
            queue = _sentences(240)
            lock = threading.Lock()

            def client(queue=queue, lock=lock, url=url) -> None:
                while True:
                    with lock:
                        if not queue:
                            return
                        sentence = queue.pop()
                    _post(url + "/api/v1/translate", {"text": sentence, "targets": ["es"]})

            start = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            rate = 240 / (time.perf_counter() - start)
            results[label] = (warm, rate, statistics.median(compatible), cold)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
    live, before = results["live pipelines"], results["apertium command per call"]
    print(f"   30 new sentences one at a time, server warm: median ours {live[0] * 1000:.0f} ms, raw "
          f"`apertium -u fr-es` {raw * 1000:.0f} ms; without live pipelines {before[0] * 1000:.0f} ms")  # fmt: skip
    print(f"     ours / raw apertium command = {live[0] / raw:.2f}   (goal <= 0.15)")
    print(f"   the first 30 after the server started: median {live[3] * 1000:.0f} ms, {live[3] / raw:.2f} x the raw "
          f"command (each worker starts its look-up processes)")  # fmt: skip
    print(f"   LibreTranslate-compatible POST /translate (no doubts, no second route): median {live[2] * 1000:.0f} ms, "
          f"{live[2] / raw:.2f} x the raw command")  # fmt: skip
    print(f"   8 concurrent clients, 240 one-sentence requests: {live[1]:.1f} requests/s with live pipelines, "
          f"{before[1]:.1f}/s without: {live[1] / before[1]:.1f}x")  # fmt: skip


def bench_start(tmp: Path) -> None:
    """scripts/run a second time (set-up done): seconds to the first page, and to a first job's first step."""
    from tests.support import free_port

    print("== Start: scripts/run, second start (set-up already done), 2 workers")

    def start(label: str) -> tuple[float, float, list[str]]:
        port = free_port()
        env = {**os.environ, "PORT": str(port), "SERVICE_INSTANCE_PATH": str(tmp / "start-instance")}
        log = tmp / f"start-{label}.log"
        begin = time.perf_counter()
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(ROOT / "scripts" / "run")], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        url = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    with urllib.request.urlopen(url + "/", timeout=60) as response:
                        response.read()
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError(log.read_text()[-2000:]) from None
                    time.sleep(0.05)
            first_page = time.perf_counter() - begin
            text = (ROOT / "samples" / "article-fr.txt").read_text(encoding="utf-8") + f"\n\n{uuid.uuid4().hex}."
            submitted = time.perf_counter()
            job = _post(url + "/api/v1/jobs", {"text": text, "targets": ["es", "ca"]})
            stages = []
            while True:
                with urllib.request.urlopen(f"{url}/api/v1/jobs/{job['id']}", timeout=30) as response:
                    stage = json.loads(response.read())["progress"]["stage"]
                if not stages or stages[-1] != stage:
                    stages.append(stage)
                if stage != "queued":
                    break
                time.sleep(0.05)
            return first_page, time.perf_counter() - submitted, stages
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)

    start("first")  # the set-up and the instance folder, once
    page, job, stages = start("second")
    print(f"   command to the first answered page {page:.1f} s   (goal <= 20 s)")
    print(f"   first job: submission to its first progress beyond 'queued' {job:.1f} s ({' → '.join(stages)})"
          "   (goal <= 5 s)")  # fmt: skip


def trained_package(folder: Path) -> Path:
    """The committed model that ends its sentences, installed in ``folder``."""
    from service.translation.argos_packages import install_package

    install_package(ROOT / "tests" / "data" / "argos" / "translate-fr_en-copy.argosmodel", folder)
    return folder


def bench_trained(tmp: Path) -> None:
    from bench import paired_best

    from service.text.segmenter import segment
    from service.translation.engines.argos import ArgosEngine, ArgosSettings, decoding_limit
    from tests.support.corpus import french_texts

    packages = trained_package(tmp / "trained-packages")
    sentences = [s.text for _, text in french_texts()[:40] for s in segment(text)][:400]
    print(f"== Argos on the trained model that ends its sentences: {len(sentences)} sentences of our corpus")
    for beam in (2, 4):
        engine = ArgosEngine([packages], ArgosSettings(beam_size=beam))
        pkg = engine._package("fr", "en")
        translator = engine.translator(pkg)
        tokenizer = pkg.package.tokenizer
        tokens = [tokenizer.encode(" ".join(s.split())) for s in sentences]
        engine.translate(sentences[:2], "fr", "en")

        def raw(tokens=tokens, translator=translator, beam=beam, engine=engine):
            translator.translate_batch(
                tokens,
                beam_size=beam,
                max_batch_size=engine.settings.batch_tokens,
                batch_type="tokens",
                replace_unknowns=True,
                return_scores=True,
                max_decoding_length=decoding_limit(max(len(t) for t in tokens)),
            )

        def ours(engine=engine):
            engine.translate(sentences, "fr", "en")

        t_raw, t_ours = paired_best(raw, ours, repeat=5)  # the least disturbed of five alternate runs
        print(f"   beam {beam}: ours {t_ours:.2f}s ({len(sentences) / t_ours:.0f} sent/s), raw translate_batch "
              f"{t_raw:.2f}s: ours / raw throughput = {t_raw / t_ours:.2f}   (goal >= 0.95)")  # fmt: skip
