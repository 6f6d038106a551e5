"""Benchmarks of the text layer: sentence splitting and article structure (sections of scripts/bench)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "article-fr.txt"

KINDS: dict[str, Callable[[int], str]] = {
    "press": lambda n: SAMPLE.read_text(encoding="utf-8") * (n // 2000 + 1),
    "long tokens": lambda n: ("x" * 20_000 + ". Le chat. ") * (n // 20_011 + 1),
    "no spaces": lambda n: "abc.Def" * (n // 7 + 1),
    "only full stops": lambda n: "." * n,
    "only guillemets": lambda n: "« " * (n // 2 + 1),
}


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_segment(tmp: Path) -> None:
    from service.text.segmenter import segment

    print("== Segmentation: time at 20k, 200k and 2M characters (linear: 10x the text costs about 10x)")
    for kind, make in KINDS.items():
        times = {}
        for size in (20_000, 200_000, 2_000_000):
            text = make(size)[:size]
            times[size] = _best(lambda text=text: segment(text), 3 if size < 2_000_000 else 1)
        ratio = times[200_000] / max(times[20_000], 1e-6)
        print(
            f"   {kind:<16} 20k {times[20_000] * 1000:7.1f} ms  200k {times[200_000] * 1000:7.1f} ms  "
            f"2M {times[2_000_000]:5.2f} s   200k/20k = {ratio:4.1f} (goal <= 12)   "
            f"200k under 1 s: {'yes' if times[200_000] < 1 else 'NO'}"
        )


def bench_structure(tmp: Path) -> None:
    """Structure (reading, features, the line model, dates) against one article's whole processing.

    Goal (issue 21): structure takes at most 5 % of one article's processing. The corpus articles are
    labelled as they would be one by one (the analyser's memo warm, as in a running service); the
    first, cold article is shown apart (it starts the French analyser and loads dateparser's data).
    """
    import statistics

    from service.models.options import Options
    from service.pipeline.run import process_article
    from service.storage.translation_cache import TranslationCache
    from service.text import morphology
    from service.text.structure import parse_article
    from service.translation.engines.apertium import ApertiumEngine
    from service.translation.translator import Translator
    from tests.support.outlets import articles

    texts = [item.text for item in articles()]
    lines = sum(1 for text in texts for line in text.splitlines() if line.strip())
    morphology._MEMO.clear()
    started = time.perf_counter()
    parse_article(texts[0])
    cold = time.perf_counter() - started
    each = [_best(lambda t=t: parse_article(t), 3) for t in texts]
    per_article = statistics.median(each)
    print("== Structure of the labelled corpora (plain text, Markdown, saved pages)")
    print(
        f"   {len(texts)} articles, {lines} lines: {sum(each) * 1000:.0f} ms in all, median {per_article * 1000:.1f} "
        f"ms per article, slowest {max(each) * 1000:.1f} ms; first article, cold: {cold * 1000:.0f} ms"
    )
    text = SAMPLE.read_text(encoding="utf-8")
    translator = Translator([ApertiumEngine()], TranslationCache(tmp / "structure.sqlite3"))
    options = Options.parse("fr", "es,en,ca")
    t_parse = _best(lambda: parse_article(text), 5)
    t_total = _best(lambda: process_article(translator, text, options), 1)  # first run: nothing cached
    print(
        f"   one article to es,en,ca (Apertium, uncached): structure {t_parse * 1000:.1f} ms of "
        f"{t_total * 1000:.0f} ms = {t_parse / t_total:.1%} of the processing time (goal <= 5%); "
        f"the corpus median article: {per_article / t_total:.1%}"
    )
