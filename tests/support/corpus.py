"""Varied copies of our own sample articles, for batch tests and the benchmark.

Each copy changes place names and a few sentences so that neither the
resume logic nor the translation cache can treat two copies as the same.
"""

from __future__ import annotations

from pathlib import Path

TOWNS = (
    "Annecy",
    "Chambéry",
    "Valence",
    "Vienne",
    "Voiron",
    "Crolles",
    "Meylan",
    "Échirolles",
    "Fontaine",
    "Seyssinet",
    "Eybens",
    "Vizille",
)


def write_variants(folder: Path, texts: list[str], count: int) -> list[Path]:
    """Write ``count`` edited copies of ``texts`` (in turn) as article-NN.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = texts[i % len(texts)].replace("Grenoble", TOWNS[i % len(TOWNS)]).replace("2027", str(2030 + i))
        text = text.replace("Pyongyang", f"Pyongyang ({i})").replace(". ", f" ({i}). ", 3 + i % 5)
        path = folder / f"article-{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
