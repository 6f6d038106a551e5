"""Memory section of scripts/bench: the translation memory's look-up time, and what it saves a reviewer.

- Look-up time per sentence with 100,000 reviewed pairs stored (SQLite, one language pair): an exact
  look-up (one indexed query) and a fuzzy one (``FuzzyIndex``: candidates sharing a rare word, within the
  length window, scored by rapidfuzz); the goal is 5 ms or less each. The fuzzy index is built once per
  process and language pair (its time is printed too). The pairs are sentences drawn from the words of
  our French test corpus in their frequencies: a few words are common and most rare, as in a newsroom's
  memory (sentences drawn from a few hundred words would make every word common and every look-up slow).
- Two articles of our own on the same story (``samples/story-1-fr.txt``, ``samples/story-2-fr.txt``):
  every sentence of the first is reviewed (accepted as Apertium gave it into Spanish), then the second is
  translated; how many of its sentences come from the memory, and how many get a suggestion.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIRS = 100_000
QUERIES = 300
GOAL_MS = 5.0
TRANSLATED = ("title", "kicker", "standfirst", "caption", "heading", "body")


def _words() -> list[str]:
    """Every word of our French texts (the test corpus of outlets' articles and the samples), repeats kept."""
    files = [*ROOT.glob("tests/corpus/**/*.txt"), *ROOT.glob("tests/corpus/**/*.html"), *ROOT.glob("samples/*fr*.txt")]
    text = re.sub(r"<[^>]+>", " ", "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in files))
    return re.findall(r"[^\W\d_][\w'’-]*|\d+", text)


def _sentences(count: int, seed: int = 24) -> list[str]:
    """News-like French sentences, 8 to 35 words drawn in their frequency in our corpus (so a few are common and
    most are rare, as in a newsroom's memory)."""
    words = _words()
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < count:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 35))).capitalize() + "."
        if sentence not in seen:
            seen.add(sentence)
            out.append(sentence)
    return out


def _edit(sentence: str, rng: random.Random) -> str:
    """A close variant: one word dropped or repeated, as a second article rewrites a sentence."""
    words = sentence.split()
    i = rng.randrange(1, len(words) - 1)
    return " ".join([*words[:i], *words[i + 1 :]] if rng.random() < 0.5 else [*words[:i], "très", *words[i:]])


def lookups(folder: Path) -> dict[str, float]:
    from service.storage.memory import Pair, TranslationMemory

    memory = TranslationMemory.open(folder / "articles.sqlite3")
    sentences = _sentences(PAIRS)
    start = time.perf_counter()
    for chunk in range(0, PAIRS, 10_000):
        memory.remember(Pair("fr", "es", s, s[::-1], time.time()) for s in sentences[chunk : chunk + 10_000])
    stored = time.perf_counter() - start
    rng = random.Random(7)
    present = rng.sample(sentences, QUERIES // 2)
    absent = _sentences(PAIRS + QUERIES // 2, seed=99)[-QUERIES // 2 :]
    exact_times = []
    for sentence in present + absent:
        t = time.perf_counter()
        memory.exact("fr", "es", [sentence])
        exact_times.append(time.perf_counter() - t)
    t = time.perf_counter()
    memory.close("fr", "es", ["Une phrase pour construire l'index."])
    build = time.perf_counter() - t
    close = [_edit(s, rng) for s in present]
    fuzzy_times, found = [], 0
    for sentence in close + absent:
        t = time.perf_counter()
        match = memory.close("fr", "es", [sentence])
        fuzzy_times.append(time.perf_counter() - t)
        found += sentence in close and bool(match)
    return {
        "stored_s": stored,
        "exact_ms": statistics.median(exact_times) * 1000,
        "exact_p95_ms": sorted(exact_times)[int(len(exact_times) * 0.95)] * 1000,
        "fuzzy_ms": statistics.median(fuzzy_times) * 1000,
        "fuzzy_p95_ms": sorted(fuzzy_times)[int(len(fuzzy_times) * 0.95)] * 1000,
        "index_s": build,
        "recall": found / len(close),
    }


def second_article(folder: Path) -> dict[str, int]:
    from service import settings
    from service.facade import Service
    from service.models.options import Options

    config = settings.from_env()
    config.update({"INSTANCE_PATH": str(folder / "story"), "ARGOS_PACKAGES_DIR": str(folder / "no-argos")})
    service = Service(config)
    options = Options.validate_values({"targets": ["es"], "source": "fr"})
    first = service.process((ROOT / "samples" / "story-1-fr.txt").read_text(encoding="utf-8"), options)
    for sentence in first.article.sentences:
        if sentence.kind in TRANSLATED:
            service.review(first.id, "es", sentence.index + 1, None, "bench")
    second = service.process((ROOT / "samples" / "story-2-fr.txt").read_text(encoding="utf-8"), options)
    translated = [
        t
        for s, t in zip(second.article.sentences, second.targets["es"].translations, strict=True)
        if s.kind in TRANSLATED
    ]
    return {
        "reviewed_first": len(service.export_memory()),
        "sentences": len(translated),
        "memory": sum(t.state == "memory" for t in translated),
        "suggested": sum(t.suggestion is not None for t in translated),
    }


def bench_memory(folder: Path) -> None:
    figures = lookups(folder)
    print(f"memory: {PAIRS:,} reviewed pairs stored in {figures['stored_s']:.1f} s (SQLite, fr→es)")
    for kind in ("exact", "fuzzy"):
        median, p95 = figures[f"{kind}_ms"], figures[f"{kind}_p95_ms"]
        verdict = "within" if median <= GOAL_MS else "OVER"
        goal = f"{verdict} the {GOAL_MS:.0f} ms goal"
        print(f"  {kind} look-up per sentence: median {median:.2f} ms, 95th percentile {p95:.2f} ms ({goal})")
    print(f"  fuzzy index built once per process and pair: {figures['index_s']:.1f} s; "
          f"close variants found: {figures['recall']:.0%}")  # fmt: skip
    story = second_article(folder)
    print(f"  second article on the same story: {story['memory']} of {story['sentences']} sentences from memory, "
          f"{story['suggested']} with a suggestion "
          f"(after {story['reviewed_first']} reviewed sentences of the first)")  # fmt: skip


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bench_memory(Path(tmp))
