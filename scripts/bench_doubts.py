"""Doubts section of scripts/bench: what the doubt signal costs per article.

The same workload — the seed article (or our sample) to Spanish, Catalan and English with Apertium, no
cache — runs on this tree with and without the second opinion (``SECOND_OPINION``), and on the tree
just before the doubt work (a temporary git worktree of the parent of the commit titled "Names kept
verbatim"), each in its own process, best of three after a warm-up on another article.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["es", "ca", "en"]
PROBE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from service.translation.engines.apertium import ApertiumEngine
from service.pipeline.run import translate_text
from service.translation.translator import Translator
text = open(sys.argv[2], encoding="utf-8").read()
warm = open(sys.argv[4], encoding="utf-8").read()
targets = json.loads(sys.argv[3])
second = sys.argv[5] == "on"
try:
    translator = Translator([ApertiumEngine()], second_opinion=second)
except TypeError:  # the tree before the doubt work has no second opinion
    translator = Translator([ApertiumEngine()])
translate_text(translator, warm, "fr", targets)  # engines and dictionaries warm, this text new
def timed():
    translator._graph = None
    start = time.perf_counter()
    translate_text(translator, text, "fr", targets)
    return time.perf_counter() - start
print(json.dumps({"seconds": min(timed() for _ in range(3))}))
"""


def _baseline() -> str | None:
    found = subprocess.run(
        ["git", "log", "--grep=^Names kept verbatim", "--format=%H", "-n", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{found}^" if found else None


def _measure(tree: Path, article: Path, second: str) -> float:
    warm = ROOT / "samples" / "article-fr.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tree), str(article), json.dumps(TARGETS), str(warm), second],
        capture_output=True,
        text=True,
        cwd=tree,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def bench_doubts(tmp: Path) -> None:
    seed = ROOT.parent / "shared" / "corpus" / "seed-article-fr.txt"
    article = seed if seed.is_file() else ROOT / "samples" / "article-fr.txt"
    baseline = _baseline()
    print(f"== Doubts: {article.name} to {', '.join(TARGETS)}, Apertium, no cache, best of 3 after a warm-up")
    if baseline is None:
        print("   no 'Names kept verbatim' commit in this history: nothing to compare against")
        return
    with tempfile.TemporaryDirectory(dir=tmp) as folder:
        old = Path(folder) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(old), baseline], cwd=ROOT, capture_output=True, check=True
        )
        try:
            before = _measure(old, article, "off")
            without = _measure(ROOT, article, "off")
            with_second = _measure(ROOT, article, "on")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, capture_output=True)
    print(f"   before the doubt work: {before:.2f}s")
    print(f"   now, checks without the second opinion: {without:.2f}s, ratio {without / before:.2f}")
    print(
        f"   now, with the second opinion (default): {with_second:.2f}s, ratio {with_second / before:.2f} (goal <= 1.2)"
    )
