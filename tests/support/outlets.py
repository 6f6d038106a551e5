"""The labelled structure corpora, read and scored the same way by the tests and ``scripts/structure_model``.

Two corpora written for this project: ``tests/corpus/outlets/<kind>/`` (74
articles of 14 outlet kinds, see its README) and the older
``tests/corpus/*.txt|html`` (20 articles), folded in with a kind each. An
article is what a user gives the service (pasted text, a Markdown file, a
saved page) with the kind expected for every block, and the dates.

Scoring follows the corpus README: for plain text and Markdown every block
must come out with its kind; for a saved page a furniture block that the
page reader dropped counts as right, a content block must be there with its
kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from service.models.article import KINDS, TRANSLATED_KINDS

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
OUTLETS = CORPUS / "outlets"
# Held-out sets: written after the model was settled, never used to train or tune. Each by folder, with
# the key its figures are recorded under in tests/data/structure_loko.json.
HELD_OUT_SETS = {
    "heldout": "held_out",
    "heldout2": "held_out_2",
    "heldout3": "held_out_3",
    "heldout4": "held_out_4",
    "heldout5": "held_out_5",
    "heldout6": "held_out_6",
    "heldout7": "held_out_7",
    "heldout8": "held_out_8",
    "heldout9": "held_out_9",
    "heldout10": "held_out_10",
    "heldout11": "held_out_11",
    "heldout12": "held_out_12",
    "heldout13": "held_out_13",
    "heldout14": "held_out_14",
}
# The older corpus, by outlet kind (its files sit at the top of tests/corpus).
OLDER_KINDS = {
    "depeche-internationale": "wire",
    "wire-afp-economie": "wire",
    "wire-reuters-court": "wire",
    "quotidien-national-actualite": "national-daily",
    "quotidien-tribune": "national-daily",
    "quotidien-analyse": "explainer",
    "quotidien-direct": "live-blog",
    "regional-conseil-municipal": "regional-daily",
    "regional-faits-divers": "regional-daily",
    "regional-sport": "regional-daily",
    "texte-brut-sans-titre": "regional-daily",
    "magazine-enquete": "weekly-magazine",
    "magazine-entretien": "interview",
    "page-magazine": "saved-html",
    "page-quotidien-national": "saved-html",
    "page-regionale-gard": "saved-html",
}
CONTENT = TRANSLATED_KINDS  # what a reader needs: the rest is furniture
_LINE = re.compile(r"^(\+?)([a-z_]+) \| (.*)$")
_SPACES = re.compile(r"\s+")
_EMPTY_CELLS = re.compile(r"^\| |\| (?=\|)| \|$")


@dataclass
class Labelled:
    """One article as a user gives it, and what every block of it is."""

    path: Path
    kind: str  # the outlet kind (folder)
    format: str  # "txt", "md" or "html"
    data: bytes  # the file as given
    expected: list[tuple[str, str]]  # (kind, text) per block, in order
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.path.stem}"

    @property
    def reference(self) -> datetime:
        """When the page was read: as stated, else after its last update (a page shows no later moment)."""
        stated = [self.meta[key] for key in ("published", "updated") if self.meta.get(key)]
        return datetime.fromisoformat(self.meta.get("reference") or max(stated, default="2025-02-14T12:00"))

    @property
    def text(self) -> str:
        """The text the service reads (a page goes through the page reader, as an upload does)."""
        from service.text.files import read_source

        return read_source(self.path.name, self.data).text


def parse_labels(raw: str) -> tuple[list[str], list[tuple[str, str]], dict[str, str]]:
    """(pasted lines, expected (kind, text) per block, meta) of a ``kind | text`` file."""
    lines: list[str] = []
    expected: list[tuple[str, str]] = []
    meta: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith("# ") and not expected and not lines:
            key, _, value = line[2:].partition(": ")
            meta[key] = value
            continue
        if not line.strip():
            lines.append("")
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"line {number} is not 'kind | text': {line!r}")
        plus, kind, text = match.groups()
        if kind not in KINDS:
            raise ValueError(f"line {number}: unknown kind {kind!r}")
        if plus:
            lines[-1] += text
        else:
            lines.append(text)
        expected.append((kind, text))
    return lines, expected, meta


def load(path: Path, kind: str) -> Labelled:
    if path.suffix in (".html", ".md"):
        _, expected, meta = parse_labels(path.with_suffix(".labels").read_text(encoding="utf-8"))
        return Labelled(path, kind, path.suffix[1:], path.read_bytes(), expected, meta)
    lines, expected, meta = parse_labels(path.read_text(encoding="utf-8"))
    return Labelled(path, kind, "txt", ("\n".join(lines) + "\n").encode("utf-8"), expected, meta)


def articles(older: bool = True) -> list[Labelled]:
    """Every labelled article: the outlets corpus, and the older one with its kinds."""
    found = [
        load(path, path.parent.name) for path in sorted(OUTLETS.glob("*/*")) if path.suffix in (".txt", ".md", ".html")
    ]
    if older:
        found += [
            load(path, OLDER_KINDS[path.stem])
            for path in sorted(CORPUS.glob("*"))
            if path.stem in OLDER_KINDS and path.suffix in (".txt", ".html")
        ]
    return found


def held_out(folder: str = "heldout") -> list[Labelled]:
    """The articles of a held-out set (``HELD_OUT_SETS``; their kind in a ``# kind:`` meta line)."""
    found = []
    for path in sorted((CORPUS / folder).glob("*")):
        if path.suffix in (".txt", ".md", ".html") and path.name != "README.md":
            item = load(path, "")
            item.kind = item.meta["kind"]
            found.append(item)
    return found


def kinds_of(items: Iterable[Labelled]) -> list[str]:
    return sorted({item.kind for item in items})


def _same(got: str, want: str) -> bool:
    got, want = _SPACES.sub(" ", got).strip(), _SPACES.sub(" ", want).strip()
    # A table row's empty cells are no text: the labels keep them (" | 2023 | 2024"), the reader's block need not.
    got, want = _EMPTY_CELLS.sub("", got), _EMPTY_CELLS.sub("", want)
    return bool(got) and got[:60] == want[:60]


@dataclass
class Score:
    """How one article (or a sum of articles) came out."""

    lines: int = 0
    right: int = 0
    roles_right: int = 0  # translated or set aside as the labels say, whatever the kind of furniture
    titles: int = 0
    titles_right: int = 0
    dates: int = 0
    dates_right: int = 0
    furniture_picked: int = 0  # summary sentences taken from furniture, over every algorithm
    content_missing: int = 0  # content blocks of a page that the page reader lost
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("lines", "right", "roles_right", "titles", "titles_right", "dates", "dates_right",
                     "furniture_picked", "content_missing"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def figures(self) -> dict[str, float | int]:
        return {
            "articles": self.titles,
            "lines": self.lines,
            "lines_right": round(self.right / max(self.lines, 1), 4),
            "roles_right": round(self.roles_right / max(self.lines, 1), 4),
            "titles_right": round(self.titles_right / max(self.titles, 1), 4),
            "dates": self.dates,
            "dates_read": round(self.dates_right / max(self.dates, 1), 4),
            "furniture_in_summaries": self.furniture_picked,
        }


ALIGN_WINDOW = 40  # blocks (and labelled lines) looked at ahead when a labelled line is matched to a block


def _dropped_twin(item: Labelled, i: int, text: str) -> bool:
    """A furniture line of a saved page that the page reader may have dropped, whose text a content line just
    after it repeats (a menu's "Liban", then the kicker "Liban"): when the page gives one such block, it is the
    content line's. Looked for as far on as the blocks are (``ALIGN_WINDOW``): a page's table of contents lists
    its headings well above them."""
    if item.format != "html" or item.expected[i][0] in CONTENT:
        return False
    later = item.expected[i + 1 : i + ALIGN_WINDOW]
    return any(kind in CONTENT and _same(text, want) for kind, want in later)


def _split_of(blocks: Sequence[tuple[str, str]], start: int, want: str) -> list[int]:
    """Two or three blocks in a row that together are one labelled line: the reader cut a line in two (a time
    stamp from its news, a dateline from its story). The line is scored once, by its label."""
    want = _SPACES.sub(" ", want).strip()
    for first in range(start, min(len(blocks), start + 40)):
        if not want.startswith(_SPACES.sub(" ", blocks[first][1]).strip()[:60] or "\0"):
            continue
        for count in (2, 3):
            run = blocks[first : first + count]
            if len(run) == count and _SPACES.sub(" ", " ".join(text for _, text in run)).strip() == want:
                return list(range(first, first + count))
    return []


def align(item: Labelled, blocks: Sequence[tuple[str, str]]) -> list[tuple[int | None, int | None]]:
    """Pairs (expected index, produced index); None on the side that has no counterpart."""
    pairs: list[tuple[int | None, int | None]] = []
    j = 0
    for i, (_, want) in enumerate(item.expected):
        found = next((k for k in range(j, min(len(blocks), j + ALIGN_WINDOW)) if _same(blocks[k][1], want)), None)
        twins = sum(_same(blocks[k][1], want) for k in range(j, min(len(blocks), j + ALIGN_WINDOW)))
        if found is None:
            split = _split_of(blocks, j, want)
            if split:
                pairs.extend((None, k) for k in range(j, split[0]))
                pairs.extend((i, k) for k in split)
                j = split[-1] + 1
                continue
        if found is None or (twins == 1 and _dropped_twin(item, i, want)):
            pairs.append((i, None))
            continue
        pairs.extend((None, k) for k in range(j, found))
        pairs.append((i, found))
        j = found + 1
    pairs.extend((None, k) for k in range(j, len(blocks)))
    return pairs


def score(item: Labelled, article, added: Sequence[str] = (), summaries: Callable | None = None) -> Score:
    """Score one parsed article (``service.models.article.Article``) against its labels.

    ``added``: lines the page reader wrote from the page's metadata (a byline, a dateline), which the labels
    cannot list; they count as right when labelled as such. ``summaries``: a function of the article giving
    the chosen sentence indices per algorithm, to count furniture in summaries.
    """
    out = Score()
    blocks = [(b.kind, b.text) for b in article.blocks]
    expected_kind_of_block: dict[int, str] = {}
    pairs = align(item, blocks)
    cut = {i: [k for w, k in pairs if w == i and k is not None] for i in {w for w, _ in pairs if w is not None}}
    cut = {i: ks for i, ks in cut.items() if len(ks) > 1}  # a labelled line the reader gave as several blocks
    for want_index, got_index in pairs:
        if want_index in cut:
            if got_index != cut[want_index][0]:
                continue  # the rest of a cut line: scored with its first block, once, by the line's label
            want_kind = item.expected[want_index][0]
            kinds = [blocks[k][0] for k in cut[want_index]]
            for k in cut[want_index]:
                expected_kind_of_block[k] = want_kind
            out.lines += 1
            out.right += all(kind == want_kind for kind in kinds)
            out.roles_right += all((kind in CONTENT) == (want_kind in CONTENT) for kind in kinds)
            if any(kind != want_kind for kind in kinds):
                out.errors.append(f"{item.name}: {'+'.join(kinds)} (expected {want_kind}, cut) "
                                  f"{item.expected[want_index][1][:70]!r}")  # fmt: skip
            continue
        if want_index is not None:
            want_kind, want_text = item.expected[want_index]
            if got_index is None:
                dropped_ok = item.format == "html" and want_kind not in CONTENT
                out.lines += 1
                out.right += dropped_ok
                out.roles_right += dropped_ok
                if not dropped_ok:
                    out.content_missing += 1
                    out.errors.append(f"{item.name}: missing {want_kind} {want_text[:70]!r}")
                continue
            expected_kind_of_block[got_index] = want_kind
            out.lines += 1
            got_kind = blocks[got_index][0]
            out.roles_right += (got_kind in CONTENT) == (want_kind in CONTENT)
            if got_kind == want_kind:
                out.right += 1
            else:
                out.errors.append(f"{item.name}: {got_kind} (expected {want_kind}) {blocks[got_index][1][:70]!r}")
        else:
            assert got_index is not None
            got_kind, got_text = blocks[got_index]
            synthetic = got_text in added and got_kind in ("byline", "dateline")
            expected_kind_of_block[got_index] = got_kind if synthetic else "?"
            out.lines += 1
            out.right += synthetic
            out.roles_right += synthetic
            if not synthetic:
                out.errors.append(f"{item.name}: unexpected {got_kind} block {got_text[:70]!r}")
    want_title = next((t for k, t in item.expected if k == "title"), None)
    got_title = article.title
    out.titles = 1
    out.titles_right = int(
        (want_title is None and got_title is None) or (want_title is not None and got_title is not None
                                                       and _same(got_title, want_title))
    )  # fmt: skip
    if not out.titles_right:
        out.errors.append(f"{item.name}: title {got_title!r} (expected {want_title!r})")
    for key in ("published", "updated"):
        if item.meta.get(key):
            out.dates += 1
            got = getattr(article, key)
            if got == item.meta[key]:
                out.dates_right += 1
            else:
                out.errors.append(f"{item.name}: {key} {got} (expected {item.meta[key]})")
        elif getattr(article, key):
            out.dates += 1
            out.errors.append(f"{item.name}: {key} {getattr(article, key)} read where the article states none")
    if summaries is not None:
        for algorithm, chosen in summaries(article).items():
            for index in chosen:
                block = article.sentences[index].block
                if expected_kind_of_block.get(block) not in CONTENT:
                    out.furniture_picked += 1
                    out.errors.append(
                        f"{item.name}: {algorithm} summarised {expected_kind_of_block.get(block)} "
                        f"{article.sentences[index].text[:60]!r}"
                    )
    return out
