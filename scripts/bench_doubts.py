"""Doubts section of scripts/bench: what the doubt signal costs per article.

The same workload — the seed article (or our sample) to Spanish, Catalan and English with Apertium, no
cache — runs on this tree with and without the second opinion (``SECOND_OPINION``) and on two trees
without the doubt work, each in a temporary git worktree and its own process, best of three after a
warm-up on another article:

- the tree just before it (the parent of the commit titled "Names kept verbatim");
- the live Apertium pipelines (issue 23) without it: the second parent of the merge titled "Merge
  branch 'speed'", today's engines without any of the doubt work: the fair baseline for its cost.
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


def _commit(grep: str, suffix: str) -> str | None:
    found = subprocess.run(
        ["git", "log", f"--grep={grep}", "--format=%H", "-n", "1"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return f"{found}{suffix}" if found else None


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
    baselines = {
        "before the doubt work (old engines)": _commit("^Names kept verbatim", "^"),
        "live pipelines without the doubt work": _commit("^Merge branch 'speed'", "^2"),
    }
    print(f"== Doubts: {article.name} to {', '.join(TARGETS)}, Apertium, no cache, best of 3 after a warm-up")
    times = {}
    with tempfile.TemporaryDirectory(dir=tmp) as folder:
        for number, (label, commit) in enumerate(baselines.items()):
            if commit is None:
                print(f"   {label}: no such commit in this history")
                continue
            tree = Path(folder) / f"before-{number}"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, capture_output=True, check=True
            )
            try:
                times[label] = _measure(tree, article, "off")
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    without = _measure(ROOT, article, "off")
    with_second = _measure(ROOT, article, "on")
    for label, seconds in times.items():
        print(f"   {label}: {seconds:.2f}s")
    fair = times.get("live pipelines without the doubt work")
    for label, seconds in (
        ("checks without the second opinion", without),
        ("with the second opinion (default)", with_second),
    ):
        ratios = ", ".join(f"{seconds / t:.2f}x {name}" for name, t in times.items())
        print(f"   now, {label}: {seconds:.2f}s ({ratios})")
    if fair:
        print(f"   the doubt work's added time on today's engines: {with_second / fair:.2f}x (goal <= 1.2)")
