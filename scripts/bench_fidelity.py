"""Fidelity section of scripts/bench: the cost of protection, coverage and per-sentence detection.

The same workload — the seed article (or our sample) to 8 target languages
with Apertium, no cache — runs on this tree and on the tree just before the
fidelity work (a temporary git worktree of the parent of the commit titled
"Fidelity core"), each in its own process, best of three after a warm-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ["es", "ca", "en", "it", "pt", "gl", "eo", "oc"]
PROBE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from service.translation.engines.apertium import ApertiumEngine
from service.pipeline.run import translate_text
from service.translation.translator import Translator
text = open(sys.argv[2], encoding="utf-8").read()
warm = open(sys.argv[4], encoding="utf-8").read()
targets = json.loads(sys.argv[3])
translator = Translator([ApertiumEngine()])
translate_text(translator, warm, "fr", targets)  # another article: engines and dictionaries warm, this text new
def timed():
    start = time.perf_counter()
    translate_text(translator, text, "fr", targets)
    return time.perf_counter() - start
first = timed()
again = min(timed() for _ in range(2))
print(json.dumps({"first": first, "again": again}))
"""


def _baseline() -> str | None:
    found = subprocess.run(
        ["git", "log", "--grep=^Fidelity core", "--format=%H", "-n", "1"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return f"{found}^" if found else None


def _measure(tree: Path, article: Path) -> dict:
    warm = ROOT / "samples" / "article-fr.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tree), str(article), json.dumps(TARGETS), str(warm)],
        capture_output=True,
        text=True,
        cwd=tree,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_fidelity(tmp: Path) -> None:
    seed = ROOT.parent / "shared" / "corpus" / "seed-article-fr.txt"
    article = seed if seed.is_file() else ROOT / "samples" / "article-fr.txt"
    baseline = _baseline()
    print(f"== Fidelity: {article.name} to {len(TARGETS)} targets, Apertium, no cache, warmed up on another article")
    if baseline is None:
        print("   no 'Fidelity core' commit in this history: nothing to compare against")
        return
    with tempfile.TemporaryDirectory(dir=tmp) as folder:
        old = Path(folder) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(old), baseline], cwd=ROOT, capture_output=True, check=True
        )
        try:
            t_old = _measure(old, article)
            t_new = _measure(ROOT, article)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, capture_output=True)
    for key, label in (("first", "first time this article is seen"), ("again", "the same article again")):
        print(
            f"   {label}: before the fidelity work {t_old[key]:.2f}s, now {t_new[key]:.2f}s, "
            f"ratio {t_new[key] / t_old[key]:.2f} (goal <= 1.15)"
        )
    print("   the extra: every word looked up in the dictionaries (memoised), lingua per sentence, span checks")
