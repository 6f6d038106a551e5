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


CORPUS = Path(__file__).resolve().parent.parent / "corpus"
JUDGED = Path(__file__).resolve().parent.parent / "data" / "judged" / "sentences.tsv"


def french_texts() -> list[tuple[str, str]]:
    """Every article of our corpus as the service reads it: (path inside tests/corpus, text), in path order.

    Labelled ``kind | text`` files give their text; saved pages and Markdown
    files are read by the service's own reader.
    """
    from service.text.files import read_source

    out = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix not in (".txt", ".html", ".md") or path.name == "README.md":
            continue
        if path.suffix == ".txt":
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# ")]
            text = "\n".join(line.split(" | ", 1)[1] if " | " in line else "" for line in lines)
        else:
            try:
                text = read_source(path.name, path.read_bytes()).text
            except Exception:  # a format this version does not read: its plain text
                text = path.read_text(encoding="utf-8")
        out.append((str(path.relative_to(CORPUS)), text.strip() + "\n"))
    return out


def judged_sentences() -> list[str]:
    """The French column of tests/data/judged/sentences.tsv."""
    rows = JUDGED.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    column = header.index("fr")
    return [row.split("\t")[column] for row in rows[1:] if row.strip()]
