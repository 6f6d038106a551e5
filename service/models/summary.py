"""Summaries: the methods' names, what a length means, and one language's chosen sentences.

Cheap to import on purpose: sumy pulls in NLTK (about a second of imports),
and the pipeline, the CLI and the batch workers need only these definitions
to validate a request; sumy is loaded when a summary is actually computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import Field

from service import messages
from service.errors import SummaryError
from service.messages import Message
from service.models.base import Model

NAMES = ("lex-rank", "text-rank", "lsa", "luhn", "edmundson", "kl", "sum-basic", "reduction", "random", "lead")
DEFAULT = NAMES[0]
DEFAULT_LENGTH = "20%"
MIN_DEFAULT_SENTENCES = 3  # a ratio never yields fewer than this (when the body has them)
# aligned: chosen on the source and projected; native: chosen in each language.
ALIGNED, NATIVE = SUMMARY_MODES = ("aligned", "native")
DEFAULT_SUMMARY_MODE = ALIGNED


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
        raise SummaryError(messages.BAD_LENGTH(value=raw), "length") from None
    return min(count, available)


class Summary(Model):
    """Chosen sentences (indices into the article's sentences) in one language."""

    language: str
    mode: str = Field(json_schema_extra={"enum": list(SUMMARY_MODES)})
    indices: list[int] = Field(default_factory=list)
    sentences: list[str] = Field(default_factory=list)
    error: str | None = None
    notice: Message | None = Field(default=None, description="The error as a message id and parameters.")
