"""The one small protocol every translation engine implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from service.models.translation import Translated


class EngineError(RuntimeError):
    """An engine failed on a request (crash, timeout, misaligned output)."""


class EngineUnavailable(EngineError):
    """The engine is not installed or has no usable model for the pair."""


@dataclass
class EngineStatus:
    """What an engine can do now, for /health and `models list`."""

    name: str
    available: bool
    pairs: list[tuple[str, str]] = field(default_factory=list)
    detail: str = ""
    problems: list[str] = field(default_factory=list)


@runtime_checkable
class Engine(Protocol):
    """A translation engine: a set of pairs and a batch translate call.

    ``translate`` takes all sentences of a request at once so engines can
    batch (one CTranslate2 call, one Apertium process per hop) and must
    return exactly one result per input sentence, in order.
    """

    name: str
    # Whether the engine passes an unknown word through untouched, so placeholders survive it
    # (rule-based engines do; neural ones rewrite them).
    keeps_unknown_words: bool

    def pairs(self) -> set[tuple[str, str]]:
        """(source, target) ISO 639-1 pairs this engine can translate now."""
        ...

    def model_id(self, source: str, target: str) -> str:
        """Identifier of the model and version used for a pair (cache key)."""
        ...

    def translate(self, sentences: list[str], source: str, target: str) -> list[Translated]:
        """Translate ``sentences`` one to one."""
        ...

    def status(self) -> EngineStatus:
        """Availability, pairs and any problems found while discovering models."""
        ...
