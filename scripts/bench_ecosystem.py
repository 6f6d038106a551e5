"""Ecosystem section of scripts/bench: LibreTranslate-style batching, and the cost of keeping a document's format."""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "article-fr.txt"


def _sentences(count: int) -> list[str]:
    """Different sentences every run: nothing comes from the cache."""
    from service.text.segmenter import segment

    run = uuid.uuid4().hex[:6]
    base = [s.text for s in segment(SAMPLE.read_text(encoding="utf-8")) if len(s.text) > 40]
    return [f"{base[i % len(base)]} ({run}-{i})" for i in range(count)]


def _post(url: str, body: bytes, content_type: str) -> bytes:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.read()


def bench_ecosystem(tmp: Path) -> None:
    from bench import _serve

    proc, url = _serve(tmp)
    try:
        _post(
            url + "/translate",
            json.dumps({"q": "Bonjour.", "source": "fr", "target": "es"}).encode(),
            "application/json",
        )
        sentences = _sentences(50)
        start = time.perf_counter()
        _post(
            url + "/translate",
            json.dumps({"q": sentences, "source": "fr", "target": "es"}).encode(),
            "application/json",
        )
        t_list = time.perf_counter() - start
        sentences = _sentences(50)
        start = time.perf_counter()
        for sentence in sentences:
            _post(
                url + "/translate",
                json.dumps({"q": sentence, "source": "fr", "target": "es"}).encode(),
                "application/json",
            )
        t_each = time.perf_counter() - start
        print("== Ecosystem: LibreTranslate-compatible /translate, 50 sentences to es (gunicorn, Apertium, uncached)")
        print(f"   one call with a 50-item q list {t_list:.2f}s, 50 separate calls {t_each:.2f}s: "
              f"the list is {t_each / t_list:.1f}x faster (goal >= 10x)")  # fmt: skip
        text = "\n\n".join(_sentences(40))
        start = time.perf_counter()
        _post(url + "/api/v1/translate", json.dumps({"text": text, "targets": ["es"]}).encode(), "application/json")
        t_text = time.perf_counter() - start
        html_body = "<html><body>" + "".join(f"<p>{p}</p>" for p in _sentences(40)) + "</body></html>"
        boundary = "bench"
        payload = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="target"\r\n\r\nes\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.html"\r\n'
            f"Content-Type: text/html\r\n\r\n{html_body}\r\n--{boundary}--\r\n"
        ).encode()
        start = time.perf_counter()
        _post(url + "/api/v1/documents", payload, f"multipart/form-data; boundary={boundary}")
        t_doc = time.perf_counter() - start
        print(f"   40 paragraphs as text {t_text:.2f}s, as an HTML document {t_doc:.2f}s: "
              f"overhead {t_doc / t_text:.2f}x (goal <= 1.3)")  # fmt: skip
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
