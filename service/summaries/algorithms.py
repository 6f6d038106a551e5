"""Summary options that are cheap to import: names, lengths, candidates, errors.

sumy pulls in NLTK (about a second of imports). The pipeline, the CLI and the
batch workers need only these definitions to validate a request; sumy is
loaded when a summary is actually computed (batch workers load it in the
background while their first articles are being translated).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NAMES = ("lex-rank", "text-rank", "lsa", "luhn", "edmundson", "kl", "sum-basic", "reduction", "random", "lead")
DEFAULT = NAMES[0]
DEFAULT_LENGTH = "20%"
MIN_DEFAULT_SENTENCES = 3  # a ratio never yields fewer than this (when the body has them)


class SummaryError(ValueError):
    """A summary request that cannot be served; ``field`` names what to fix."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Candidate:
    """A sentence a summary may use, and the paragraph it belongs to."""

    index: int  # position in the caller's sentence list
    text: str
    paragraph: int


def parse_length(length: int | str | None, available: int) -> int:
    """Sentence count for "3", 3 or "20%" of ``available`` body sentences."""
    raw = DEFAULT_LENGTH if length in (None, "") else str(length).strip()
    try:
        if raw.endswith("%"):
            ratio = float(raw[:-1])
            if not 0 < ratio <= 100:
                raise ValueError
            count = max(MIN_DEFAULT_SENTENCES, math.ceil(available * ratio / 100))
        else:
            count = int(raw)
            if count < 1:
                raise ValueError
    except ValueError:
        raise SummaryError(
            f"length must be a sentence count such as 3 or a ratio such as 20%, not {raw!r}", "length"
        ) from None
    return min(count, available)
