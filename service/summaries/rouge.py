"""ROUGE scores of summaries against a reference, safe for accented text.

rouge-score's default tokenizer keeps only [a-z0-9], so "française" becomes
"fran aise" and French scores are meaningless; ours keeps every letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from service.summaries.summarizers import OfflineTokenizer, stemmer

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
METRICS = ("rouge1", "rouge2", "rougeL")


class AccentSafeTokenizer:
    """rouge-score tokenizer: lower-cased words with accents kept, elisions split."""

    def __init__(self, language: str = "fr", stem: bool = True):
        self._elisions = OfflineTokenizer(language)
        self._stem = stemmer(language) if stem else (lambda w: w)

    def tokenize(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFC", text.lower())
        words = [self._elisions.strip_elision(w) for w in re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text)]
        return [self._stem(t) for w in words for t in _TOKEN.findall(w)]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one ROUGE metric."""

    precision: float
    recall: float
    f1: float


def rouge(summary: str, reference: str, language: str = "fr") -> dict[str, Score]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of ``summary`` against ``reference``."""
    try:
        from rouge_score import rouge_scorer
    except ImportError:  # an optional part: the `eval` extra (scripts/test installs it)
        raise RuntimeError(
            "ROUGE needs the rouge-score package: pip install 'offline-news-translate[eval]' (or scripts/setup --dev)"
        ) from None

    scorer = rouge_scorer.RougeScorer(list(METRICS), tokenizer=AccentSafeTokenizer(language))
    scores = scorer.score(reference, summary)
    return {m: Score(round(s.precision, 4), round(s.recall, 4), round(s.fmeasure, 4)) for m, s in scores.items()}
