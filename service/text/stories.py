"""Articles grouped by story: the same event told by several outlets, and the copies of one dispatch.

Two signals, both read from the original text (the one language every
article shares, whatever it was translated into):

- **near-duplicates**: word 5-shingles; candidate pairs come from MinHash
  signatures with LSH banding (large overlaps) and from the TF-IDF
  similarity below (a trimmed copy overlaps its original less than its
  length suggests), and are kept when the shorter text's shingles are at
  least ``NEAR_DUPLICATE`` inside the other's (containment, not Jaccard: a
  dispatch reprinted with another headline, trimmed, or given one new
  paragraph is still a copy);
- **same story**: cosine similarity of TF-IDF vectors of content words (the
  title counted twice, names and figures — what a story is made of — counted
  twice), stop words and accents removed, the IDF learnt from the articles
  being grouped.

Articles are then grouped by average-linkage clustering (scipy), which, unlike
joining every pair above a threshold, does not chain two different strikes
into one story through a third article that mentions both; near-duplicates
are always in the same story. The threshold was tuned on half of the story
corpus (``scripts/bench_stories.py``) and is measured on the other half.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np

from service.text.folding import fold

NEAR_DUPLICATE = 0.55  # containment of 5-shingles: most of the shorter text is in the longer one
CANDIDATE_SIMILARITY = 0.3  # TF-IDF cosine above which a pair is checked for copying
SAME_STORY = 0.2  # average-linkage cosine similarity above which articles tell the same story (tuned: see above)
SHINGLE = 5
PERMUTATIONS = 128
BANDS = 32  # 32 bands of 4 rows: pairs with Jaccard >= ~0.42 become candidates with high probability
_PRIME = np.uint64((1 << 61) - 1)  # a numpy integer: a Python int would turn the arithmetic into floats
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True)
class StoryInput:
    """One article to group: a key the caller knows it by, its title and its original text."""

    key: str
    title: str | None
    text: str


@dataclass
class Story:
    """A group of articles (keys in input order); ``duplicates`` maps a key to the one it nearly repeats."""

    keys: list[str]
    duplicates: dict[str, str]
    central: str  # the article most similar to the others: the story's representative


@cache
def _stopwords() -> frozenset[str]:
    import stopwordsiso

    words = set(stopwordsiso.stopwords("fr")) | set(stopwordsiso.stopwords("en"))
    return frozenset(fold(w) for w in words)


def words(text: str) -> list[str]:
    """Every word of a text, folded (the shingles' material)."""
    out = []
    for token in _WORD.findall(text):
        token = fold(token)
        # "l'élection" -> "election": the elided article is not part of the word
        if "'" in token or "’" in token:
            token = re.split("['’]", token)[-1]
        out.append(token)
    return out


def content_terms(title: str | None, text: str) -> Counter:
    """Content words with their weights: title words and names or figures count twice."""
    stop = _stopwords()
    counts: Counter = Counter()
    for source, base in ((title or "", 2), (text, 1)):
        for match in _WORD.finditer(source):
            raw = match.group(0)
            token = words(raw)[0] if raw else ""
            if len(token) < 3 and not token.isdigit():
                continue
            if token in stop:
                continue
            weight = base
            if raw[:1].isupper() or any(c.isdigit() for c in raw):
                weight *= 2
            counts[token] += weight
    return counts


def _shingle_hashes(tokens: list[str]) -> np.ndarray:
    if len(tokens) < SHINGLE:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]
    return np.array(sorted({zlib.crc32(g.encode("utf-8")) for g in grams}), dtype=np.uint64)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(20250310)  # fixed: signatures are comparable across runs
    a = generator.integers(1, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
    b = generator.integers(0, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


def minhash(text: str | np.ndarray) -> np.ndarray:
    """A MinHash signature of the text's word 5-shingles (or of these shingle hashes); all maximum when empty."""
    hashes = _shingle_hashes(words(text)) if isinstance(text, str) else text
    if hashes.size == 0:
        return np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    a, b = _permutations()
    values = (np.outer(hashes, a) + b) % _PRIME  # hashes < 2**32, a < 2**31: no overflow
    return values.min(axis=0)


def lsh_candidates(signatures: list[np.ndarray]) -> set[tuple[int, int]]:
    """Pairs (i < j) sharing a band of their MinHash signatures: likely to overlap much."""
    rows = PERMUTATIONS // BANDS
    candidates: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        for index, signature in enumerate(signatures):
            buckets.setdefault(signature[band * rows : (band + 1) * rows].tobytes(), []).append(index)
        for members in buckets.values():
            if 1 < len(members) < 200:  # a huge bucket is empty texts, not duplicates
                candidates.update((i, j) for n, i in enumerate(members) for j in members[n + 1 :])
    return candidates


def near_duplicate_pairs(shingles: list[np.ndarray], candidates: set[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """The candidate pairs whose shorter text is at least ``NEAR_DUPLICATE`` contained in the other."""
    found = {}
    for i, j in candidates:
        smaller = min(len(shingles[i]), len(shingles[j]))
        if smaller == 0:
            continue
        containment = len(np.intersect1d(shingles[i], shingles[j], assume_unique=True)) / smaller
        if containment >= NEAR_DUPLICATE:
            found[(i, j)] = containment
    return found


def similarity_matrix(items: list[StoryInput]) -> np.ndarray:
    """Cosine similarity of the articles' TF-IDF vectors (sublinear counts, IDF from these articles)."""
    from scipy.sparse import csr_matrix

    bags = [content_terms(item.title, item.text) for item in items]
    vocabulary: dict[str, int] = {}
    for bag in bags:
        for term in bag:
            vocabulary.setdefault(term, len(vocabulary))
    frequency = np.zeros(len(vocabulary))
    for bag in bags:
        for term in bag:
            frequency[vocabulary[term]] += 1
    idf = np.log((1 + len(items)) / (1 + frequency)) + 1.0
    rows, cols, values = [], [], []
    for row, bag in enumerate(bags):
        for term, count in bag.items():
            rows.append(row)
            cols.append(vocabulary[term])
            values.append((1.0 + np.log(count)) * idf[vocabulary[term]])
    matrix = csr_matrix((values, (rows, cols)), shape=(len(items), max(1, len(vocabulary))))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = csr_matrix(matrix.multiply(1.0 / norms[:, None]))
    return np.asarray((matrix @ matrix.T).todense())


def group_stories(items: list[StoryInput], threshold: float = SAME_STORY) -> list[Story]:
    """The articles grouped by story, the biggest stories first (then in input order)."""
    if not items:
        return []
    shingles = [_shingle_hashes(words(f"{item.title or ''}\n{item.text}")) for item in items]
    similarity = similarity_matrix(items)
    candidates = lsh_candidates([minhash(s) for s in shingles])
    close = np.argwhere(np.triu(similarity, 1) >= CANDIDATE_SIMILARITY)
    candidates.update((int(i), int(j)) for i, j in close)
    duplicates = near_duplicate_pairs(shingles, candidates)
    for i, j in duplicates:
        similarity[i, j] = similarity[j, i] = 1.0
    count = len(items)
    if count == 1:
        labels = np.array([1])
    else:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        distance = np.clip(1.0 - similarity, 0.0, 1.0)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    stories = []
    for group in members.values():
        keys = [items[i].key for i in group]
        repeats: dict[str, str] = {}
        for (i, j), _ in sorted(duplicates.items()):
            if i in group and j in group and items[j].key not in repeats:
                repeats[items[j].key] = items[i].key
        if len(group) == 1:
            central = keys[0]
        else:
            inner = similarity[np.ix_(group, group)]
            central = items[group[int(np.argmax(inner.sum(axis=1)))]].key
        stories.append((len(group), group[0], Story(keys, repeats, central)))
    stories.sort(key=lambda s: (-s[0], s[1]))
    return [story for _, _, story in stories]


def pairwise_scores(predicted: list[list[str]], gold: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping against gold story labels (1.0 when there is no pair)."""
    label = {key: n for n, keys in enumerate(predicted) for key in keys}
    keys = sorted(gold)
    true_positive = predicted_pairs = gold_pairs = 0
    for n, a in enumerate(keys):
        for b in keys[n + 1 :]:
            same_predicted = label.get(a) == label.get(b)
            same_gold = gold[a] == gold[b]
            predicted_pairs += same_predicted
            gold_pairs += same_gold
            true_positive += same_predicted and same_gold
    precision = true_positive / predicted_pairs if predicted_pairs else 1.0
    recall = true_positive / gold_pairs if gold_pairs else 1.0
    return precision, recall
