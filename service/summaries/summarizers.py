"""Extractive summaries with sumy, offline, in any language we segment.

sumy's defaults do not work offline or in French: its tokenizer needs NLTK's
punkt download, its French stop-word list misses "de", "à", "un", and
Edmundson's cue words default to Czech. Here sumy gets our segmenter as its
tokenizer, elisions stripped ("l'armée" -> "armée"), NLTK's Snowball
stemmers (pure code), stopwords-iso lists, and per-language cue words.

LexRank and TextRank build dense similarity matrices in Python loops, which
is quadratic in slow code (seconds at a few hundred sentences) and in memory
(gigabytes at ten thousand); the subclasses below build them with
NumPy/SciPy, sparse, keeping each sentence's ``NEIGHBOURS`` strongest links
(all of them in an ordinary article, so they choose what sumy chooses), and
check the deadline between blocks and iterations. KL ranks every sentence
greedily although only the top ones are used; ours stops after those.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer, null_stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from service import messages
from service.errors import SummaryError
from service.models import summary as algorithm_names
from service.models.summary import Candidate, parse_length
from service.progress import NO_LIMIT, Tracker
from service.text.segmenter import split_sentences

DEFAULT_ALGORITHM = algorithm_names.DEFAULT
RANDOM_SEED = 2024

SNOWBALL = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "nb": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
}
# Leading elided articles and pronouns to strip before stemming.
ELISIONS = {
    "fr": ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"),
    "it": ("l", "d", "dell", "all", "dall", "nell", "sull", "un", "quest", "c"),
    "ca": ("l", "d", "s", "m", "n", "t"),
    "oc": ("l", "d", "s", "m", "n", "t"),
}
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_APOSTROPHE = re.compile(r"['’]")

# Edmundson cue words: "stigma" words mark hedged or secondary sentences.
STIGMA_WORDS = {
    "fr": "peut-être probablement sans doute semble semblerait apparemment notamment aussi également "
    "toutefois cependant néanmoins hier lire voir photo",
    "en": "perhaps maybe probably apparently seems seemingly also however nevertheless yesterday read see photo",
    "es": "quizás quizá probablemente aparentemente parece también sin embargo no obstante ayer leer ver foto",
    "de": "vielleicht wahrscheinlich anscheinend scheint auch jedoch dennoch gestern lesen siehe foto",
    "it": "forse probabilmente apparentemente sembra anche tuttavia comunque ieri leggi vedi foto",
    "pt": "talvez provavelmente aparentemente parece também contudo entretanto ontem leia veja foto",
    "ca": "potser probablement aparentment sembla també tanmateix però ahir llegiu vegeu foto",
}
BONUS_WORDS = {
    "fr": "annonce annoncé décidé décision premier première nouveau nouvelle selon déclaré important",
    "en": "announced announce decided decision first new according declared said important",
    "es": "anunció anuncia decidió decisión primer primera nuevo nueva según declaró importante",
    "de": "angekündigt entschieden entscheidung erste erster neue neuer laut erklärte wichtig",
    "it": "annunciato deciso decisione primo prima nuovo nuova secondo dichiarato importante",
    "pt": "anunciou decidiu decisão primeiro primeira novo nova segundo declarou importante",
    "ca": "anunciat decidit decisió primer primera nou nova segons declarat important",
}


class OfflineTokenizer:
    """sumy's tokenizer interface on top of our segmenter: no NLTK data needed."""

    def __init__(self, language: str):
        self.language = language
        self._elisions = ELISIONS.get(language, ())

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(self.strip_elision(w) for w in _WORD.findall(sentence))

    def strip_elision(self, word: str) -> str:
        """ "l'armée" -> "armée", "jusqu'au" -> "au"; other apostrophes stay."""
        parts = _APOSTROPHE.split(word, maxsplit=1)
        if len(parts) == 2 and parts[0].lower() in self._elisions and parts[1]:
            return parts[1]
        return word


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """stopwords-iso's list for ``language`` (empty when it has none)."""
    import stopwordsiso

    try:
        return frozenset(stopwordsiso.stopwords(language))
    except Exception:
        return frozenset()


@lru_cache(maxsize=64)
def stemmer(language: str) -> Callable[[str], str]:
    """A memoised Snowball stemmer (lower-casing only where Snowball has none)."""
    name = SNOWBALL.get(language)
    base = null_stemmer
    if name:
        try:
            base = Stemmer(name)
        except LookupError:
            base = null_stemmer
    return lru_cache(maxsize=65536)(base)


def _word_lists(summarizer: AbstractSummarizer, document) -> list[list[str]]:
    words_of = summarizer._to_words_set  # stemmed, stop words removed, as sumy does it
    return [words_of(s) for s in document.sentences]


def _count_matrix(word_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, words in enumerate(word_lists):
        for word in words:
            rows.append(row)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float64)
    shape = (len(word_lists), max(1, len(vocabulary)))
    return sparse.csr_matrix((data, (rows, cols)), shape=shape)  # duplicates are summed


# Each sentence keeps its NEIGHBOURS most similar sentences: every one of them in an ordinary article
# (fewer sentences than that), so the choices are sumy's own; in a long text the matrix is sparse and
# its memory grows linearly with the sentences (dense n x n matrices took 4.4 GB at 10,000 sentences).
NEIGHBOURS = 200
BLOCK_ROWS = 256  # similarities are computed this many rows at a time (BLOCK_ROWS x n floats at most)
MAX_ITERATIONS = 1000


def _top_rows(rows_of: Callable[[int, int], np.ndarray], n: int, keep: int, tracker: Tracker) -> sparse.csr_matrix:
    """An n x n sparse matrix holding each row's ``keep`` largest positive values, built a block of rows at a time.

    ``rows_of(start, stop)`` gives the dense rows ``start:stop`` (zero where two sentences are not linked).
    The deadline is checked between blocks: this is the long part of a long text's summary.
    """
    indptr = [0]
    indices: list[np.ndarray] = []
    data: list[np.ndarray] = []
    for start in range(0, n, BLOCK_ROWS):
        tracker.check()
        block = rows_of(start, min(n, start + BLOCK_ROWS))
        for row in block:
            linked = np.flatnonzero(row > 0)
            if len(linked) > keep:
                linked = np.sort(linked[np.argpartition(row[linked], -keep)[-keep:]])
            indices.append(linked)
            data.append(row[linked])
            indptr.append(indptr[-1] + len(linked))
    flat_indices = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    flat_data = np.concatenate(data) if data else np.zeros(0)
    return sparse.csr_matrix((flat_data, flat_indices, np.array(indptr)), shape=(n, n))


def _row_normalised(matrix: sparse.csr_matrix, extra: float = 0.0) -> sparse.csr_matrix:
    """Each row divided by its sum (plus ``extra``); an empty row stays empty."""
    sums = np.asarray(matrix.sum(axis=1)).ravel() + extra
    sums[sums == 0] = 1
    return sparse.csr_matrix(sparse.diags(1.0 / sums) @ matrix)


class FastLexRankSummarizer(LexRankSummarizer):
    """sumy's LexRank with the idf-modified cosine matrix built in NumPy, sparse, block by block."""

    tracker: Tracker = NO_LIMIT

    def __call__(self, document, sentences_count):
        word_lists = _word_lists(self, document)
        if not word_lists:
            return ()
        n = len(word_lists)
        counts = _count_matrix(word_lists)
        max_tf = counts.max(axis=1).toarray().ravel()
        max_tf[max_tf == 0] = 1
        tf = sparse.diags(1.0 / max_tf) @ counts
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        idf = np.log(n / (1.0 + df))
        weighted = sparse.csr_matrix(tf @ sparse.diags(idf))
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        transposed = sparse.csc_matrix(weighted.T)

        def linked(start: int, stop: int) -> np.ndarray:
            dot = (weighted[start:stop] @ transposed).toarray()
            denominator = np.outer(norms[start:stop], norms)
            with np.errstate(divide="ignore", invalid="ignore"):
                cosine = np.where(denominator > 0, dot / np.where(denominator > 0, denominator, 1), 0.0)
            return np.where(cosine > self.threshold, cosine, 0.0)

        edges = _top_rows(linked, n, NEIGHBOURS, self.tracker)
        if edges.nnz == 0:  # no sentence has content words: nothing to rank by
            return tuple(document.sentences[: sentences_count if isinstance(sentences_count, int) else 1])
        edges.data[:] = 1.0  # LexRank's links are unweighted: above the threshold or not
        scores = self._sparse_power_method(_row_normalised(edges))
        ratings = dict(zip(document.sentences, scores, strict=True))
        return self._get_best_sentences(document.sentences, sentences_count, ratings)

    def _sparse_power_method(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """sumy's ``power_method`` (normalised at each step) on a sparse matrix, with the deadline checked."""
        transposed = sparse.csr_matrix(matrix.T)
        n = matrix.shape[0]
        p = np.full(n, 1.0 / n)
        for _ in range(MAX_ITERATIONS):
            self.tracker.check()
            following = transposed @ p
            following /= np.linalg.norm(following) or 1.0
            change = np.linalg.norm(following - p)
            p = following
            if change <= self.epsilon:
                break
        return p


class FastTextRankSummarizer(TextRankSummarizer):
    """sumy's TextRank with the word-overlap matrix built in NumPy, sparse, block by block."""

    tracker: Tracker = NO_LIMIT

    def rate_sentences(self, document):
        word_lists = _word_lists(self, document)
        n = len(word_lists)
        counts = _count_matrix(word_lists)
        transposed = sparse.csc_matrix(counts.T)
        lengths = np.array([len(w) for w in word_lists], dtype=np.float64)
        logs = np.log(np.where(lengths > 0, lengths, 1))

        def weights(start: int, stop: int) -> np.ndarray:
            overlap = (counts[start:stop] @ transposed).toarray()
            norm = logs[start:stop, None] + logs[None, :]
            near_zero = np.isclose(norm, 0.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(overlap == 0, 0.0, np.where(near_zero, overlap, overlap / np.where(near_zero, 1, norm)))

        edges = _row_normalised(_top_rows(weights, n, NEIGHBOURS, self.tracker), self._ZERO_DIVISION_PREVENTION)
        ranks = self._sparse_power_method(edges, n)
        return dict(zip(document.sentences, ranks, strict=True))

    def _sparse_power_method(self, weights: sparse.csr_matrix, n: int) -> np.ndarray:
        """sumy's power method on ``(1 - d)/n + d * weights`` without building that dense matrix."""
        transposed = sparse.csr_matrix(weights.T)
        p = np.full(n, 1.0 / n)
        for _ in range(MAX_ITERATIONS):
            self.tracker.check()
            following = (1.0 - self.damping) / n * p.sum() + self.damping * (transposed @ p)
            change = np.linalg.norm(following - p)
            p = following
            if change <= self.epsilon:
                break
        return p


class TopKLSummarizer(KLSummarizer):
    """sumy's KL-Sum that stops its greedy search once the summary is full.

    sumy ranks every sentence (n passes over n sentences) and keeps the top
    ``count``; the top ``count`` are exactly the first ``count`` greedy picks.
    """

    def __call__(self, document, sentences_count):
        self._wanted = sentences_count
        return super().__call__(document, sentences_count)

    def _compute_ratings(self, sentences):
        word_freq = self.compute_tf(sentences)
        remaining = list(sentences)
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        summary_words: list[str] = []
        ratings = {}
        for rank in range(min(self._wanted, len(remaining))):
            kls = [self._kl_divergence(self._joint_freq(w, summary_words), word_freq) for w in words]
            best = kls.index(min(kls))
            chosen = remaining.pop(best)
            del words[best]
            summary_words.extend(chosen.words)
            ratings[chosen] = -rank
        for sentence in remaining:
            ratings.setdefault(sentence, -len(sentences))  # a same-text pick keeps its rank
        return ratings


class SeededRandomSummarizer(AbstractSummarizer):
    """Random choice, reproducible: a baseline to compare the others against."""

    def __init__(self, stemmer=null_stemmer, seed: int = RANDOM_SEED):
        super().__init__(stemmer)
        self.seed = seed

    def __call__(self, document, sentences_count):
        order = list(range(len(document.sentences)))
        random.Random(self.seed).shuffle(order)
        ratings = dict(zip(document.sentences, order, strict=True))
        return self._get_best_sentences(document.sentences, sentences_count, ratings)


class LeadSummarizer(AbstractSummarizer):
    """The first sentences of the body: on news, a strong reference."""

    def __call__(self, document, sentences_count):
        n = len(document.sentences)
        ratings = {s: n - i for i, s in enumerate(document.sentences)}
        return self._get_best_sentences(document.sentences, sentences_count, ratings)


# The implementation of each name in ``algorithms.NAMES``, in that order.
ALGORITHMS: dict[str, type[AbstractSummarizer]] = dict(
    zip(
        algorithm_names.NAMES,
        (
            FastLexRankSummarizer,
            FastTextRankSummarizer,
            LsaSummarizer,
            LuhnSummarizer,
            EdmundsonSummarizer,
            TopKLSummarizer,
            SumBasicSummarizer,
            ReductionSummarizer,
            SeededRandomSummarizer,
            LeadSummarizer,
        ),
        strict=True,
    )
)
# Past these sizes sumy's own code is too slow for a request: refuse clearly.
MAX_SENTENCES = {"lsa": 3000, "luhn": 5000, "edmundson": 5000, "sum-basic": 1500, "reduction": 600, "kl": 3000}
MAX_SENTENCES_DEFAULT = 20000


def make_summarizer(algorithm: str, language: str, title: str | None = None) -> AbstractSummarizer:
    """A configured sumy summarizer for ``language`` (stemmer, stop and cue words)."""
    try:
        cls = ALGORITHMS[algorithm]
    except KeyError:
        raise SummaryError(
            messages.UNKNOWN_ALGORITHM(name=algorithm, names=", ".join(ALGORITHMS)), "algorithm"
        ) from None
    summarizer = cls(stemmer(language))
    words = stop_words(language)
    if hasattr(summarizer, "stop_words"):
        summarizer.stop_words = words
    if isinstance(summarizer, EdmundsonSummarizer):
        tokenizer = OfflineTokenizer(language)
        title_words = [w for w in tokenizer.to_words(title or "") if w.lower() not in words]
        summarizer.bonus_words = title_words + BONUS_WORDS.get(language, "").split()
        summarizer.stigma_words = STIGMA_WORDS.get(language, "").split() or ["_"]
        summarizer.null_words = sorted(words) or ["_"]
    return summarizer


def summarize(
    candidates: Sequence[Candidate],
    language: str,
    algorithm: str = DEFAULT_ALGORITHM,
    length: int | str | None = None,
    title: str | None = None,
    headings: Sequence[str] = (),
    tracker: Tracker = NO_LIMIT,
) -> list[int]:
    """Indices (from ``candidates``) of the chosen sentences, in document order; ``tracker``'s deadline checked
    inside the long loops."""
    if not candidates:
        raise SummaryError(messages.SUMMARY_NO_BODY(), "text")
    count = parse_length(length, len(candidates))
    summarizer = make_summarizer(algorithm, language, title)
    if hasattr(summarizer, "tracker"):
        summarizer.tracker = tracker
    limit = MAX_SENTENCES.get(algorithm, MAX_SENTENCES_DEFAULT)
    if len(candidates) > limit:
        raise SummaryError(
            messages.SUMMARY_TOO_LONG(algorithm=algorithm, limit=limit, count=len(candidates)), "algorithm"
        )
    tokenizer = OfflineTokenizer(language)
    document, owners = sumy_document(candidates, tokenizer, title, headings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # LSA's "fewer words than sentences" note
        chosen = summarizer(document, count)
    by_identity = {id(s): owners[i] for i, s in enumerate(document.sentences)}
    return sorted(by_identity[id(s)] for s in chosen)


def sumy_document(
    candidates: Sequence[Candidate], tokenizer: OfflineTokenizer, title: str | None, headings: Sequence[str]
) -> tuple[ObjectDocumentModel, list[int]]:
    """A sumy document with one paragraph per body paragraph, title as heading."""
    paragraphs: list[Paragraph] = []
    owners: list[int] = []
    groups: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(candidate.paragraph, []).append(candidate)
    heading_sentences = [
        SumySentence(h, tokenizer, is_heading=True) for h in ([title] if title else []) + list(headings)
    ]
    for number, (_, group) in enumerate(sorted(groups.items())):
        sentences = [SumySentence(c.text, tokenizer) for c in group]
        owners.extend(c.index for c in group)
        paragraphs.append(Paragraph((heading_sentences if number == 0 else []) + sentences))
    return ObjectDocumentModel(paragraphs), owners
